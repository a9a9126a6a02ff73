/** JSON values, narrowing helpers, and the stable (sorted-key) form the vendored fragments are written in. */

export type Json = null | boolean | number | string | Json[] | JsonObject;
export interface JsonObject {
  [key: string]: Json;
}

export function isObject(v: Json | undefined): v is JsonObject {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

export function obj(v: Json | undefined, what: string): JsonObject {
  if (!isObject(v)) throw new Error(`${what}: expected an object`);
  return v;
}

export function arr(v: Json | undefined, what: string): Json[] {
  if (!Array.isArray(v)) throw new Error(`${what}: expected an array`);
  return v;
}

export function str(v: Json | undefined, what: string): string {
  if (typeof v !== "string") throw new Error(`${what}: expected a string`);
  return v;
}

/** Checks that a parsed value (YAML or JSON) is plain JSON data, and types it as such. */
export function toJson(v: unknown, where = "$"): Json {
  if (v === null || typeof v === "boolean" || typeof v === "string") return v;
  if (typeof v === "number") {
    if (!Number.isFinite(v)) throw new Error(`${where}: non-finite number`);
    return v;
  }
  if (Array.isArray(v)) return v.map((x: unknown, i) => toJson(x, `${where}[${i}]`));
  if (typeof v === "object") {
    const out: JsonObject = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) out[k] = toJson(x, `${where}.${k}`);
    return out;
  }
  throw new Error(`${where}: not JSON data (${typeof v})`);
}

export function parseJson(text: string, where: string): Json {
  return toJson(JSON.parse(text) as unknown, where);
}

export function clone<T extends Json>(v: T): T {
  return structuredClone(v);
}

/** Same value with every object's keys in code-unit order; arrays keep their order. */
export function sortKeys(v: Json): Json {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (!isObject(v)) return v;
  const out: JsonObject = {};
  for (const k of Object.keys(v).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) out[k] = sortKeys(v[k] ?? null);
  return out;
}

/** The node at a JSON pointer ("#/a/b", "/a/b" or "" for the whole document). */
export function atPointer(doc: Json, pointer: string, what: string): Json {
  const body = pointer.replace(/^#/, "");
  if (body === "") return doc;
  let node: Json | undefined = doc;
  for (const raw of body.slice(1).split("/")) {
    const key = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    node = Array.isArray(node) ? node[Number(key)] : isObject(node) ? node[key] : undefined;
    if (node === undefined) throw new Error(`${what}: no node at ${pointer}`);
  }
  return node;
}

/** Every `$ref` string in a value. */
export function refsIn(v: Json, out = new Set<string>()): Set<string> {
  if (Array.isArray(v)) for (const x of v) refsIn(x, out);
  else if (isObject(v))
    for (const [k, x] of Object.entries(v)) {
      if (k === "$ref" && typeof x === "string") out.add(x);
      else refsIn(x, out);
    }
  return out;
}

/** Appends to an enum the values it lacks, keeping the original order first. */
export function unionEnum(values: Json[], extra: readonly string[]): Json[] {
  return [...values, ...extra.filter((x) => !values.includes(x))];
}
