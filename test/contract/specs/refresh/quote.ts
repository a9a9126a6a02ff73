/**
 * Quoting operations out of a whole OpenAPI document: the path items asked for (path-level parameters with them),
 * and every component they reach, transitively. Nothing is derived; each read is noted for the provenance.
 */
import { atPointer, clone, obj, refsIn, type JsonObject } from "./json";
import type { Source } from "./source";

/** An operation by its path template and lower-case method. */
export type OperationRef = readonly [path: string, method: string];

/** The quoted path items and the components they reach, by kind (`schemas`, `responses`, …). */
export interface Quoted {
  paths: JsonObject;
  components: Record<string, JsonObject>;
}

/** Quotes `operations` of `doc` (read from `file` of `spec`). */
export function quoteOperations(
  doc: JsonObject,
  file: string,
  operations: readonly OperationRef[],
  spec: Source,
): Quoted {
  const paths: JsonObject = {};
  for (const [path, method] of operations) {
    const item = obj(obj(doc.paths, "paths")[path], path);
    const op = clone(obj(item[method], `${method.toUpperCase()} ${path}`));
    paths[path] = {
      ...(paths[path] as JsonObject | undefined),
      [method]: op,
      ...(item.parameters ? { parameters: clone(item.parameters) } : {}),
    };
    spec.note(file, `paths["${path}"].${method}`);
  }
  const components: Record<string, JsonObject> = {};
  const pending = [...refsIn(paths)];
  for (let ref = pending.pop(); ref !== undefined; ref = pending.pop()) {
    const [, kind = "", name = ""] = /^#\/components\/([^/]+)\/(.+)$/.exec(ref) ?? [];
    if (!kind || !name) throw new Error(`${file}: unsupported $ref ${ref}`);
    const bucket = (components[kind] ??= {});
    if (name in bucket) continue;
    bucket[name] = clone(atPointer(doc, ref.slice(1), ref));
    spec.note(file, `components.${kind}.${name}`);
    pending.push(...refsIn(bucket[name]));
  }
  return { paths, components };
}
