/**
 * What no vendor documents, in one table: the emulator's answer for each, and the suite that runs the adapter against
 * every plausible answer. The conformance suite accepts an undocumented reply status only when a row here names it,
 * and the README shows this table (test/docs checks that it lists every row).
 */
import type { VendorName } from "../../provider/model";
import type { Exchange } from "./support/recorder";

/** One undocumented behaviour. */
export interface Assumption {
  vendor: VendorName;
  behaviour: string;
  /** What the emulator answers (the default first, when it can answer several ways). */
  emulator: string;
  /** Where the adapter is tested against each plausible answer. */
  testedIn: string;
  /** For undocumented reply statuses: the request they answer, and the statuses. */
  method?: string;
  path?: RegExp;
  /** A path that `path` matches, relative to the vendor's base URL. */
  examplePath?: string;
  statuses?: number[];
}

const UNDOCUMENTED = "test/contract/undocumented.test.ts";
const CONFORMANCE = "test/contract/conformance.test.ts";
const FAULTS = "test/faults/fault-matrix.test.ts";

/** Every behaviour the suite relies on that the vendor's published sources leave open. */
export const ASSUMPTIONS: Assumption[] = [
  {
    vendor: "digitalocean",
    behaviour: "A cancel on a job that has already finished",
    emulator: "200 with the finished job; or 400, 409, 412",
    testedIn: UNDOCUMENTED,
  },
  {
    vendor: "digitalocean",
    behaviour: "What gets the declared 404 of the per-knowledge-base list (the cause is not stated)",
    emulator: "404 `not_found` for a knowledge base no job names; the adapter fails naming knowledgeBaseUuid",
    testedIn: `${CONFORMANCE}, test/emulator/emulator.test.ts`,
  },
  {
    vendor: "cloudflare",
    behaviour: "A cancel on a job that has already ended",
    emulator: "200 with the ended job; or 400, 409",
    testedIn: UNDOCUMENTED,
  },
  {
    vendor: "cloudflare",
    behaviour: "The words of `end_reason` (free text in the spec)",
    emulator: "`completed`, `cancelled`, `error`, or any word a seed sets",
    testedIn: "test/unit/vendor-adapters.test.ts, test/unit/trust.test.ts (unrecognised words give `ended`)",
  },
  {
    vendor: "cloudflare",
    behaviour: "A rejected or missing credential on the AI Search routes",
    emulator: "403 (code 10000) for a wrong credential, 401 (code 10001) for none, in the v4 error envelope",
    testedIn: `${CONFORMANCE}, ${FAULTS}`,
    method: "GET",
    path: /\/jobs(\/[^/]+)?$/,
    examplePath: "/accounts/acc/ai-search/namespaces/default/instances/docs/jobs/j",
    statuses: [401, 403],
  },
  {
    vendor: "cloudflare",
    behaviour: "Rate limiting and server errors on the AI Search job routes",
    emulator: "429 with Retry-After, and 500, in the v4 error envelope (503 is documented)",
    testedIn: `${CONFORMANCE}, ${FAULTS}`,
    method: "GET",
    path: /\/jobs(\/[^/]+)?$/,
    examplePath: "/accounts/acc/ai-search/namespaces/default/instances/docs/jobs/j",
    statuses: [429, 500, 502],
  },
  {
    vendor: "groundx",
    behaviour: "An unknown process id (only 400 and 401 are declared)",
    emulator: "404 `{message}`",
    testedIn: `${CONFORMANCE}, test/engine/lifecycle.test.ts`,
    method: "GET",
    path: /^\/v1\/ingest\/[^/]+$/,
    examplePath: "/v1/ingest/p",
    statuses: [404],
  },
  {
    vendor: "groundx",
    behaviour: "A cancel on a process that has already finished",
    emulator: "200 with the finished process; or 400, 409",
    testedIn: UNDOCUMENTED,
  },
  {
    vendor: "groundx",
    behaviour: "Rate limiting and server errors (not declared)",
    emulator: "429 with Retry-After, and 500, as `{message}`",
    testedIn: `${CONFORMANCE}, ${FAULTS}`,
    method: "GET",
    path: /^\/v1\/ingest\/[^/]+$/,
    examplePath: "/v1/ingest/p",
    statuses: [429, 500, 502, 503],
  },
  {
    vendor: "superoffice",
    behaviour: "CancelIndexing with no run in progress",
    emulator: "200 with the current RagStatus; or 400, 500",
    testedIn: UNDOCUMENTED,
  },
  {
    vendor: "superoffice",
    behaviour: "Whether a cancelled run also reports IsCompleted, and whether its CurrentRunTag survives the cancel",
    emulator: "per seed: IsCompleted false (default) or true; the tag stays until another run starts",
    testedIn: `${UNDOCUMENTED}, test/engine/cancel-addressing.test.ts`,
  },
  {
    vendor: "superoffice",
    behaviour: "How an unset date and the absence of a run look (the carrier's DateTime and string are never null)",
    emulator:
      "`0001-01-01T00:00:00Z` (DateTime.MinValue) and an empty `CurrentRunTag`; the adapter reads an empty or missing tag as no run",
    testedIn: `${CONFORMANCE}, test/emulator/superoffice.test.ts`,
  },
  {
    vendor: "superoffice",
    behaviour: "How a failed run is reported",
    emulator: "IsCompleted with a non-standard LastError (not read: such a run records as succeeded)",
    testedIn: "test/emulator/superoffice.test.ts",
  },
  {
    vendor: "superoffice",
    behaviour: "Error replies of the AI agent routes (the pages document only 200)",
    emulator: "401, 403, 404, 429, 500 as `{Message, FriendlyText, ExceptionType}`",
    testedIn: `${CONFORMANCE}, ${FAULTS}`,
    method: "POST",
    path: /\/v1\/Agents\/AI\/(GetIndexingStatus|CancelIndexing)$/,
    examplePath: "/v1/Agents/AI/GetIndexingStatus",
    statuses: [401, 403, 404, 429, 500, 502, 503],
  },
  {
    vendor: "openai",
    behaviour: "A cancel on a batch that has already finished",
    emulator: "200 with the finished batch; or 400, 409",
    testedIn: UNDOCUMENTED,
  },
  {
    vendor: "openai",
    behaviour: "An unknown batch, or a batch asked under another vector store (only 200 and 429 are declared)",
    emulator: "404 in the `{error}` envelope",
    testedIn: `${CONFORMANCE}, test/engine/lifecycle.test.ts, test/emulator/openai.test.ts`,
    method: "GET",
    path: /\/file_batches\/[^/]+$/,
    examplePath: "/vector_stores/vs_1/file_batches/vsfb_1",
    statuses: [404],
  },
  {
    vendor: "openai",
    behaviour: "A rejected or missing API key (not declared on these operations)",
    emulator: "401 `invalid_api_key` in the `{error}` envelope",
    testedIn: `${CONFORMANCE}, ${FAULTS}, test/emulator/openai.test.ts`,
    method: "GET",
    path: /\/file_batches\/[^/]+$/,
    examplePath: "/vector_stores/vs_1/file_batches/vsfb_1",
    statuses: [401],
  },
  {
    vendor: "openai",
    behaviour: "Server errors on the file-batch routes (only 429 is declared)",
    emulator: "500 and 502 in the `{error}` envelope",
    testedIn: `${CONFORMANCE}, ${FAULTS}`,
    method: "GET",
    path: /\/file_batches\/[^/]+$/,
    examplePath: "/vector_stores/vs_1/file_batches/vsfb_1",
    statuses: [500, 502],
  },
  {
    vendor: "openai",
    behaviour: "Whether a batch shows a state between the cancel and `cancelled` (the enum has none)",
    emulator:
      "`in_progress` until the cancel settles, as OpenAI's cancel example shows; the adapter also reads Azure's `cancelling`",
    testedIn: "test/unit/openai-adapter.test.ts",
  },
  {
    vendor: "openai",
    behaviour: "The form of vector store and batch ids (plain strings; `vs_…`, `vsfb_…` only in examples)",
    emulator: "`vs_` and `vsfb_` with 24 letters and digits; the adapter accepts 1 to 128 letters, digits, `_`, `-`",
    testedIn: "test/property/check.property.test.ts",
  },
  {
    vendor: "openai",
    behaviour: "Request rate limits and their headers for these routes (the OpenAPI document declares none)",
    emulator: "`x-ratelimit-*-requests` headers of a 500 per minute budget; 429 with Retry-After over it",
    testedIn: `test/unit/rate-limit.test.ts, ${FAULTS}`,
  },
  {
    vendor: "pinecone",
    behaviour: "Whether an import shows a state between the cancel and `Cancelled` (the status list has none)",
    emulator: "its status before the cancel (`InProgress` or `Pending`) until the cancel settles",
    testedIn: "test/emulator/pinecone.test.ts, test/engine/lifecycle.test.ts",
  },
  {
    vendor: "pinecone",
    behaviour: "The form of import ids (strings of 1 to 1000 characters; `101` in the examples)",
    emulator: "decimal strings from `101`; the adapter accepts 1 to 1000 letters, digits, `_`, `-`",
    testedIn: "test/property/check.property.test.ts, test/unit/pinecone-adapter.test.ts",
  },
  {
    vendor: "pinecone",
    behaviour: "Where index hosts live (the examples are all under `pinecone.io`)",
    emulator:
      "a host under the emulator's own origin; the adapter sends the API key only to a host in the control plane's domain",
    testedIn: "test/unit/pinecone-adapter.test.ts",
  },
  {
    vendor: "pinecone",
    behaviour: "Rate-limit headers (limits are published per operation, headers are not)",
    emulator: "none; 429 `RESOURCE_EXHAUSTED` when a budget is enforced (100 per minute assumed)",
    testedIn: `test/emulator/pinecone.test.ts, ${FAULTS}`,
  },
  {
    vendor: "pinecone",
    behaviour: "Rate limiting and gateway errors on describe-index (200, 401, 404 and 500 are declared)",
    emulator: "429, 502 and 503 in the control plane's `{error, status}` shape",
    testedIn: `${CONFORMANCE}, ${FAULTS}`,
    method: "GET",
    path: /\/indexes\/[^/]+$/,
    examplePath: "/indexes/docs",
    statuses: [429, 502, 503],
  },
  {
    vendor: "bedrock",
    behaviour: "A stop on a job that has already finished (only ConflictException is declared, without its cause)",
    emulator: "202 with the finished job; or 400 `ValidationException`, 409 `ConflictException`",
    testedIn: UNDOCUMENTED,
  },
  {
    vendor: "bedrock",
    behaviour: "The errors of a refused signature or key (AWS-wide common errors, not in the service model)",
    emulator:
      "403 `InvalidSignatureException` (wrong signature, date off by over 5 minutes), `UnrecognizedClientException` (unknown key or session token), `MissingAuthenticationTokenException`",
    testedIn: `${CONFORMANCE}, test/emulator/bedrock.test.ts`,
  },
  {
    vendor: "bedrock",
    behaviour: "Server errors other than InternalServerException (only 500 is declared)",
    emulator: "502 and 503 with `x-amzn-ErrorType`",
    testedIn: `${CONFORMANCE}, ${FAULTS}`,
    method: "GET",
    path: /\/ingestionjobs\/[^/]+$/,
    examplePath: "/knowledgebases/KB00000001/datasources/DS00000001/ingestionjobs/JOB0000001",
    statuses: [502, 503],
  },
  {
    vendor: "bedrock",
    behaviour: "What several values of one `STATUS` `EQ` filter select (the model allows 10)",
    emulator: "jobs with any of the values; the adapter filters the listed jobs itself too",
    testedIn: "test/unit/bedrock-adapter.test.ts",
  },
  {
    vendor: "bedrock",
    behaviour: "Request rate limits (account quotas in Service Quotas; no rate-limit headers)",
    emulator: "10 requests per second per key when enforced; 429 `ThrottlingException` without Retry-After",
    testedIn: `test/emulator/bedrock.test.ts, ${FAULTS}`,
  },
  {
    vendor: "bedrock",
    behaviour: "The form of a region (no pattern in the model)",
    emulator: "any region, scoped in the signature; the adapter accepts `^[a-z]{2}(-[a-z]+)+-\\d$`",
    testedIn: "test/unit/bedrock-adapter.test.ts, test/property/check.property.test.ts",
  },
];

/** True when a reply problem is an undocumented status that a row of the table names. */
export function isAssumed(vendor: VendorName, x: Exchange, problem: string): boolean {
  if (!problem.endsWith("status not documented") || x.status === undefined) return false;
  const status = x.status;
  return ASSUMPTIONS.some(
    (a) =>
      a.vendor === vendor &&
      a.statuses?.includes(status) === true &&
      a.method === x.method &&
      a.path?.test(x.path) === true,
  );
}
