/**
 * Parsers for SuperOffice's generated reference pages: the REST markdown (front matter, headed sections, pipe
 * tables, fenced blocks) and the SOAP sample XML (flat `<AI:Name xsi:type="...">value</AI:Name>` elements, nested
 * one level per carrier). They accept only those generated shapes and throw on anything else.
 */
import type { Json, JsonObject } from "./json";

/** Text under the first heading that starts with `heading` (any level), up to the next heading of that level or above. */
export function section(text: string, heading: string): string {
  const lines = text.split("\n");
  const at = lines.findIndex((l) => /^#+ /.test(l) && l.replace(/^#+ /, "").startsWith(heading));
  if (at < 0) throw new Error(`no section "${heading}"`);
  const level = /^#+/.exec(lines[at] ?? "")?.[0].length ?? 0;
  const rest = lines.slice(at + 1);
  const end = rest.findIndex((l) => {
    const m = /^(#+) /.exec(l);
    return m?.[1] !== undefined && m[1].length <= level;
  });
  return (end < 0 ? rest : rest.slice(0, end)).join("\n");
}

/** The rows of the first pipe table in `text`, as cells keyed by header name (cells trimmed). */
export function table(text: string): Record<string, string>[] {
  const lines = text.split("\n");
  const first = lines.findIndex((l) => l.trim().startsWith("|"));
  const after = lines.findIndex((l, i) => i > first && !l.trim().startsWith("|"));
  const rows = lines.slice(first, after < 0 ? undefined : after).map((l) =>
    l
      .trim()
      .replace(/^\||\|$/g, "")
      .split("|")
      .map((c) => c.trim()),
  );
  const [header, rule, ...body] = rows;
  if (header === undefined || rule === undefined || !rule.every((c) => /^-+$/.test(c))) throw new Error("no table");
  return body.map((cells) => Object.fromEntries(header.map((h, i) => [h, cells[i] ?? ""])));
}

/** Contents of the fenced blocks of language `lang`, in order. */
export function fenced(text: string, lang: string): string[] {
  return [...text.matchAll(new RegExp("```" + lang + "\\n([\\s\\S]*?)```", "g"))].map((m) => m[1] ?? "");
}

/** The `title:` of the YAML front matter. */
export function title(text: string): string {
  const m = /^---\n[\s\S]*?^title: (.*)$[\s\S]*?^---$/m.exec(text);
  if (m?.[1] === undefined) throw new Error("no front-matter title");
  return m[1].trim();
}

export interface XmlElement {
  name: string;
  type: string;
  text?: string;
  children?: XmlElement[];
}

/** The children of `<AI:{parent} ...>` in a SOAP sample, one element per line as SuperOffice generates them. */
export function soapChildren(xml: string, parent: string): XmlElement[] {
  const lines = xml.split("\n").map((l) => l.trim());
  const start = lines.findIndex((l) => l.startsWith(`<AI:${parent}>`) || l.startsWith(`<AI:${parent} `));
  if (start < 0) throw new Error(`no <AI:${parent}> element`);
  const stack: XmlElement[][] = [[]];
  for (const line of lines.slice(start + 1)) {
    if (line === "" || line === `</AI:${parent}>`) {
      if (line !== "") break;
      continue;
    }
    const leaf = /^<AI:(\w+) xsi:type="([^"]+)">([^<]*)<\/AI:\1>$/.exec(line);
    const open = /^<AI:(\w+) xsi:type="([^"]+)">$/.exec(line);
    const close = /^<\/AI:(\w+)>$/.exec(line);
    const top = stack[stack.length - 1];
    if (top === undefined) throw new Error("unbalanced SOAP sample");
    if (leaf) top.push({ name: leaf[1] ?? "", type: leaf[2] ?? "", text: leaf[3] ?? "" });
    else if (open) {
      const children: XmlElement[] = [];
      top.push({ name: open[1] ?? "", type: open[2] ?? "", children });
      stack.push(children);
    } else if (close) stack.pop();
    else throw new Error(`unexpected SOAP sample line: ${line}`);
  }
  return stack[0] ?? [];
}

/** A SOAP sample element as the JSON the REST endpoint carries (xsd scalars typed, carriers as objects). */
export function soapToJson(elements: XmlElement[]): JsonObject {
  const out: JsonObject = {};
  for (const e of elements) {
    let v: Json;
    if (e.children !== undefined) v = soapToJson(e.children);
    else if (e.type === "xsd:int") v = Number(e.text);
    else if (e.type === "xsd:boolean") v = e.text === "true";
    else if (e.type === "xsd:string" || e.type === "xsd:dateTime") v = e.text ?? "";
    else throw new Error(`no JSON for SOAP type ${e.type}`);
    out[e.name] = v;
  }
  return out;
}
