/**
 * The vendors' documented reply examples, read by the adapters' own reply schemas and phase tables: what phases each
 * example means. Placeholder words (Cloudflare's `end_reason: "end_reason"`) are exactly what an adapter must not
 * guess about.
 */
import { z } from "zod";
import type { Phase, VendorName } from "../../provider/model";
import * as cf from "../../provider/vendors/cloudflare";
import * as dox from "../../provider/vendors/digitalocean";
import * as br from "../../provider/vendors/bedrock";
import * as gx from "../../provider/vendors/groundx";
import * as oa from "../../provider/vendors/openai";
import * as pc from "../../provider/vendors/pinecone";
import * as so from "../../provider/vendors/superoffice";

/** The phases of the jobs an example reply carries, or why the adapter could not read it. */
export function parseExample(vendor: VendorName, value: unknown): Phase[] | string {
  const read = <S extends z.ZodType>(schema: S, f: (v: z.output<S>) => Phase[]) => {
    const r = schema.safeParse(value);
    return r.success ? f(r.data) : `unreadable: ${r.error.issues.map((i) => i.path.join(".")).join(", ")}`;
  };
  switch (vendor) {
    case "digitalocean":
      return Array.isArray((value as { jobs?: unknown }).jobs)
        ? read(dox.jobListSchema, (v) => (v.jobs ?? []).map((j) => dox.phaseOf(j.phase, j.status)))
        : read(dox.jobReplySchema, (v) => (v.job ? [dox.phaseOf(v.job.phase, v.job.status)] : []));
    case "cloudflare":
      return Array.isArray((value as { result?: unknown }).result)
        ? read(cf.jobListSchema, (v) => v.result.map((j) => cf.phaseOf(j.ended_at, j.end_reason)))
        : read(cf.jobReplySchema, (v) => [cf.phaseOf(v.result.ended_at, v.result.end_reason)]);
    case "groundx":
      return read(gx.ingestReplySchema, (v) => [gx.phaseOf(v.ingest.status)]);
    case "superoffice":
      // A status with no CurrentRunTag means no run: nothing for the adapter to act on.
      return read(so.ragStatusSchema, (v) => (v.CurrentRunTag ? [so.phaseOf(v)] : []));
    case "openai":
      return read(oa.batchSchema, (v) => [oa.phaseOf(v.status)]);
    case "pinecone":
      // A describe_index reply names the index's host and no import.
      if (typeof (value as { host?: unknown }).host === "string") return read(pc.indexSchema, () => []);
      return Array.isArray((value as { data?: unknown }).data)
        ? read(pc.importListSchema, (v) => (v.data ?? []).map((i) => pc.phaseOf(i.status)))
        : read(pc.importSchema, (v) => [pc.phaseOf(v.status)]);
    case "bedrock":
      return Array.isArray((value as { ingestionJobSummaries?: unknown }).ingestionJobSummaries)
        ? read(br.jobListSchema, (v) => v.ingestionJobSummaries.map((j) => br.phaseOf(j.status)))
        : read(br.jobReplySchema, (v) => [br.phaseOf(v.ingestionJob.status)]);
  }
}

/** What each documented 2xx example means, by where it is documented (`METHOD template → status (name)`). */
export const EXAMPLE_PHASES: Record<VendorName, Record<string, Phase[]>> = {
  // The spec documents no 2xx example; the reference pages' samples are read in test/unit/vendor-adapters.test.ts.
  digitalocean: {},
  cloudflare: {
    // `ended_at` set, `end_reason` the placeholder word "end_reason": over, but not claimed to have succeeded.
    "GET /accounts/{account_id}/ai-search/namespaces/{name}/instances/{id}/jobs → 200": ["ended"],
    "PATCH /accounts/{account_id}/ai-search/namespaces/{name}/instances/{id}/jobs/{job_id} → 200": ["ended"],
  },
  groundx: {
    "DELETE /v1/ingest/{processId} → 200 (wire-test-1)": ["pending"],
    "GET /v1/ingest/{processId} → 200 (wire-test-1)": ["pending"],
  },
  superoffice: {
    "POST /v1/Agents/AI/CancelIndexing → 200": [],
    "POST /v1/Agents/AI/GetIndexingStatus → 200": [],
  },
  // No fragment is vendored yet (see the README): no documented example is read.
  openai: {},
  // The bulk-import operations document examples per field only; describe_index has two whole replies.
  pinecone: {
    "GET /indexes/{index_name} → 200 (movie-recommendations-pod)": [],
    "GET /indexes/{index_name} → 200 (movie-recommendations-serverless)": [],
  },
  // The botocore model carries no examples for these operations.
  bedrock: {},
};
