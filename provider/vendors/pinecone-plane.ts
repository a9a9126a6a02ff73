/**
 * Where a Pinecone index lives and how both planes are spoken to: the headers, the error shapes, and the index's host,
 * given or looked up with the control plane's `GET /indexes/{index_name}` (pinecone-io/pinecone-api
 * `2026-04/db_control_2026-04.oas.yaml`: describe_index, IndexModel.host, ErrorResponse; `db_data_2026-04.oas.yaml`:
 * rpcStatus, the `Api-Key` scheme and the `X-Pinecone-Api-Version` header every operation requires).
 * @internal
 * @packageDocumentation
 */
import { z } from "zod";
import type { CallContext } from "../adapter";
import { ResponseShapeError } from "../errors";
import { callTo, NOT_FOUND, segment, vendorCall, type ErrorReading } from "../http/vendor-call";
import { replyHostProblem } from "../inputs/endpoint";

/** The API version every request names; bulk import is in every stable version since 2024-10. */
export const API_VERSION = "2026-04";

/** `IndexModel`, as far as it is used: the name asked and the host it lives on. */
export const indexSchema = z.object({ name: z.string(), host: z.string().min(1).max(512) }).catchall(z.json());

/** The data plane's `rpcStatus` and the control plane's `ErrorResponse`. */
const errorBody = z.union([
  z.object({ error: z.object({ code: z.string().nullish(), message: z.string().nullish() }) }),
  z.object({ code: z.union([z.number(), z.string()]).nullish(), message: z.string().nullish() }),
]);

/** How both planes word a refusal. */
export const errors: ErrorReading = {
  parse: (body) => {
    const e = errorBody.safeParse(body).data;
    const inner = e && "error" in e ? e.error : e;
    return { code: inner?.code == null ? undefined : String(inner.code), message: inner?.message ?? undefined };
  },
  hint: (status) => (status === 401 || status === 403 ? "Check the Pinecone API key and its project" : undefined),
};

/** A host written without a scheme is https, as Pinecone's clients read it. */
export function hostUrl(host: string): string {
  return (/^https?:\/\//i.test(host) ? host : `https://${host}`).replace(/\/+$/, "");
}

/**
 * The host a describe-index reply names receives the API key, so it is held to the control plane's own registrable
 * domain (by the Public Suffix List), to the endpoint rules, and to the control plane's scheme (never a downgrade):
 * a reply pointing elsewhere is a shape error and nothing is sent there.
 */
function trustedHost(ctx: CallContext, operation: string, host: string): string {
  const url = hostUrl(host);
  const problem = replyHostProblem(ctx.baseUrl, url);
  if (problem) throw new ResponseShapeError("pinecone", operation, 200, [`host: ${problem}`]);
  return url;
}

const hosts = new WeakMap<CallContext, string>();

/** The index's data plane as a call context: the input, or (once per operation) the control plane's answer. */
export async function dataPlane(ctx: CallContext, inputs: Record<string, unknown>): Promise<CallContext> {
  if (typeof inputs.indexHost === "string") return { ...ctx, baseUrl: hostUrl(inputs.indexHost) };
  let base = hosts.get(ctx);
  if (base === undefined) {
    const name = String(inputs.indexName);
    const operation = `describe index ${name}`;
    const request = callTo("pinecone", ctx, headers(ctx), {
      method: "GET",
      path: `/indexes/${segment(name)}`,
      operation,
    });
    const index = await vendorCall(request, indexSchema, errors, {
      notFoundHint: "No such index in this API key's project: check indexName (or give indexHost)",
    });
    // A 404 has thrown already (with the hint); the check of NOT_FOUND only narrows the type.
    if (index === NOT_FOUND || index.name !== name)
      throw new ResponseShapeError("pinecone", operation, 200, ["name: another index than the one asked"]);
    base = trustedHost(ctx, operation, index.host);
    hosts.set(ctx, base);
  }
  return { ...ctx, baseUrl: base };
}

/** `Api-Key` and the API version, on every call of both planes. */
export function headers(ctx: CallContext): Record<string, string> {
  return { "api-key": ctx.credentials.values.apiKey ?? "", "x-pinecone-api-version": API_VERSION };
}
