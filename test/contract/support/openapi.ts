/**
 * A vendored OpenAPI fragment (test/contract/specs) turned into real validators: ajv compiles the documented schemas;
 * requests are matched to a documented operation (method and path template) and checked (path parameters, query,
 * body, auth header); replies are checked against the response documented for their status.
 */
import { readFileSync } from "node:fs";
import Ajv, { type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import type { Exchange } from "./recorder";
import { findFragment } from "../specs/location";

/** The vendors with a vendored specification. */
export type SpecVendor = "digitalocean" | "cloudflare" | "groundx" | "superoffice" | "openai" | "pinecone" | "bedrock";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Obj = { [key: string]: Json };

const isObj = (v: Json | undefined): v is Obj => v !== null && typeof v === "object" && !Array.isArray(v);

/** OpenAPI 3.0's schema dialect as JSON Schema: `nullable` becomes a null alternative; refs stay internal. */
function toJsonSchema(node: Json): Json {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (!isObj(node)) return node;
  const out: Obj = {};
  for (const [k, v] of Object.entries(node)) out[k] = toJsonSchema(v);
  if (out.nullable === true) {
    delete out.nullable;
    return { anyOf: [out, { type: "null" }] };
  }
  return out;
}

/** A problem found, as `where: what`. */
export type Problem = string;

/** One documented operation. */
interface Operation {
  method: string;
  template: string;
  pattern: RegExp;
  names: string[];
  op: Obj;
}

/** One vendor's fragment, loaded and compiled. */
export class Spec {
  readonly doc: Obj;
  private readonly ajv: Ajv;
  private readonly operations: Operation[] = [];
  private readonly cache = new Map<string, ValidateFunction>();

  constructor(readonly vendor: SpecVendor) {
    const found = findFragment(vendor);
    if (found.status !== "found") throw new Error(found.message);
    const file = found.file;
    this.doc = toJsonSchema(JSON.parse(readFileSync(file, "utf8")) as Json) as Obj;
    this.ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
    addFormats(this.ajv);
    // OpenAPI's integer formats, which DigitalOcean also puts on strings (uint64 counts travel as text).
    for (const f of ["int32", "int64", "uint32", "uint64"]) this.ajv.addFormat(f, { validate: /^-?\d+$/ });
    // OpenAI's `unixtime`: whole seconds since the epoch, on integers.
    this.ajv.addFormat("unixtime", { type: "number", validate: (n: number) => Number.isInteger(n) && n >= 0 });
    // The whole document is one schema resource, so `#/components/...` refs resolve inside it.
    this.ajv.addSchema(this.doc, "spec");
    const paths = isObj(this.doc.paths) ? this.doc.paths : {};
    for (const [template, item] of Object.entries(paths)) {
      if (!isObj(item)) continue;
      const names = [...template.matchAll(/\{([^}]+)\}/g)].map((m) => m[1] ?? "");
      const pattern = new RegExp(
        `^${template.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\\?\{[^}]+\\?\}/g, "([^/]+)")}$`,
      );
      for (const [method, op] of Object.entries(item)) {
        if (isObj(op) && ["get", "put", "post", "patch", "delete"].includes(method))
          this.operations.push({ method: method.toUpperCase(), template, pattern, names, op });
      }
    }
  }

  /** The documented operations, as `METHOD template`. */
  get operationNames(): string[] {
    return this.operations.map((o) => `${o.method} ${o.template}`);
  }

  private deref(node: Json | undefined): Json | undefined {
    let current = node;
    for (let i = 0; i < 20 && isObj(current) && typeof current.$ref === "string"; i++) {
      const parts = current.$ref.replace(/^#\//, "").split("/");
      let target: Json | undefined = this.doc;
      for (const p of parts) target = isObj(target) ? target[p.replace(/~1/g, "/").replace(/~0/g, "~")] : undefined;
      current = target;
    }
    return current;
  }

  private validator(pointer: string): ValidateFunction {
    let v = this.cache.get(pointer);
    if (!v) {
      v = this.ajv.compile({ $ref: `spec#${pointer}` } as object);
      this.cache.set(pointer, v);
    }
    return v;
  }

  private check(pointer: string, value: unknown, where: string): Problem[] {
    const v = this.validator(pointer);
    if (v(value)) return [];
    return (v.errors ?? []).map((e) => `${where}${e.instancePath || ""}: ${e.message ?? "invalid"}`);
  }

  /** The operation a request matches, with its path parameters. */
  match(method: string, path: string, base: string): { op: Operation; params: Record<string, string> } | undefined {
    const relative = path.startsWith(base) ? path.slice(base.length) : path;
    for (const op of this.operations) {
      if (op.method !== method) continue;
      const m = op.pattern.exec(relative);
      if (m) return { op, params: Object.fromEntries(op.names.map((n, i) => [n, decodeURIComponent(m[i + 1] ?? "")])) };
    }
    return undefined;
  }

  private escape(s: string): string {
    return s.replace(/~/g, "~0").replace(/\//g, "~1");
  }

  /** Every problem with a request, or [] when it matches a documented operation in every part. */
  checkRequest(x: Exchange, base: string): Problem[] {
    const found = this.match(x.method, x.path, base);
    if (!found) return [`${x.method} ${x.path}: no documented operation`];
    const { op, params } = found;
    const opPointer = `/paths/${this.escape(op.template)}/${op.method.toLowerCase()}`;
    const problems: Problem[] = [];
    const declared = [...(Array.isArray(op.op.parameters) ? op.op.parameters : [])].map((p, i) => ({
      p: this.deref(p),
      i,
    }));
    for (const { p, i } of declared) {
      if (!isObj(p) || typeof p.name !== "string") continue;
      const value =
        p.in === "path" ? params[p.name] : p.in === "query" ? (x.query.get(p.name) ?? undefined) : undefined;
      if (value === undefined) {
        if (p.required === true && p.in !== "header") problems.push(`${p.in as string} parameter ${p.name}: missing`);
        continue;
      }
      if (!isObj(p.schema)) continue;
      const typed =
        isObj(p.schema) && (p.schema.type === "integer" || p.schema.type === "number") ? Number(value) : value;
      const at = this.resolvedPointer((op.op.parameters as Json[])[i], `${opPointer}/parameters/${i}`, "");
      problems.push(...this.check(`${at}/schema`, typed, `${p.in as string} parameter ${p.name}`));
    }
    for (const name of x.query.keys()) {
      if (!declared.some(({ p }) => isObj(p) && p.name === name && p.in === "query"))
        problems.push(`query parameter ${name}: not documented`);
    }
    const body = this.deref(op.op.requestBody);
    const media = isObj(body) && isObj(body.content) ? body.content["application/json"] : undefined;
    if (x.body !== undefined && x.body !== "") {
      if (!isObj(media) || media.schema === undefined) problems.push("request body: the operation documents none");
      else {
        const pointer = `${this.resolvedPointer(op.op.requestBody, `${opPointer}/requestBody`, "")}/content/application~1json/schema`;
        problems.push(...this.check(pointer, JSON.parse(x.body) as unknown, "request body"));
      }
    } else if (isObj(body) && body.required === true) problems.push("request body: required, none sent");
    return problems;
  }

  /** A pointer through a possibly referenced node. */
  private resolvedPointer(node: Json | undefined, direct: string, tail: string): string {
    if (isObj(node) && typeof node.$ref === "string") return `${node.$ref.replace(/^#/, "")}${tail}`;
    return direct;
  }

  /** The documented response for a status: exact, then `4XX`-style, then `default` (`key` says which). */
  responseFor(
    x: Pick<Exchange, "method" | "path">,
    status: number,
    base: string,
  ): { pointer: string; node: Obj; key: string } | undefined {
    const found = this.match(x.method, x.path, base);
    if (!found) return undefined;
    const responses = found.op.op.responses;
    if (!isObj(responses)) return undefined;
    const opPointer = `/paths/${this.escape(found.op.template)}/${found.op.method.toLowerCase()}/responses`;
    for (const key of [String(status), `${String(status)[0] ?? ""}XX`, "default"]) {
      const raw = responses[key];
      const node = this.deref(raw);
      if (isObj(node)) return { pointer: this.resolvedPointer(raw, `${opPointer}/${key}`, ""), node, key };
    }
    return undefined;
  }

  /** Every problem with a reply, or [] when its status is documented and its body fits the documented schema. */
  checkReply(x: Exchange, base: string): Problem[] {
    if (x.status === undefined) return [];
    const documented = this.responseFor(x, x.status, base);
    if (!documented) return [`${x.method} ${x.path} → ${x.status}: status not documented`];
    const media = isObj(documented.node.content) ? documented.node.content["application/json"] : undefined;
    if (!isObj(media) || media.schema === undefined) return [];
    let body: unknown;
    try {
      body = x.replyBody === "" ? undefined : (JSON.parse(x.replyBody) as unknown);
    } catch {
      return [`${x.method} ${x.path} → ${x.status}: body is not JSON`];
    }
    return this.check(
      `${documented.pointer}/content/application~1json/schema`,
      body,
      `${x.method} ${x.path} → ${x.status} body`,
    );
  }

  /**
   * Problems with a request's credentials header: it must satisfy one of the operation's (or the document's) security
   * requirements; with none declared, any documented scheme. A fragment that declares no scheme checks nothing.
   */
  checkAuth(x: Exchange): Problem[] {
    const schemes =
      isObj(this.doc.components) && isObj(this.doc.components.securitySchemes)
        ? this.doc.components.securitySchemes
        : {};
    const names = Object.keys(schemes);
    if (names.length === 0) return [];
    const op = this.match(x.method, x.path, "")?.op.op ?? this.operations.find((o) => o.method === x.method)?.op;
    const declared =
      (op && Array.isArray(op.security)
        ? op.security
        : Array.isArray(this.doc.security)
          ? this.doc.security
          : undefined) ?? names.map((n) => ({ [n]: [] }));
    const satisfied = (name: string): boolean => {
      const scheme = schemes[name];
      if (!isObj(scheme)) return false;
      if (scheme.type === "http" && typeof scheme.scheme === "string") {
        const auth = x.headers.authorization ?? "";
        return auth.toLowerCase().startsWith(`${scheme.scheme.toLowerCase()} `);
      }
      if (scheme.type === "apiKey" && scheme.in === "header" && typeof scheme.name === "string")
        return (x.headers[scheme.name.toLowerCase()] ?? "") !== "";
      return false;
    };
    // A requirement names every scheme that must be present together (Cloudflare's legacy key and email).
    const ok = declared.some((req) => isObj(req) && Object.keys(req).every(satisfied));
    return ok ? [] : [`no documented credential scheme satisfied (declared: ${JSON.stringify(declared)})`];
  }

  /** Problems of documented examples that do not fit the schema they illustrate. */
  checkExamples(): Problem[] {
    return this.examples().flatMap((e) =>
      this.check(`${e.pointer}/content/application~1json/schema`, e.value, e.where),
    );
  }

  /** Every documented example of a response body, with where it is documented. */
  examples(): { where: string; status: string; value: unknown; pointer: string }[] {
    const out: { where: string; status: string; value: unknown; pointer: string }[] = [];
    for (const op of this.operations) {
      const responses = op.op.responses;
      if (!isObj(responses)) continue;
      for (const [status, raw] of Object.entries(responses)) {
        const node = this.deref(raw);
        const media = isObj(node) && isObj(node.content) ? node.content["application/json"] : undefined;
        if (!isObj(media)) continue;
        const where = `${op.method} ${op.template} → ${status}`;
        const opPointer = `/paths/${this.escape(op.template)}/${op.method.toLowerCase()}/responses/${status}`;
        const pointer = this.resolvedPointer(raw, opPointer, "");
        if (media.example !== undefined) out.push({ where, status, value: media.example, pointer });
        if (isObj(media.examples))
          for (const [name, ex] of Object.entries(media.examples)) {
            const e = this.deref(ex);
            if (isObj(e) && e.value !== undefined)
              out.push({ where: `${where} (${name})`, status, value: e.value, pointer });
          }
      }
    }
    return out;
  }
}
