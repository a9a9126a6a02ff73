import cloudflareSample from "../fixtures/cloudflare-cancel-reply.json";
import groundxSample from "../fixtures/groundx-cancel-reply.json";
import superofficeSample from "../fixtures/superoffice-rag-status.json";
import * as cf from "../../provider/vendors/cloudflare";
import * as gx from "../../provider/vendors/groundx";
import * as so from "../../provider/vendors/superoffice";

describe("Cloudflare: phase from ended_at and end_reason (no status field)", () => {
  it.each([
    [undefined, undefined, "running"],
    [null, "ignored while running", "running"],
    ["2026-11-20T08:00:00Z", "cancelled", "cancelled"],
    ["2026-11-20T08:00:00Z", "Cancelled by user", "cancelled"],
    ["2026-11-20T08:00:00Z", "job_canceled", "cancelled"],
    ["2026-11-20T08:00:00Z", "error", "failed"],
    ["2026-11-20T08:00:00Z", "Sync failed: R2 bucket not found", "failed"],
    ["2026-11-20T08:00:00Z", "timeout", "failed"],
    ["2026-11-20T08:00:00Z", "aborted", "failed"],
    ["2026-11-20T08:00:00Z", "completed", "succeeded"],
    ["2026-11-20T08:00:00Z", "Done", "succeeded"],
    // An end_reason outside the three word lists, or none at all, is over but never guessed to have succeeded.
    ["2026-11-20T08:00:00Z", undefined, "ended"],
    ["2026-11-20T08:00:00Z", null, "ended"],
    ["2026-11-20T08:00:00Z", "superseded", "ended"],
    ["2026-11-20T08:00:00Z", "completed with warnings", "ended"],
  ] as const)("ended_at=%s end_reason=%s → %s", (endedAt, endReason, expected) => {
    expect(cf.phaseOf(endedAt, endReason)).toBe(expected);
  });

  it("parses the API reference's sample reply (no errors/messages arrays) and keeps every field", () => {
    const parsed = cf.jobReplySchema.parse(cloudflareSample);
    expect(parsed.result).toEqual(cloudflareSample.result);
  });

  it("rejects a list reply whose result is not a list, naming the field", () => {
    const r = cf.jobListSchema.safeParse({ success: true, result: { id: "x" } });
    expect(r.error?.issues[0]?.path).toEqual(["result"]);
  });
});

describe("GroundX: every ProcessingStatus value", () => {
  const documented = ["queued", "training", "processing", "error", "complete", "cancelled", "active", "inactive"];
  const expected: Record<string, string> = {
    queued: "pending",
    training: "running",
    processing: "running",
    active: "running",
    inactive: "unknown",
    error: "failed",
    complete: "succeeded",
    cancelled: "cancelled",
  };

  it.each(documented)("maps %s", (status) => {
    expect(gx.phaseOf(status)).toBe(expected[status]);
  });

  it("has a table entry for every documented value, and maps an unseen one to unknown", () => {
    expect(Object.keys(gx.STATUSES).sort()).toEqual([...documented].sort());
    expect(gx.phaseOf("archived")).toBe("unknown");
  });

  it("parses the API reference's sample reply with its five progress buckets", () => {
    const parsed = gx.ingestReplySchema.parse(groundxSample);
    expect(parsed.ingest.status).toBe("cancelled");
    for (const bucket of gx.BUCKETS) expect(parsed.ingest.progress?.[bucket]?.total).toBe(1);
  });
});

describe("SuperOffice: RagStatus flags", () => {
  it.each([
    [{ IsCompleted: false, IsCancelled: false }, "running"],
    [{ IsCompleted: true, IsCancelled: false }, "succeeded"],
    [{ IsCompleted: false, IsCancelled: true }, "cancelled"],
    [{ IsCompleted: true, IsCancelled: true }, "cancelled"],
    [{}, "running"],
  ])("%j → %s", (flags, expected) => {
    expect(so.phaseOf(flags)).toBe(expected);
  });

  it("parses a RagStatus with every documented field, and one with everything missing", () => {
    expect(so.ragStatusSchema.parse(superofficeSample)).toEqual(superofficeSample);
    expect(so.ragStatusSchema.parse({})).toEqual({});
  });

  it("rejects a flag of the wrong type, naming the field", () => {
    const r = so.ragStatusSchema.safeParse({ IsCancelled: "yes" });
    expect(r.error?.issues[0]?.path).toEqual(["IsCancelled"]);
  });
});
