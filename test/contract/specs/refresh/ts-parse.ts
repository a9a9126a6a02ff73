/**
 * Small, explicit parsers for the generated TypeScript SDK files the specs are partly derived from (Fern's GroundX
 * SDK, Stainless' Cloudflare SDK). They read only the regular shapes those generators emit and throw on anything else.
 */
import type { Json, JsonObject } from "./json";

export interface TsProp {
  name: string;
  optional: boolean;
  /** The declared type without a trailing `| undefined`. */
  type: string;
  doc: string;
}

/** The string values of `export const NAME = { Key: "value", ... } as const;`. */
export function constEnum(text: string, name: string): string[] {
  const m = new RegExp(`export const ${name} = \\{([^}]*)\\} as const;`).exec(text);
  if (m?.[1] === undefined) throw new Error(`no const enum ${name}`);
  return [...m[1].matchAll(/^\s*\w+:\s*"([^"]*)",?\s*$/gm)].map((x) => x[1] ?? "");
}

/**
 * Every `interface NAME { ... }` (nested namespaces included) with its properties, by interface name. A name
 * declared more than once (in different namespaces) is left out, so asking for it fails instead of guessing.
 */
export function interfaces(text: string): Map<string, TsProp[]> {
  const out = new Map<string, TsProp[]>();
  const seen = new Set<string>();
  for (const m of text.matchAll(/interface (\w+)(?: extends [\w.<>, ]+)? \{([^{}]*)\}/g)) {
    const [, name = "", body = ""] = m;
    if (seen.has(name)) {
      out.delete(name);
      continue;
    }
    seen.add(name);
    const props: TsProp[] = [];
    for (const p of body.matchAll(/(?:\/\*\*([\s\S]*?)\*\/\s*)?(\w+)(\?)?: ([^;]+);/g)) {
      const [, doc = "", propName = "", optional, type = ""] = p;
      props.push({
        name: propName,
        optional: optional === "?",
        type: type.replace(/ \| undefined$/, ""),
        doc: docText(doc),
      });
    }
    out.set(name, props);
  }
  return out;
}

/** Text of a JSDoc body: leading `*` removed, lines joined, tags kept. */
export function docText(body: string): string {
  return body
    .split("\n")
    .map((l) => l.replace(/^\s*\*\s?/, "").trim())
    .filter((l) => l !== "")
    .join(" ")
    .trim();
}

/** The `/** ... *\/` block that ends right before `index` (whitespace between allowed). */
export function jsdocBefore(text: string, index: number): string {
  const head = text.slice(0, index).trimEnd();
  if (!head.endsWith("*/")) throw new Error("no JSDoc before the declaration");
  const start = head.lastIndexOf("/**");
  return head.slice(start + 3, head.length - 2);
}

/** Parses the JS object/array literal starting at `text[start]` (quoted or bare keys, trailing commas). */
export function literalAt(text: string, start: number): Json {
  const p = new LiteralParser(text, start);
  return p.value();
}

class LiteralParser {
  constructor(
    private readonly s: string,
    private i: number,
  ) {}

  private ws(): void {
    while (/\s/.test(this.s[this.i] ?? "")) this.i++;
  }

  private fail(what: string): never {
    throw new Error(`object literal: ${what} at ${this.i}: ${JSON.stringify(this.s.slice(this.i, this.i + 20))}`);
  }

  value(): Json {
    this.ws();
    const c = this.s[this.i];
    if (c === "{") return this.object();
    if (c === "[") return this.array();
    if (c === '"' || c === "'") return this.string();
    const num = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/.exec(this.s.slice(this.i));
    if (num) {
      this.i += num[0].length;
      return Number(num[0]);
    }
    const word = /^(true|false|null)\b/.exec(this.s.slice(this.i));
    if (word?.[1] === undefined) return this.fail("unsupported value");
    this.i += word[1].length;
    return word[1] === "null" ? null : word[1] === "true";
  }

  private string(): string {
    const quote = this.s[this.i];
    let out = "";
    for (this.i++; this.s[this.i] !== quote; this.i++) {
      if (this.i >= this.s.length) this.fail("unterminated string");
      const c = this.s[this.i] ?? "";
      if (c !== "\\") out += c;
      else {
        this.i++;
        const e = this.s[this.i] ?? "";
        out += ({ n: "\n", t: "\t", r: "\r" } as Record<string, string>)[e] ?? e;
      }
    }
    this.i++;
    return out;
  }

  private key(): string {
    this.ws();
    const c = this.s[this.i];
    if (c === '"' || c === "'") return this.string();
    const m = /^[A-Za-z_$][\w$]*/.exec(this.s.slice(this.i));
    if (!m) return this.fail("expected a key");
    this.i += m[0].length;
    return m[0];
  }

  private punct(c: string): boolean {
    this.ws();
    if (this.s[this.i] !== c) return false;
    this.i++;
    return true;
  }

  private object(): JsonObject {
    const out: JsonObject = {};
    this.i++;
    while (!this.punct("}")) {
      const k = this.key();
      if (!this.punct(":")) this.fail("expected ':'");
      out[k] = this.value();
      if (!this.punct(",") && (this.ws(), this.s[this.i] !== "}")) this.fail("expected ',' or '}'");
    }
    return out;
  }

  private array(): Json[] {
    const out: Json[] = [];
    this.i++;
    while (!this.punct("]")) {
      out.push(this.value());
      if (!this.punct(",") && (this.ws(), this.s[this.i] !== "]")) this.fail("expected ',' or ']'");
    }
    return out;
  }
}
