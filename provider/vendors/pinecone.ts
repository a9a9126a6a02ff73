/**
 * Pinecone bulk imports.
 * Cancel `DELETE /bulk/imports/{id}` (replying `{}`), status `GET /bulk/imports/{id}` (an `ImportModel`), list
 * `GET /bulk/imports?limit=&paginationToken=` (`{data, pagination.next}`), all on the index's own host; the host comes
 * from the `indexHost` input or from the control plane's `GET /indexes/{index_name}` (`IndexModel.host`). Headers
 * `Api-Key` and `X-Pinecone-Api-Version`. Sources: pinecone-io/pinecone-api `2026-04/db_data_2026-04.oas.yaml`
 * (operations listBulkImports, describeBulkImport, cancelBulkImport; schemas ImportModel, ListImportsResponse,
 * rpcStatus) and `2026-04/db_control_2026-04.oas.yaml` (describe_index, IndexModel, ErrorResponse); the control-plane
 * override `PINECONE_CONTROLLER_HOST` is the one Pinecone's Python, TypeScript and Go clients read.
 * @internal
 * @packageDocumentation
 */
import { z } from "zod";
import type { CallContext, VendorAdapter } from "../adapter";
import { ResponseShapeError } from "../errors";
import type { JobStatus, Phase } from "../model";
import { listAll } from "../http/paging";
import { callTo, found, NOT_FOUND, segment, vendorCall } from "../http/vendor-call";
import { dataPlane, errors, headers, hostUrl } from "./pinecone-plane";
export { API_VERSION, indexSchema } from "./pinecone-plane";
import { documented, secretField } from "../inputs/inputs";

/** `limit` is at most 100 (listBulkImports). */
const PAGE_SIZE = 100;
/** The most list pages read for the selector form: 2,000 imports. */
export const MAX_PAGES = 20;

/** Every documented `ImportModel.status`, normalized. */
export const STATUSES = {
  Pending: "pending",
  InProgress: "running",
  Completed: "succeeded",
  Failed: "failed",
  Cancelled: "cancelled",
} as const satisfies Record<string, Phase>;

/** The normalized phase of an import; values the API has not documented give `unknown`. */
export function phaseOf(status: string): Phase {
  return (STATUSES as Record<string, Phase>)[status] ?? "unknown";
}

/** Index names: 1 to 45 lowercase letters, digits or `-`, starting and ending alphanumeric (IndexModel.name). */
export const INDEX_NAME = /^[a-z0-9](?:[a-z0-9-]{0,43}[a-z0-9])?$/;
/**
 * Import ids: 1 to 1000 characters (ImportModel.id; the example is "101"). Assumed: letters, digits, `_` and `-`,
 * which keeps them single path segments.
 */
export const IMPORT_ID = /^[A-Za-z0-9_-]{1,1000}$/;
/** A host (`docs-x1y2.svc.aped-4627-b74a.pinecone.io`, `localhost:5081`) or a URL; a dot or a colon tells it from a name. */
const INDEX_HOST = /^(?=.*[.:])[A-Za-z0-9.:/_~-]{1,512}$/;

/** `ImportModel`: the reply of describe, and each item of a list. */
export const importSchema = z
  .object({
    id: z.string().regex(IMPORT_ID),
    status: z.string(),
    uri: z.string().nullish(),
    createdAt: z.string().nullish(),
    finishedAt: z.string().nullish(),
    percentComplete: z.number().nullish(),
    recordsImported: z.number().nullish(),
    error: z.string().nullish(),
  })
  .catchall(z.json());

/** `ListImportsResponse`. */
export const importListSchema = z
  .object({
    data: z.array(importSchema).nullish(),
    pagination: z.object({ next: z.string().nullish() }).catchall(z.json()).nullish(),
  })
  .catchall(z.json());

function toStatus(item: z.output<typeof importSchema>): JobStatus {
  // Every field but the id, unknown ones included (bounded later): the audit trail shows the import as Pinecone did.
  const { id, ...details } = item;
  return { id, phase: phaseOf(item.status), vendorStatus: item.status, details };
}

function indexOf(inputs: Record<string, unknown>): string {
  return String(inputs.indexName ?? inputs.indexHost);
}

/** A reply about another import answers a question we did not ask: nothing is acted on. */
function own(operation: string, id: string, item: z.output<typeof importSchema>): JobStatus {
  if (item.id !== id)
    throw new ResponseShapeError("pinecone", operation, 200, ["id: another import than the one asked"]);
  return toStatus(item);
}

async function get(ctx: CallContext, inputs: Record<string, unknown>, id: string): Promise<JobStatus | undefined> {
  const operation = `read import ${id} of index ${indexOf(inputs)}`;
  const data = await dataPlane(ctx, inputs);
  const path = `/bulk/imports/${segment(id)}`;
  const reply = await vendorCall(
    callTo("pinecone", data, headers(ctx), { method: "GET", path, operation }),
    importSchema,
    errors,
    {
      notFound: "undefined",
    },
  );
  return reply === NOT_FOUND ? undefined : own(operation, id, reply);
}

const IMPORT_HINT = "No such import on this index is visible to this API key: check importId and the index";

/** The Pinecone adapter. */
export const pinecone: VendorAdapter = {
  vendor: "pinecone",
  resourceName: "BulkImportCancellation",
  cancelAddressing: "job",
  inputShape: documented(
    {
      indexName: z
        .string()
        .regex(INDEX_NAME, {
          error:
            "expected an index name: 1 to 45 lowercase letters, digits or -, starting and ending with a letter or digit",
        })
        .optional(),
      indexHost: z
        .string()
        .regex(INDEX_HOST, {
          error: "expected an index host (e.g. docs-x1y2.svc.aped-4627-b74a.pinecone.io) or its https URL",
        })
        .optional(),
      importId: z
        .string()
        .regex(IMPORT_ID, { error: "expected an import id: 1 to 1000 letters, digits, _ or - (e.g. 101)" })
        .optional(),
      credentials: z.strictObject({ apiKey: secretField("a Pinecone API key") }).optional(),
    },
    {
      indexName:
        "The index, by name; its host is looked up on the control plane. Set this or `indexHost`. Changing it replaces the resource.",
      indexHost:
        "The index's host (from the console or `describe_index`), or its URL; no control-plane lookup. Set this or `indexName`. Changing it replaces the resource.",
      importId:
        "The import to cancel (as returned by `start_import`). When absent, every import of the index that is not finished is cancelled. Changing it replaces the resource.",
      credentials: {
        _: "Credentials for this resource only (multi-account stacks); stored as a secret.",
        apiKey: "The API key (sent as `Api-Key`).",
      },
    },
  ),
  refine: (inputs, ctx) => {
    const byName = inputs.indexName !== undefined;
    if (byName === (inputs.indexHost !== undefined)) {
      ctx.addIssue({
        code: "custom",
        path: [byName ? "indexHost" : "indexName"],
        message: `${byName ? "indexName and indexHost are both set" : "neither indexName nor indexHost is set"}: set exactly one`,
      });
    }
  },
  // The host from the input (or the state) receives the API key: the endpoint rules apply to it like the endpoint's.
  hosts: (inputs): Record<string, string> =>
    typeof inputs.indexHost === "string" ? { indexHost: hostUrl(inputs.indexHost) } : {},
  identityKeys: ["indexName", "indexHost", "importId"],
  credentialForms: [{ name: "api key", fields: { apiKey: { config: "pineconeApiKey", env: ["PINECONE_API_KEY"] } } }],
  endpoint: { config: "pineconeControllerHost", env: ["PINECONE_CONTROLLER_HOST"], default: "https://api.pinecone.io" },
  namedJob: (inputs) => (typeof inputs.importId === "string" ? inputs.importId : undefined),
  resourceId: (inputs) =>
    `${indexOf(inputs)}/imports${typeof inputs.importId === "string" ? `/${inputs.importId}` : ""}`,
  fromId: (id) => {
    const m = /^(.+)\/imports(?:\/([^/]+))?$/.exec(id);
    if (!m?.[1]) return undefined;
    const index = INDEX_NAME.test(m[1]) ? { indexName: m[1] } : { indexHost: m[1] };
    return { ...index, ...(m[2] === undefined ? {} : { importId: m[2] }) };
  },
  idFormat:
    "`<indexName or indexHost>/imports/<importId>`, or `<indexName or indexHost>/imports` for the whatever-runs form",
  describeTarget: (inputs) =>
    typeof inputs.importId === "string"
      ? `import ${inputs.importId} of index ${indexOf(inputs)}`
      : `the imports of index ${indexOf(inputs)}`,
  resolve: async (ctx, inputs) => {
    if (typeof inputs.importId === "string") {
      const op = `read import ${inputs.importId}`;
      return { selector: false, jobs: [found("pinecone", op, await get(ctx, inputs, inputs.importId), IMPORT_HINT)] };
    }
    const data = await dataPlane(ctx, inputs);
    const operation = `list imports of index ${indexOf(inputs)}`;
    const jobs = await listAll({
      vendor: "pinecone",
      operation,
      maxPages: MAX_PAGES,
      hint: "Name the import with importId to cancel one import of this index",
      page: async (_n, token) => {
        const query = `?limit=${PAGE_SIZE}${token === undefined ? "" : `&paginationToken=${encodeURIComponent(token)}`}`;
        const request = callTo("pinecone", data, headers(ctx), {
          method: "GET",
          path: `/bulk/imports${query}`,
          operation,
        });
        const reply = await vendorCall(request, importListSchema, errors);
        if (reply === NOT_FOUND) return undefined;
        return { jobs: (reply.data ?? []).map(toStatus), next: reply.pagination?.next || undefined };
      },
    });
    return { selector: true, jobs };
  },
  get,
  // The reply is `{}`: what the cancel did is read afterwards (Pinecone: "no effect if the operation is already finished").
  cancel: async (ctx, inputs, id) => {
    const operation = `cancel import ${id} of index ${indexOf(inputs)}`;
    const data = await dataPlane(ctx, inputs);
    const request = callTo("pinecone", data, headers(ctx), {
      method: "DELETE",
      path: `/bulk/imports/${segment(id)}`,
      operation,
    });
    await vendorCall(request, z.object({}).catchall(z.json()), errors);
    return undefined;
  },
};
