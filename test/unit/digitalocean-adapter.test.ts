import sample from "../fixtures/digitalocean-cancel-reply.json";
import { jobReplySchema, phaseOf, PHASES, STATUSES } from "../../provider/vendors/digitalocean";

// The values the API reference and vendors.md document, with the phase each must normalize to.
const DOCUMENTED_PHASES: Record<string, string> = {
  BATCH_JOB_PHASE_UNKNOWN: "unknown",
  BATCH_JOB_PHASE_PENDING: "pending",
  BATCH_JOB_PHASE_RUNNING: "running",
  BATCH_JOB_PHASE_SUCCEEDED: "succeeded",
  BATCH_JOB_PHASE_FAILED: "failed",
  BATCH_JOB_PHASE_ERROR: "failed",
  BATCH_JOB_PHASE_CANCELLED: "cancelled",
};
const DOCUMENTED_STATUSES: Record<string, string> = {
  INDEX_JOB_STATUS_UNKNOWN: "unknown",
  INDEX_JOB_STATUS_PARTIAL: "succeeded",
  INDEX_JOB_STATUS_IN_PROGRESS: "running",
  INDEX_JOB_STATUS_COMPLETED: "succeeded",
  INDEX_JOB_STATUS_FAILED: "failed",
  INDEX_JOB_STATUS_NO_CHANGES: "succeeded",
  INDEX_JOB_STATUS_PENDING: "pending",
  INDEX_JOB_STATUS_CANCELLED: "cancelled",
};

describe("DigitalOcean phase mapping", () => {
  it.each(Object.entries(DOCUMENTED_PHASES))("maps phase %s to %s", (value, expected) => {
    expect(phaseOf(value, undefined)).toBe(expected);
  });

  it.each(Object.entries(DOCUMENTED_STATUSES))(
    "maps status %s to %s when the phase says nothing",
    (value, expected) => {
      expect(phaseOf("BATCH_JOB_PHASE_UNKNOWN", value)).toBe(expected);
      expect(phaseOf(undefined, value)).toBe(expected);
    },
  );

  it("has a table entry for every documented value and no other", () => {
    expect(Object.keys(PHASES).sort()).toEqual(Object.keys(DOCUMENTED_PHASES).sort());
    expect(Object.keys(STATUSES).sort()).toEqual(Object.keys(DOCUMENTED_STATUSES).sort());
  });

  it("prefers a known phase over the status, and maps values it has never seen to unknown", () => {
    expect(phaseOf("BATCH_JOB_PHASE_RUNNING", "INDEX_JOB_STATUS_COMPLETED")).toBe("running");
    expect(phaseOf("BATCH_JOB_PHASE_FROM_THE_FUTURE", undefined)).toBe("unknown");
    expect(phaseOf(null, null)).toBe("unknown");
  });
});

describe("DigitalOcean reply schemas", () => {
  it("parses the API reference's sample reply, keeping every documented field", () => {
    const parsed = jobReplySchema.parse(sample);
    expect(parsed.job).toEqual(sample.job);
    expect(parsed.job?.total_items_indexed).toBe("12345");
  });

  it("keeps fields it does not know and accepts uint64 counts as strings and nulls for absent values", () => {
    const parsed = jobReplySchema.parse({
      job: {
        uuid: "123e4567-e89b-12d3-a456-426614174000",
        total_tokens: "18446744073709551615",
        finished_at: null,
        data_source_jobs: [{ indexed_item_count: "7" }],
      },
      extra: true,
    });
    expect(parsed.job?.total_tokens).toBe("18446744073709551615");
    expect(parsed.job?.data_source_jobs).toEqual([{ indexed_item_count: "7" }]);
  });

  it("rejects a reply whose job has the wrong shape, naming the field", () => {
    const result = jobReplySchema.safeParse({ job: { uuid: 42 } });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(["job", "uuid"]);
    // The uuid becomes a path segment of the cancel: a reply's uuid must be a UUID.
    const notUuid = jobReplySchema.safeParse({ job: { uuid: "u" } });
    expect(notUuid.success).toBe(false);
    expect(notUuid.error?.issues[0]?.path).toEqual(["job", "uuid"]);
  });
});
