import { providers } from "../../provider";
import { PartialCancellationError, ResponseShapeError, VendorError } from "../../provider/errors";
import { useMockVendor } from "./support/mock-vendor";

const provider = providers.digitalocean;
const BASE = "https://do.test";
const JOB = "123e4567-e89b-12d3-a456-426614174000";
const JOB2 = "223e4567-e89b-12d3-a456-426614174000";
const OLD = "323e4567-e89b-12d3-a456-426614174000";
const KB = "0b9f5c2e-5d8a-4b2a-9a53-7a3c3e0d1f00";
const TOKEN = "canary-do-token-9f8e7d";

const { agent, pool } = useMockVendor(BASE);
const job = (uuid: string, phase: string, extra: Record<string, unknown> = {}) => ({
  uuid,
  knowledge_base_uuid: KB,
  phase: `BATCH_JOB_PHASE_${phase}`,
  status: phase === "CANCELLED" ? "INDEX_JOB_STATUS_CANCELLED" : "INDEX_JOB_STATUS_IN_PROGRESS",
  total_tokens: "12",
  ...extra,
});
const inputs = (extra: Record<string, unknown> = {}) => ({
  jobUuid: JOB,
  endpoint: BASE,
  credentials: { token: TOKEN },
  timeoutSeconds: 5,
  __provider: "shim",
  ...extra,
});

describe("create", () => {
  it("reads, cancels once, waits until the vendor confirms, and records before and after", async () => {
    pool()
      .intercept({ path: `/v2/gen-ai/indexing_jobs/${JOB}`, method: "GET" })
      .reply(200, { job: job(JOB, "RUNNING") });
    pool()
      .intercept({
        path: `/v2/gen-ai/indexing_jobs/${JOB}/cancel`,
        method: "PUT",
        headers: { authorization: `Bearer ${TOKEN}` },
      })
      .reply(200, { job: job(JOB, "RUNNING") });
    pool()
      .intercept({ path: `/v2/gen-ai/indexing_jobs/${JOB}`, method: "GET" })
      .reply(200, { job: job(JOB, "CANCELLED") });

    const { id, outs } = await provider.create(inputs({ reason: "CHG-1" }));

    expect(id).toBe(JOB);
    expect(outs).toMatchObject({
      vendor: "digitalocean",
      jobIds: [JOB],
      outcome: "cancelled",
      phaseBefore: "running",
      phase: "cancelled",
      vendorStatus: "BATCH_JOB_PHASE_CANCELLED / INDEX_JOB_STATUS_CANCELLED",
      found: true,
      reason: "CHG-1",
      jobs: [
        {
          id: JOB,
          phaseBefore: "running",
          phase: "cancelled",
          cancelRequested: true,
          cancelUnclear: false,
          found: true,
          replacedBy: null,
        },
      ],
    });
    expect(outs?.requestedAt).toEqual(expect.any(String));
    expect(outs?.confirmedAt).toEqual(expect.any(String));
    expect(outs?.details[JOB]).toMatchObject({ total_tokens: "12", knowledge_base_uuid: KB });
    expect(JSON.stringify(outs)).not.toContain("undefined");
    agent().assertNoPendingInterceptors();
  });

  it("prints sparse progress naming the resource, the job, the phase and the time waited", async () => {
    const lines: string[] = [];
    const spy = jest.spyOn(console, "log").mockImplementation((line: string) => lines.push(line));
    pool()
      .intercept({ path: `/v2/gen-ai/indexing_jobs/${JOB}`, method: "GET" })
      .reply(200, { job: job(JOB, "RUNNING") });
    pool()
      .intercept({ path: `/v2/gen-ai/indexing_jobs/${JOB}/cancel`, method: "PUT" })
      .reply(200, { job: job(JOB, "RUNNING") });
    pool()
      .intercept({ path: `/v2/gen-ai/indexing_jobs/${JOB}`, method: "GET" })
      .reply(200, { job: job(JOB, "RUNNING") })
      .times(2);
    pool()
      .intercept({ path: `/v2/gen-ai/indexing_jobs/${JOB}`, method: "GET" })
      .reply(200, { job: job(JOB, "CANCELLED") });
    await provider.create(inputs({ __resourceName: "stop-kb" }));
    spy.mockRestore();
    // One line when the job first shows cancelling, one when it is cancelled: not one per poll.
    expect(lines).toEqual([
      `ragcancel: [stop-kb] DigitalOcean indexing job ${JOB}: cancelling (BATCH_JOB_PHASE_RUNNING / INDEX_JOB_STATUS_IN_PROGRESS); waited 0 s`,
      expect.stringMatching(
        new RegExp(
          `^ragcancel: \\[stop-kb\\] DigitalOcean indexing job ${JOB}: cancelled \\(BATCH_JOB_PHASE_CANCELLED / INDEX_JOB_STATUS_CANCELLED\\); waited \\d+ s$`,
        ),
      ),
    ]);
  });

  it("records an already-finished job without sending a cancel", async () => {
    pool()
      .intercept({ path: `/v2/gen-ai/indexing_jobs/${JOB}`, method: "GET" })
      .reply(200, { job: job(JOB, "SUCCEEDED") });
    const { outs } = await provider.create(inputs());
    expect(outs).toMatchObject({
      outcome: "already-finished",
      phaseBefore: "succeeded",
      phase: "succeeded",
      requestedAt: null,
    });
    agent().assertNoPendingInterceptors();
  });

  it('fails with a clear error on a finished job when ifFinished is "fail"', async () => {
    pool()
      .intercept({ path: `/v2/gen-ai/indexing_jobs/${JOB}`, method: "GET" })
      .reply(200, { job: job(JOB, "SUCCEEDED") });
    await expect(provider.create(inputs({ ifFinished: "fail" }))).rejects.toThrow(
      `DigitalOcean: indexing job ${JOB} has nothing to cancel: ${JOB} is succeeded`,
    );
  });

  it("cancels every unfinished job of a knowledge base, and reports nothing-running for an idle one", async () => {
    pool()
      .intercept({ path: `/v2/gen-ai/knowledge_bases/${KB}/indexing_jobs`, method: "GET" })
      .reply(200, { jobs: [job(JOB, "RUNNING"), job(JOB2, "PENDING"), job(OLD, "SUCCEEDED")], meta: { total: 3 } });
    for (const uuid of [JOB, JOB2]) {
      pool()
        .intercept({ path: `/v2/gen-ai/indexing_jobs/${uuid}/cancel`, method: "PUT" })
        .reply(200, { job: job(uuid, "CANCELLED") });
    }
    const { id, outs } = await provider.create(inputs({ jobUuid: undefined, knowledgeBaseUuid: KB }));
    expect(id).toBe(`kb:${KB}`);
    expect(outs).toMatchObject({
      outcome: "cancelled",
      jobIds: [JOB, JOB2],
      phaseBefore: "running",
      phase: "cancelled",
    });

    pool()
      .intercept({ path: `/v2/gen-ai/knowledge_bases/${KB}/indexing_jobs`, method: "GET" })
      .reply(200, { jobs: [job(OLD, "SUCCEEDED")] });
    const idle = await provider.create(inputs({ jobUuid: undefined, knowledgeBaseUuid: KB }));
    expect(idle.outs).toMatchObject({
      outcome: "nothing-running",
      jobIds: [],
      phase: null,
      phaseBefore: null,
      found: true,
    });
  });

  it("treats a refused cancel on a job that finished meanwhile as already-finished", async () => {
    pool()
      .intercept({ path: `/v2/gen-ai/indexing_jobs/${JOB}`, method: "GET" })
      .reply(200, { job: job(JOB, "RUNNING") });
    pool()
      .intercept({ path: `/v2/gen-ai/indexing_jobs/${JOB}/cancel`, method: "PUT" })
      .reply(409, { id: "conflict", message: "job is not running", request_id: "r-1" });
    pool()
      .intercept({ path: `/v2/gen-ai/indexing_jobs/${JOB}`, method: "GET" })
      .reply(200, { job: job(JOB, "SUCCEEDED") });
    const { outs } = await provider.create(inputs());
    expect(outs).toMatchObject({ outcome: "already-finished", phaseBefore: "running", phase: "succeeded" });
  });

  it("saves the record as cancel-requested when the wait times out (partial failure with id and outputs)", async () => {
    pool()
      .intercept({ path: `/v2/gen-ai/indexing_jobs/${JOB}`, method: "GET" })
      .reply(200, { job: job(JOB, "RUNNING") });
    pool()
      .intercept({ path: `/v2/gen-ai/indexing_jobs/${JOB}/cancel`, method: "PUT" })
      .reply(200, { job: job(JOB, "RUNNING") });
    pool()
      .intercept({ path: `/v2/gen-ai/indexing_jobs/${JOB}`, method: "GET" })
      .reply(200, { job: job(JOB, "RUNNING") })
      .persist();
    const error = await provider.create(inputs({ timeoutSeconds: 0.6 })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PartialCancellationError);
    const partial = error as PartialCancellationError;
    expect(partial.id).toBe(JOB);
    expect(partial.message).toContain("accepted the cancel");
    expect(partial.message).toContain("next `pulumi up` resumes waiting");
    expect(partial.properties).toMatchObject({ outcome: "cancel-requested", phase: "cancelling", __provider: "shim" });
    expect(partial.properties.requestedAt).toEqual(expect.any(String));
  });

  it("retries a 503 and a 429 and then succeeds", async () => {
    pool()
      .intercept({ path: `/v2/gen-ai/indexing_jobs/${JOB}`, method: "GET" })
      .reply(503, { id: "server_error", message: "busy" });
    pool()
      .intercept({ path: `/v2/gen-ai/indexing_jobs/${JOB}`, method: "GET" })
      .reply(429, { id: "too_many_requests", message: "slow down" }, { headers: { "retry-after": "0" } });
    pool()
      .intercept({ path: `/v2/gen-ai/indexing_jobs/${JOB}`, method: "GET" })
      .reply(200, { job: job(JOB, "SUCCEEDED") });
    const { outs } = await provider.create(inputs());
    expect(outs?.outcome).toBe("already-finished");
    agent().assertNoPendingInterceptors();
  });

  it("fails at once, saying how long, when Retry-After asks for more than the provider waits", async () => {
    pool()
      .intercept({ path: `/v2/gen-ai/indexing_jobs/${JOB}`, method: "GET" })
      .reply(429, { id: "too_many_requests", message: "slow down" }, { headers: { "retry-after": "3600" } });
    // One request, no pause and no retry: a second attempt would find no interceptor and fail otherwise.
    const error = (await provider.create(inputs()).catch((e: unknown) => e)) as VendorError;
    expect(error).toBeInstanceOf(VendorError);
    expect(error.message).toContain("HTTP 429, too_many_requests: slow down");
    expect(error.message).toContain("the vendor asked to retry after 3600 s, more than the 60 s this provider waits");
    agent().assertNoPendingInterceptors();
  });

  it("turns a 401 into a VendorError that names the vendor, operation, code and request id, and never the token", async () => {
    pool()
      .intercept({ path: `/v2/gen-ai/indexing_jobs/${JOB}`, method: "GET" })
      .reply(401, { id: "unauthorized", message: "Unable to authenticate you", request_id: "req-7" });
    const error = (await provider.create(inputs()).catch((e: unknown) => e)) as VendorError;
    expect(error).toBeInstanceOf(VendorError);
    expect(error).toMatchObject({ vendor: "digitalocean", status: 401, code: "unauthorized", requestId: "req-7" });
    expect(error.message).toBe(
      `DigitalOcean: read indexing job ${JOB} failed (HTTP 401, unauthorized: Unable to authenticate you), request id req-7. ` +
        "Check the DigitalOcean token: it must be valid and carry the genai:read and genai:update scopes. " +
        "The credentials used came from the resource input credentials (token)",
    );
    expect(JSON.stringify(error) + error.message).not.toContain(TOKEN);
  });

  it("names the job when it does not exist, and saves nothing", async () => {
    pool()
      .intercept({ path: `/v2/gen-ai/indexing_jobs/${JOB}`, method: "GET" })
      .reply(404, { id: "not_found", message: "not found" });
    await expect(provider.create(inputs())).rejects.toThrow(`read indexing job ${JOB} failed (HTTP 404, not_found)`);
  });

  it("reports a 2xx body of the wrong shape as a ResponseShapeError naming the field", async () => {
    pool()
      .intercept({ path: `/v2/gen-ai/indexing_jobs/${JOB}`, method: "GET" })
      .reply(200, { job: { uuid: 5 } });
    const error = await provider.create(inputs()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseShapeError);
    expect((error as Error).message).toContain("job.uuid");
    pool()
      .intercept({ path: `/v2/gen-ai/indexing_jobs/${JOB}`, method: "GET" })
      .reply(200, "<html>oops");
    await expect(provider.create(inputs())).rejects.toThrow("expected JSON");
  });
});

describe("read, diff, update, delete", () => {
  async function created() {
    pool()
      .intercept({ path: `/v2/gen-ai/indexing_jobs/${JOB}`, method: "GET" })
      .reply(200, { job: job(JOB, "RUNNING") });
    pool()
      .intercept({ path: `/v2/gen-ai/indexing_jobs/${JOB}/cancel`, method: "PUT" })
      .reply(200, { job: job(JOB, "CANCELLED") });
    const { outs } = await provider.create(inputs());
    return { ...outs!, __provider: "shim" };
  }

  it("read returns the same outputs when nothing changed, and keeps the record with found=false on 404", async () => {
    const outs = await created();
    pool()
      .intercept({ path: `/v2/gen-ai/indexing_jobs/${JOB}`, method: "GET" })
      .reply(200, { job: job(JOB, "CANCELLED") });
    expect((await provider.read(JOB, outs)).props).toBe(outs);

    pool()
      .intercept({ path: `/v2/gen-ai/indexing_jobs/${JOB}`, method: "GET" })
      .reply(404, { id: "not_found", message: "gone" });
    const gone = await provider.read(JOB, outs);
    expect(gone.id).toBe(JOB);
    expect(gone.props).toMatchObject({
      found: false,
      outcome: "cancelled",
      phase: "cancelled",
      jobs: [{ found: false }],
    });
  });

  it("diff replaces on identity or triggers, updates in place on reason, and ignores __provider", async () => {
    const outs = await created();
    const same = { ...inputs(), __provider: "other" };
    expect(await provider.diff(JOB, outs, same)).toEqual({
      changes: false,
      replaces: [],
      diffs: [],
      deleteBeforeReplace: false,
    });
    expect(await provider.diff(JOB, outs, { ...same, reason: "new" })).toMatchObject({
      changes: true,
      replaces: [],
      diffs: ["reason"],
    });
    expect(await provider.diff(JOB, outs, { ...same, triggers: [1] })).toMatchObject({
      changes: true,
      replaces: ["triggers"],
      diffs: ["triggers"],
    });
    expect(await provider.diff(JOB, outs, { ...same, jobUuid: JOB2, reason: "new" })).toMatchObject({
      changes: true,
      replaces: ["jobUuid"],
      diffs: expect.arrayContaining(["jobUuid", "reason"]),
    });
  });

  it("update changes the echoed inputs with no vendor call, and delete calls nothing", async () => {
    const outs = await created();
    const { outs: updated } = await provider.update(JOB, outs, inputs({ reason: "why" }));
    expect(updated).toMatchObject({ reason: "why", outcome: "cancelled", requestedAt: outs.requestedAt });
    await provider.delete!(JOB, outs);
    agent().assertNoPendingInterceptors();
  });

  it("update resumes waiting on a cancel-requested record and confirms it", async () => {
    pool()
      .intercept({ path: `/v2/gen-ai/indexing_jobs/${JOB}`, method: "GET" })
      .reply(200, { job: job(JOB, "RUNNING") });
    pool()
      .intercept({ path: `/v2/gen-ai/indexing_jobs/${JOB}/cancel`, method: "PUT" })
      .reply(200, { job: job(JOB, "RUNNING") });
    const { outs } = await provider.create(inputs({ waitForTerminal: false }));
    expect(outs?.outcome).toBe("cancel-requested");
    pool()
      .intercept({ path: `/v2/gen-ai/indexing_jobs/${JOB}`, method: "GET" })
      .reply(200, { job: job(JOB, "CANCELLED") });
    const { outs: resumed } = await provider.update(JOB, outs!, inputs());
    expect(resumed).toMatchObject({ outcome: "cancelled", phase: "cancelled", requestedAt: outs?.requestedAt });
    expect(resumed?.confirmedAt).toEqual(expect.any(String));
  });
});
