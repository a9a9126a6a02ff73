/**
 * DigitalOcean Gradient: the three indexing-job operations of digitalocean/openapi, every `$ref` they reach resolved
 * across files into `#/components/...`, and their curl samples inlined. Everything is quoted; nothing is derived.
 */
import { posix } from "node:path";
import { parse } from "yaml";
import { atPointer, isObject, obj, str, toJson, type Json, type JsonObject } from "./json";
import type { Source } from "./source";

const ROOT = "specification/DigitalOcean-public.v2.yaml";
const OPERATIONS: readonly (readonly [path: string, method: string])[] = [
  ["/v2/gen-ai/indexing_jobs/{uuid}", "get"],
  ["/v2/gen-ai/indexing_jobs/{uuid}/cancel", "put"],
  ["/v2/gen-ai/knowledge_bases/{knowledge_base_uuid}/indexing_jobs", "get"],
];

type Kind = "schemas" | "responses" | "headers" | "inline";

class Resolver {
  readonly components: Record<Exclude<Kind, "inline">, JsonObject> = { schemas: {}, responses: {}, headers: {} };
  private readonly origins = new Map<string, string>();
  private readonly files = new Map<string, Json>();

  constructor(private readonly src: Source) {}

  load(file: string): Json {
    let doc = this.files.get(file);
    if (doc === undefined) {
      doc = toJson(parse(this.src.read(file)), file);
      this.files.set(file, doc);
    }
    return doc;
  }

  /** Copies `node` (found in `file`) with its refs resolved; `kind` is what a `$ref` right here would point at. */
  walk(node: Json, file: string, kind: Kind, inSchema: boolean): Json {
    if (Array.isArray(node)) return node.map((x) => this.walk(x, file, kind, inSchema));
    if (!isObject(node)) return node;
    const ref = node.$ref;
    if (typeof ref === "string") return this.follow(ref, file, kind);
    const out: JsonObject = {};
    for (const [k, v] of Object.entries(node)) {
      if (!inSchema && (k === "responses" || k === "headers") && isObject(v)) {
        const mapKind = k === "responses" ? "responses" : "headers";
        out[k] = Object.fromEntries(Object.entries(v).map(([n, x]) => [n, this.walk(x, file, mapKind, false)]));
      } else if (k === "x-codeSamples") out[k] = this.walk(v, file, "inline", false);
      else out[k] = this.walk(v, file, kind === "inline" ? "inline" : "schemas", inSchema || k === "schema");
    }
    return out;
  }

  private follow(ref: string, file: string, kind: Kind): Json {
    const [filePart = "", pointer = ""] = ref.split("#");
    const target = filePart === "" ? file : posix.normalize(posix.join(posix.dirname(file), filePart));
    const node = atPointer(this.load(target), pointer, `${file}: ${ref}`);
    if (kind === "inline") {
      this.src.note(target, "x-codeSamples entry, inlined");
      return this.walk(node, target, "inline", false);
    }
    const name = pointer === "" ? posix.basename(target).replace(/\.ya?ml$/, "") : (pointer.split("/").pop() ?? "");
    const origin = `${target}#${pointer}`;
    const key = `${kind}/${name}`;
    const seen = this.origins.get(key);
    if (seen !== undefined && seen !== origin) throw new Error(`${key}: both ${seen} and ${origin}`);
    if (seen === undefined) {
      this.origins.set(key, origin);
      this.src.note(target, `${kind} ${name}`);
      this.components[kind][name] = {};
      this.components[kind][name] = this.walk(node, target, "schemas", kind === "schemas");
    }
    return { $ref: `#/components/${key}` };
  }
}

export function digitalocean(src: Source): JsonObject {
  const r = new Resolver(src);
  const root = obj(r.load(ROOT), ROOT);
  const info = obj(root.info, "info");
  const paths: JsonObject = {};
  for (const [path, method] of OPERATIONS) {
    const item = obj(obj(root.paths, "paths")[path], path);
    const file = posix.join(posix.dirname(ROOT), str(obj(item[method], `${method} ${path}`).$ref, "$ref"));
    const op = r.walk(r.load(file), file, "schemas", false);
    src.note(file, `${method.toUpperCase()} ${path} (operationId ${str(obj(op, file).operationId, "operationId")})`);
    const existing = paths[path];
    paths[path] = { ...(isObject(existing) ? existing : {}), [method]: op };
  }
  const schemes = obj(obj(root.components, "components").securitySchemes, "securitySchemes");
  src.note(ROOT, "openapi, info.title, info.version, servers, the operations' path items, securitySchemes.bearer_auth");
  return {
    openapi: str(root.openapi, "openapi"),
    info: {
      title: `${str(info.title, "title")}: gen-ai indexing jobs (fragment)`,
      version: str(info.version, "version"),
      license: info.license ?? null,
    },
    servers: root.servers ?? [],
    paths,
    components: { ...r.components, securitySchemes: { bearer_auth: schemes.bearer_auth ?? null } },
  };
}
