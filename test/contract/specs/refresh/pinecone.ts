/**
 * Pinecone: the bulk-import operations of the data plane and describe_index of the control plane, quoted from
 * pinecone-io/pinecone-api's two documents of one API version, with every component they reach and the `Api-Key`
 * scheme. The planes have different servers: each data-plane path item carries the data plane's `servers` (an
 * OpenAPI 3.0 path-level override), so one fragment holds both. Nothing is derived.
 */
import { isDeepStrictEqual } from "node:util";
import { parse } from "yaml";
import { arr, obj, str, toJson, type JsonObject } from "./json";
import { quoteOperations, type OperationRef } from "./quote";
import type { Source } from "./source";

/** The API version the adapter names (provider/vendors/pinecone.ts API_VERSION). */
const VERSION = "2026-04";
const DATA = `${VERSION}/db_data_${VERSION}.oas.yaml`;
const CONTROL = `${VERSION}/db_control_${VERSION}.oas.yaml`;
const DATA_OPERATIONS: readonly OperationRef[] = [
  ["/bulk/imports", "get"],
  ["/bulk/imports/{id}", "get"],
  ["/bulk/imports/{id}", "delete"],
];
const CONTROL_OPERATIONS: readonly OperationRef[] = [["/indexes/{index_name}", "get"]];

function read(spec: Source, file: string): JsonObject {
  return obj(toJson(parse(spec.read(file))), file);
}

export function pinecone(spec: Source): JsonObject {
  const data = read(spec, DATA);
  const control = read(spec, CONTROL);
  // The repository has no LICENSE file; both documents declare theirs in `info.license`.
  for (const [file, doc] of [
    [DATA, data],
    [CONTROL, control],
  ] as const) {
    const name = str(obj(obj(doc.info, "info").license, `${file} info.license`).name, "license.name");
    if (name !== "Apache 2.0") throw new Error(`${file}: unexpected licence ${name}`);
    spec.note(file, "info.license");
  }
  spec.declareLicense("Apache-2.0");
  const fromData = quoteOperations(data, DATA, DATA_OPERATIONS, spec);
  const fromControl = quoteOperations(control, CONTROL, CONTROL_OPERATIONS, spec);
  const dataServers = arr(data.servers, `${DATA} servers`);
  for (const item of Object.values(fromData.paths)) obj(item, "path item").servers = dataServers;
  spec.note(DATA, "servers (on each data-plane path item), components.securitySchemes.ApiKeyAuth, security");
  spec.note(CONTROL, "openapi, info, servers, security");

  // Both documents name their own components; one name meaning two things would make the fragment lie.
  const components: Record<string, JsonObject> = {};
  for (const part of [fromControl.components, fromData.components]) {
    for (const [kind, bucket] of Object.entries(part)) {
      const into = (components[kind] ??= {});
      for (const [name, value] of Object.entries(bucket)) {
        if (name in into && !isDeepStrictEqual(into[name], value))
          throw new Error(`components.${kind}.${name} differs between ${DATA} and ${CONTROL}`);
        into[name] = value;
      }
    }
  }
  const schemes = obj(obj(data.components, "components").securitySchemes, "securitySchemes");
  const info = obj(control.info, "info");
  return {
    openapi: str(control.openapi, "openapi"),
    info: { ...info, title: `Pinecone ${VERSION}: describe_index and bulk imports (fragment)` },
    servers: arr(control.servers, `${CONTROL} servers`),
    security: arr(data.security, `${DATA} security`),
    paths: { ...fromControl.paths, ...fromData.paths },
    components: { ...components, securitySchemes: schemes },
  };
}
