/**
 * OpenAI: the two file-batch operations the adapter uses, quoted from openai/openai-openapi `openapi.json` with every
 * component they reach (schemas, responses), the bearer security scheme and the server. Nothing is derived.
 */
import { isObject, obj, parseJson, str, type JsonObject } from "./json";
import { quoteOperations, type OperationRef } from "./quote";
import type { Source } from "./source";

const SPEC = "openapi.json";
const BATCH = "/vector_stores/{vector_store_id}/file_batches/{batch_id}";
const OPERATIONS: readonly OperationRef[] = [
  [BATCH, "get"],
  [`${BATCH}/cancel`, "post"],
];

export function openai(spec: Source): JsonObject {
  const doc = obj(parseJson(spec.read(SPEC), SPEC), SPEC);
  const { paths, components } = quoteOperations(doc, SPEC, OPERATIONS, spec);
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
