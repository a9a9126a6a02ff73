/**
 * OpenAI: the two file-batch operations the adapter uses, quoted from openai/openai-openapi `openapi.json` with every
 * component they reach (schemas, responses), the bearer security scheme and the server. Nothing is derived.
 */
import { atPointer, clone, isObject, obj, parseJson, refsIn, str, type JsonObject } from "./json";
import type { Source } from "./source";

const SPEC = "openapi.json";
const BATCH = "/vector_stores/{vector_store_id}/file_batches/{batch_id}";
const OPERATIONS: readonly (readonly [path: string, method: string])[] = [
  [BATCH, "get"],
  [`${BATCH}/cancel`, "post"],
];

export function openai(spec: Source): JsonObject {
  const doc = obj(parseJson(spec.read(SPEC), SPEC), SPEC);
  const paths: JsonObject = {};
  for (const [path, method] of OPERATIONS) {
    const item = obj(obj(doc.paths, "paths")[path], path);
    // Path-level parameters travel with the operation they apply to.
    const op = clone(obj(item[method], `${method.toUpperCase()} ${path}`));
    paths[path] = {
      ...(paths[path] as JsonObject | undefined),
      [method]: op,
      ...(item.parameters ? { parameters: clone(item.parameters) } : {}),
    };
    spec.note(SPEC, `paths["${path}"].${method}`);
  }
  const components: Record<string, JsonObject> = {};
  const pending = [...refsIn(paths)];
  for (let ref = pending.pop(); ref !== undefined; ref = pending.pop()) {
    const [, kind = "", name = ""] = /^#\/components\/([^/]+)\/(.+)$/.exec(ref) ?? [];
    if (!kind || !name) throw new Error(`${SPEC}: unsupported $ref ${ref}`);
    const bucket = (components[kind] ??= {});
    if (name in bucket) continue;
    bucket[name] = clone(atPointer(doc, ref.slice(1), ref));
    spec.note(SPEC, `components.${kind}.${name}`);
    pending.push(...refsIn(bucket[name]));
  }
  const schemes = obj(obj(doc.components, "components").securitySchemes, "securitySchemes");
  spec.note(SPEC, "openapi, info, servers, security, components.securitySchemes");
  const info = obj(doc.info, "info");
  return {
    openapi: str(doc.openapi, "openapi"),
    info: { ...info, title: `${str(info.title, "title")}: vector store file batches (fragment)` },
    servers: isObject(doc) && Array.isArray(doc.servers) ? doc.servers : [],
    security: Array.isArray(doc.security) ? doc.security : [],
    paths,
    components: { ...components, securitySchemes: schemes },
  };
}
