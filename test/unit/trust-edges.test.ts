/**
 * Trust, third round, below the engine: a record and every selector's listing are bounded; a reply nested too deep
 * is a shape error; any failure after a cancel went out, but the vendor's clear refusal, keeps the record; an id
 * marked secret is refused.
 */
import { randomUUID } from "node:crypto";
import { providers } from "../../provider";
import { PartialCancellationError, ResponseShapeError, VendorError } from "../../provider/errors";
import { jsonDepthWithin, MAX_JSON_DEPTH } from "../../provider/http/json-depth";
import { callTo, vendorCall } from "../../provider/http/vendor-call";
import { NO_SECRETS } from "../../provider/http/redact";
import type { CallContext } from "../../provider/adapter";
import { MAX_LISTED_JOBS } from "../../provider/http/paging";
import { maybeActed } from "../../provider/lifecycle/cancel";
import { makeProvider } from "../../provider/lifecycle/lifecycle";
import { stoppedRound } from "../../provider/lifecycle/settle";
import { MAX_RECORD_JOBS, readRecord } from "../../provider/lifecycle/record";
import type { JobRecord } from "../../provider/model";
import { digitalocean, jobReplySchema } from "../../provider/vendors/digitalocean";
import { useMockVendor } from "./support/mock-vendor";

const BASE = "https://vendor.test";
const JOB = "3fa85f64-5717-4562-b3fc-2c963f66afa6";
const KB = "9b2c4f1e-6a7d-4e2b-8c3f-1d5e7a9b0c2d";
const { agent, pool } = useMockVendor(BASE, { isolate: true });
const doInputs = { endpoint: BASE, credentials: { token: "dop_v1_token" }, timeoutSeconds: 5 };
const context = (): CallContext => ({
  baseUrl: BASE,
  credentials: { form: "token", values: {}, source: "a test" },
  deadline: Date.now() + 5000,
  limitKey: "test",
  redactor: NO_SECRETS,
  progress: () => undefined,
  settings: {},
});
const doJob = (uuid: string, phase = "BATCH_JOB_PHASE_RUNNING") => ({ uuid, knowledge_base_uuid: KB, phase });

describe("a record is bounded: jobs kept in full up to a limit, then counted", () => {
  const jobs = "/accounts/acc-1/ai-search/namespaces/default/instances/docs/jobs";
  const cf = { accountId: "acc-1", instanceId: "docs", endpoint: BASE, credentials: { apiToken: "cf-token" } };
  const running = (id: string) => ({ id, source: "schedule", started_at: "2026-11-20T08:00:00Z" });
  const unclear = new Set(Array.from({ length: 10 }, (_, i) => `job-${140 + i}`));

  it(`a selector cancels all 150 running jobs; the record keeps ${MAX_RECORD_JOBS}, unclear answers first, and counts the rest`, async () => {
    for (let p = 1; p <= 3; p++) {
      const result = Array.from({ length: 50 }, (_, i) => running(`job-${(p - 1) * 50 + i}`));
      pool()
        .intercept({ path: `${jobs}?page=${p}&per_page=50`, method: "GET" })
        .reply(200, { success: true, result, result_info: { page: p, per_page: 50, total_count: 150 } });
    }
    const cancelled: string[] = [];
    pool()
      .intercept({ path: (p: string) => p.startsWith(`${jobs}/`), method: "PATCH" })
      .reply((opts) => {
        const id = opts.path.slice(jobs.length + 1);
        cancelled.push(id);
        // The last ten answers are unreadable: the vendor may have acted, and only the record can say so.
        if (unclear.has(id)) return { statusCode: 200, data: "{not json" };
        const ended = { ...running(id), ended_at: "2026-11-20T08:01:00Z", end_reason: "cancelled" };
        return { statusCode: 200, data: JSON.stringify({ success: true, result: ended }) };
      })
      .persist();
    const { outs } = await providers.cloudflare.create({ ...cf, waitForTerminal: false });
    expect(cancelled).toHaveLength(150);
    expect(outs).toMatchObject({ outcome: "cancel-requested", jobsOmitted: 50 });
    expect(outs?.jobs).toHaveLength(MAX_RECORD_JOBS);
    expect(outs?.jobIds).toEqual(outs?.jobs.map((j) => j.id));
    expect(Object.keys(outs?.details ?? {}).every((id) => outs?.jobIds.includes(id))).toBe(true);
    // What a later `up` acts on is kept: every unclear cancel, never a job the record did not target.
    expect(outs?.jobs.filter((j) => j.cancelUnclear).map((j) => j.id)).toEqual([...unclear]);
    expect(outs?.jobIds.every((id) => cancelled.includes(id))).toBe(true);
  });

  it("a record read back from state with more jobs is bounded the same way, keeping the unclear ones", () => {
    const job = (i: number, cancelUnclear = false): JobRecord => ({
      id: `job-${i}`,
      phaseBefore: "running",
      phase: cancelUnclear ? "cancelling" : "cancelled",
      vendorStatus: "x",
      cancelRequested: true,
      cancelUnclear,
      found: true,
      replacedBy: null,
    });
    const all = Array.from({ length: 150 }, (_, i) => job(i, i >= 140));
    const details = Object.fromEntries(all.map((j) => [j.id, { n: 1 }]));
    const r = readRecord({ jobs: all, jobIds: all.map((j) => j.id), details, jobsOmitted: 3 }, "cloudflare");
    expect(r.jobs).toHaveLength(MAX_RECORD_JOBS);
    expect(r.jobsOmitted).toBe(53);
    expect(r.jobs.filter((j) => j.cancelUnclear)).toHaveLength(10);
    expect(Object.keys(r.details).sort()).toEqual(r.jobIds.slice().sort());
  });
});

describe("a round stopped by an error leaves a record the next up can finish, and a reason of bounded length", () => {
  const job = (i: number, sent: boolean): JobRecord => ({
    id: `job-${i}`,
    phaseBefore: "running",
    phase: sent ? "cancelled" : "running",
    vendorStatus: "x",
    cancelRequested: sent,
    cancelUnclear: false,
    found: true,
    replacedBy: null,
  });

  it(`past ${MAX_RECORD_JOBS} jobs the bound keeps the running ones a stopped round never sent, before settled ones`, () => {
    const all = Array.from({ length: 150 }, (_, i) => job(i, i < 140));
    const details = Object.fromEntries(all.map((j) => [j.id, { n: 1 }]));
    const r = readRecord({ jobs: all, jobIds: all.map((j) => j.id), details, jobsOmitted: 0 }, "cloudflare");
    expect(r.jobs).toHaveLength(MAX_RECORD_JOBS);
    expect(r.jobs.filter((j) => !j.cancelRequested).map((j) => j.id)).toEqual(all.slice(140).map((j) => j.id));
    // The record still says work is left for the next `up`.
    expect(r.outcome).toBe("cancel-requested");
  });

  it("the reason names at most ten ids per list and counts the rest", () => {
    const jobs = [
      ...Array.from({ length: 12 }, (_, i) => job(i, true)),
      ...Array.from({ length: 12 }, (_, i) => job(20 + i, false)),
    ];
    const record = readRecord({ jobs, jobIds: jobs.map((j) => j.id), details: {}, jobsOmitted: 0 }, "cloudflare");
    const reason = stoppedRound(record);
    expect(reason).toContain(
      "the vendor accepted the cancel of job-0, job-1, job-2, job-3, job-4, job-5, job-6, job-7, job-8, job-9 and 2 more",
    );
    expect(reason).toContain(
      "reads the status of job-20, job-21, job-22, job-23, job-24, job-25, job-26, job-27, job-28, job-29 and 2 more",
    );
    expect(reason).not.toContain("job-10,");
    expect(reason).not.toContain("job-30");
  });
});

describe(`every selector's listing is bounded at ${MAX_LISTED_JOBS} jobs, whether paged or not`, () => {
  it("a DigitalOcean knowledge-base list of one reply with 2001 jobs cancels nothing", async () => {
    const list = Array.from({ length: MAX_LISTED_JOBS + 1 }, () => doJob(randomUUID()));
    pool()
      .intercept({ path: `/v2/gen-ai/knowledge_bases/${KB}/indexing_jobs`, method: "GET" })
      .reply(200, { jobs: list });
    const err = (await providers.digitalocean
      .create({ ...doInputs, knowledgeBaseUuid: KB })
      .catch((e: unknown) => e)) as Error;
    expect(err).toBeInstanceOf(VendorError);
    expect(err.message).toContain(
      `the list holds 2001 jobs, over the ${MAX_LISTED_JOBS} a selector acts on; nothing was cancelled`,
    );
    agent().assertNoPendingInterceptors();
  });

  it("a paged list whose pages are larger than asked stops once over the bound, cancelling nothing", async () => {
    const jobs = "/accounts/acc-1/ai-search/namespaces/default/instances/docs/jobs";
    for (let p = 1; p <= 3; p++) {
      const result = Array.from({ length: 1000 }, (_, i) => ({ id: `job-${p}-${i}`, source: "user" }));
      pool()
        .intercept({ path: `${jobs}?page=${p}&per_page=50`, method: "GET" })
        .reply(200, { success: true, result });
    }
    const inputs = { accountId: "acc-1", instanceId: "docs", endpoint: BASE, credentials: { apiToken: "cf-token" } };
    const err = (await providers.cloudflare.create(inputs).catch((e: unknown) => e)) as Error;
    expect(err.message).toContain(
      `holds 3000 or more jobs, over the ${MAX_LISTED_JOBS} a selector acts on; nothing was cancelled`,
    );
  });
});

describe("a reply nested too deep to a cancel loses no record", () => {
  const deep = (n: number) => `${'{"d":'.repeat(n)}1${"}".repeat(n)}`;
  // Arrays: parsed and scrubbed whole, then the reply schema's recursion over them overflows the stack.
  const deepList = (n: number) => `${"[".repeat(n)}1${"]".repeat(n)}`;

  it("the nesting is measured without parsing; brackets inside strings do not count", () => {
    expect(jsonDepthWithin('{"a":[1,{"b":"[[[[{{{{"}]}')).toBe(3);
    expect(jsonDepthWithin(deep(MAX_JSON_DEPTH))).toBe(MAX_JSON_DEPTH);
    expect(jsonDepthWithin(deep(MAX_JSON_DEPTH + 1))).toBeUndefined();
    expect(jsonDepthWithin('"\\"{{{{"', 1)).toBe(0);
  });

  it("a DigitalOcean cancel answered 200 with a body nested 2,000 levels is a shape error, never parsed", async () => {
    pool()
      .intercept({ path: `/v2/gen-ai/indexing_jobs/${JOB}/cancel`, method: "PUT" })
      .reply(200, `{"job":{"uuid":"${JOB}","x":${deep(2000)}}}`);
    const call = callTo(
      "digitalocean",
      context(),
      {},
      { method: "PUT", path: `/v2/gen-ai/indexing_jobs/${JOB}/cancel`, operation: "cancel" },
    );
    const err = (await vendorCall(call, jobReplySchema, { parse: () => ({}) }).catch((e: unknown) => e)) as Error;
    expect(err).toBeInstanceOf(ResponseShapeError);
    expect(err.message).toContain(`(body): nested deeper than ${MAX_JSON_DEPTH} levels; not read`);
  });

  it("the same reply in a create: the record is kept, the cancel marked unclear", async () => {
    pool()
      .intercept({ path: `/v2/gen-ai/indexing_jobs/${JOB}`, method: "GET" })
      .reply(200, { job: doJob(JOB) });
    pool()
      .intercept({ path: `/v2/gen-ai/indexing_jobs/${JOB}/cancel`, method: "PUT" })
      .reply(200, `{"job":{"uuid":"${JOB}","x":${deepList(2000)}}}`);
    const { outs } = await providers.digitalocean.create({ ...doInputs, jobUuid: JOB, waitForTerminal: false });
    expect(outs).toMatchObject({ outcome: "cancel-requested", jobs: [{ id: JOB, cancelUnclear: true }] });
  });
});

describe("after a cancel is sent, any failure but the vendor's clear refusal counts as maybe acted", () => {
  it("classifies: a refusal with a status or an unsent request did not act; anything else may have", () => {
    const refusal = new VendorError({ vendor: "digitalocean", operation: "cancel", status: 409 });
    const unsent = new VendorError({ vendor: "digitalocean", operation: "cancel", notSent: true });
    const lost = new VendorError({ vendor: "digitalocean", operation: "cancel", deadline: "in-flight" });
    const verdicts = [refusal, unsent, lost, new RangeError("Maximum call stack size exceeded"), "thrown text"].map(
      maybeActed,
    );
    expect(verdicts).toEqual([false, false, true, true, true]);
  });

  it("a server error is no refusal: 500, 502, 503 and 504 may have acted; 4xx and 501 did not", () => {
    const answered = (status: number) => new VendorError({ vendor: "digitalocean", operation: "cancel", status });
    const statuses = [400, 404, 409, 429, 500, 501, 502, 503, 504];
    expect(statuses.map((s) => [s, maybeActed(answered(s))])).toEqual(statuses.map((s) => [s, s >= 500 && s !== 501]));
  });

  /** DigitalOcean answers every cancel of the job 500, and the n-th read of it (from 1) shows `phaseAt(n)`. */
  function cancelsAnswer500(phaseAt: (read: number) => string): { reads: () => number } {
    let reads = 0;
    pool()
      .intercept({ path: `/v2/gen-ai/indexing_jobs/${JOB}`, method: "GET" })
      .reply(() => {
        reads++;
        return { statusCode: 200, data: JSON.stringify({ job: doJob(JOB, phaseAt(reads)) }) };
      })
      .persist();
    pool()
      .intercept({ path: `/v2/gen-ai/indexing_jobs/${JOB}/cancel`, method: "PUT" })
      .reply(500, { id: "server_error", message: "internal error" })
      .persist();
    return { reads: () => reads };
  }

  it("a cancel answered 500 on every attempt keeps the record as unclear and fails at once, naming the status", async () => {
    const { reads } = cancelsAnswer500(() => "BATCH_JOB_PHASE_RUNNING");
    // A wait is asked for: a vendor failing its cancels is reported now, not after polling until the deadline.
    const err = (await providers.digitalocean
      .create({ ...doInputs, jobUuid: JOB, timeoutSeconds: 60 })
      .catch((e: unknown) => e)) as PartialCancellationError;
    expect(err).toBeInstanceOf(PartialCancellationError);
    expect(err.message).toMatch(/stopped: .*HTTP 500/);
    expect(err.message).toContain(`it may have acted on the cancel of ${JOB}`);
    // The read that found the job, and the one after the refusal (had it finished meanwhile?): no polling.
    expect(reads()).toBe(2);
    expect(err.properties).toMatchObject({
      outcome: "cancel-requested",
      jobs: [{ id: JOB, cancelRequested: true, cancelUnclear: true }],
    });
  });

  it("a cancel answered 500 whose job the next read shows cancelled is recorded as sent, not as never sent", async () => {
    cancelsAnswer500((read) => (read === 1 ? "BATCH_JOB_PHASE_RUNNING" : "BATCH_JOB_PHASE_CANCELLED"));
    const { outs } = await providers.digitalocean.create({ ...doInputs, jobUuid: JOB, timeoutSeconds: 60 });
    expect(outs).toMatchObject({
      outcome: "cancelled",
      jobs: [{ id: JOB, phase: "cancelled", cancelRequested: true }],
    });
    expect(outs?.requestedAt).not.toBeNull();
  });

  it.each([
    [
      "the read right after it",
      1,
      "after the cancel went out, run run-2 is current, not run run-1: the vendor may have cancelled run run-2",
    ],
    [
      "the read before a second attempt",
      2,
      "run run-1 is no longer current (run run-2 is); it is recorded as replaced, outcome unconfirmed, and no request was sent to run run-2",
    ],
  ])(
    "a SuperOffice cancel answered 500, another run current at %s: one cancel only, recorded against the recorded run",
    async (_when, run1Reads, line) => {
      let reads = 0;
      const status = (tag: string) => ({ NamespaceName: "Copilot", CurrentRunTag: tag, IsCompleted: false });
      pool()
        .intercept({ path: "/v1/Agents/AI/GetIndexingStatus", method: "POST" })
        .reply(() => {
          reads++;
          return { statusCode: 200, data: JSON.stringify(status(reads <= run1Reads ? "run-1" : "run-2")) };
        })
        .persist();
      let cancels = 0;
      pool()
        .intercept({ path: "/v1/Agents/AI/CancelIndexing", method: "POST" })
        .reply(() => {
          cancels++;
          return { statusCode: 500, data: JSON.stringify({ Message: "internal error" }) };
        })
        .persist();
      const lines: string[] = [];
      const result = await providers.superoffice
        .create(
          { namespaceName: "Copilot", endpoint: BASE, credentials: { accessToken: "so-token" }, timeoutSeconds: 5 },
          { progress: (l) => lines.push(l) },
        )
        .then(
          (r) => r.outs,
          (e: unknown) => (e as PartialCancellationError).properties,
        );
      // The namespace-addressed cancel is never repeated once another run is current: it would stop run-2.
      expect(cancels).toBe(1);
      expect(result).toMatchObject({
        outcome: "unconfirmed",
        jobIds: ["run-1"],
        jobs: [{ id: "run-1", replacedBy: "run-2", cancelRequested: true }],
      });
      expect(lines).toEqual([expect.stringContaining(line)]);
    },
  );

  it("a cancel that fails with a plain error (a fault while reading the reply) keeps the record as unclear", async () => {
    pool()
      .intercept({ path: `/v2/gen-ai/indexing_jobs/${JOB}`, method: "GET" })
      .reply(200, { job: doJob(JOB) })
      .persist();
    const provider = makeProvider({
      ...digitalocean,
      cancel: () => Promise.reject(new RangeError("Maximum call stack size exceeded")),
    });
    const err = (await provider
      .create({ ...doInputs, jobUuid: JOB, timeoutSeconds: 1 })
      .catch((e: unknown) => e)) as PartialCancellationError;
    expect(err).toBeInstanceOf(PartialCancellationError);
    expect(err.message).toContain("may have accepted the cancel");
    expect(err.properties).toMatchObject({ outcome: "cancel-requested", jobs: [{ id: JOB, cancelUnclear: true }] });
  });
});

describe("a round stopped by an error: the next up sends only what got no clear answer, after a fresh read", () => {
  const jobs = "/accounts/acc-1/ai-search/namespaces/default/instances/docs/jobs";
  const cf = {
    accountId: "acc-1",
    instanceId: "docs",
    endpoint: BASE,
    credentials: { apiToken: "cf-token" },
    waitForTerminal: false,
  };
  const running = (id: string) => ({ id, source: "schedule", started_at: "2026-11-20T08:00:00Z" });
  const ended = (id: string) => ({ ...running(id), ended_at: "2026-11-20T08:01:00Z", end_reason: "cancelled" });

  /** Three running jobs; `answer` decides each PATCH; every PATCH and GET of one job is logged. */
  type Answer = { statusCode: number; data: string };
  const runningReply = (id: string): Answer => ({
    statusCode: 200,
    data: JSON.stringify({ success: true, result: running(id) }),
  });
  /** Three running jobs (or `ids`); `answer` decides each PATCH, `read` each GET of one job; both are logged. */
  function vendor(answer: (id: string) => Answer, ids = ["job-a", "job-b", "job-c"], read = runningReply) {
    const log: string[] = [];
    pool()
      .intercept({ path: `${jobs}?page=1&per_page=50`, method: "GET" })
      .reply(200, {
        success: true,
        result: ids.map(running),
        result_info: { page: 1, per_page: 50, total_count: ids.length },
      });
    pool()
      .intercept({ path: (p: string) => p.startsWith(`${jobs}/`), method: "GET" })
      .reply((opts) => {
        const id = opts.path.slice(jobs.length + 1);
        log.push(`GET ${id}`);
        return read(id);
      })
      .persist();
    pool()
      .intercept({ path: (p: string) => p.startsWith(`${jobs}/`), method: "PATCH" })
      .reply((opts) => {
        const id = opts.path.slice(jobs.length + 1);
        log.push(`PATCH ${id}`);
        return answer(id);
      })
      .persist();
    return log;
  }
  const accept = (id: string) => ({ statusCode: 200, data: JSON.stringify({ success: true, result: ended(id) }) });
  /** Cloudflare's refusal of a cancel (a conflict): clear, so nothing was acted on. */
  const busy: Answer = {
    statusCode: 409,
    data: JSON.stringify({ success: false, errors: [{ code: 1, message: "busy" }] }),
  };

  it("a 500 on the second of three jobs: the first stays accepted, the second unclear, the third unsent; the next up re-sends the second and sends the third, never the first", async () => {
    let failing = true;
    const log = vendor((id) =>
      failing && id === "job-b"
        ? { statusCode: 500, data: JSON.stringify({ success: false, errors: [] }) }
        : accept(id),
    );
    const err = (await providers.cloudflare.create(cf).catch((e: unknown) => e)) as PartialCancellationError;
    expect(err).toBeInstanceOf(PartialCancellationError);
    expect(err.message).toContain("the vendor accepted the cancel of job-a; it may have acted on the cancel of job-b");
    const sent = log.filter((l) => l.startsWith("PATCH"));
    expect(sent.filter((l) => l === "PATCH job-a")).toHaveLength(1);
    expect(sent).toContain("PATCH job-b");
    expect(sent).not.toContain("PATCH job-c");
    expect(err.properties).toMatchObject({
      outcome: "cancel-requested",
      jobs: [
        { id: "job-a", phase: "cancelled", cancelRequested: true, cancelUnclear: false },
        { id: "job-b", cancelRequested: true, cancelUnclear: true },
        { id: "job-c", phase: "running", cancelRequested: false },
      ],
    });

    failing = false;
    log.length = 0;
    const { outs } = await providers.cloudflare.update(err.id, err.properties as never, cf);
    // Each job still running is read, then cancelled; the accepted one is neither read nor sent again.
    expect(log).toEqual(["GET job-b", "PATCH job-b", "GET job-c", "PATCH job-c"]);
    expect(outs).toMatchObject({
      outcome: "cancelled",
      jobs: [
        { id: "job-a", cancelRequested: true },
        { id: "job-b", cancelRequested: true, cancelUnclear: false },
        { id: "job-c", cancelRequested: true, cancelUnclear: false },
      ],
    });
  });
  it("a 409 on the second of three jobs after the first ended cancelled: the record stays cancel-requested, names what the next up sends, and the next up sends it", async () => {
    let refusing = true;
    const log = vendor((id) => (refusing && id === "job-b" ? busy : accept(id)));
    const err = (await providers.cloudflare.create(cf).catch((e: unknown) => e)) as PartialCancellationError;
    expect(err).toBeInstanceOf(PartialCancellationError);
    // job-a is over, yet job-b and job-c still run: not "cancelled".
    expect(err.properties).toMatchObject({ outcome: "cancel-requested" });
    expect(err.message).toContain("the vendor accepted the cancel of job-a");
    expect(err.message).toContain("reads the status of job-b, job-c and sends a cancel to each still running");
    expect(log.filter((l) => l.startsWith("PATCH"))).toEqual(["PATCH job-a", "PATCH job-b"]);

    refusing = false;
    log.length = 0;
    const { outs } = await providers.cloudflare.update(err.id, err.properties as never, cf);
    expect(log).toEqual(["GET job-b", "PATCH job-b", "GET job-c", "PATCH job-c"]);
    expect(outs).toMatchObject({ outcome: "cancelled" });
  });
  it("the next up sends no cancel to a never-sent job that its fresh read shows gone or finished", async () => {
    let refusing = true;
    let later = false;
    const log = vendor(
      (id) => (refusing && id === "job-b" ? busy : accept(id)),
      ["job-a", "job-b", "job-c"],
      (id) =>
        !later
          ? runningReply(id)
          : id === "job-b"
            ? { statusCode: 404, data: JSON.stringify({ success: false, errors: [{ code: 7003, message: "gone" }] }) }
            : {
                statusCode: 200,
                data: JSON.stringify({
                  success: true,
                  result: { ...running(id), ended_at: "2026-11-20T09:00:00Z", end_reason: "completed" },
                }),
              },
    );
    const err = (await providers.cloudflare.create(cf).catch((e: unknown) => e)) as PartialCancellationError;
    expect(err).toBeInstanceOf(PartialCancellationError);
    refusing = false;
    later = true;
    log.length = 0;
    const { outs } = await providers.cloudflare.update(err.id, err.properties as never, cf);
    // Each is read by its own id; neither is sent anything: one is gone, the other finished on its own.
    expect(log).toEqual(["GET job-b", "GET job-c"]);
    expect(outs?.jobs).toMatchObject([
      { id: "job-a", cancelRequested: true },
      { id: "job-b", found: false, cancelRequested: false },
      { id: "job-c", cancelRequested: false },
    ]);
  });

  it("the ids a stopped round's reason names are the vendor's, checked: one that echoes the credential is scrubbed, fails the id pattern, and nothing is sent", async () => {
    const token = "cf-canary-token-7f3a9e21";
    const log = vendor(accept, [`job-${token}`, "job-a", "job-z"]);
    const err = (await providers.cloudflare
      .create({ ...cf, credentials: { apiToken: token } })
      .catch((e: unknown) => e)) as Error;
    expect(err).toBeInstanceOf(ResponseShapeError);
    expect(err.message).toContain("result.0.id: Invalid string: must match pattern");
    expect(err.message).not.toContain(token);
    expect(log).toEqual([]);
  });
});

describe("an id marked secret is refused by check, naming the field", () => {
  it("on both doors' path: the inputs listed in __secretInputs that are ids", async () => {
    const inputs = { ...doInputs, jobUuid: JOB, reason: "r", __secretInputs: ["jobUuid", "reason", "credentials"] };
    const checked = await providers.digitalocean.check({}, inputs);
    expect(checked.failures).toEqual([
      {
        property: "jobUuid",
        reason: expect.stringContaining("jobUuid is marked secret, but an id cannot be kept secret"),
      },
    ]);
    expect(
      (await providers.digitalocean.check({}, { ...inputs, __secretInputs: ["reason"] })).failures,
    ).toBeUndefined();
  });

  it("a Create with no Check before it refuses the same way, before any request", async () => {
    const inputs = { ...doInputs, jobUuid: JOB, __secretInputs: ["jobUuid"] };
    const err = (await providers.digitalocean.create(inputs).catch((e: unknown) => e)) as Error;
    expect(err.message).toContain("jobUuid is marked secret, but an id cannot be kept secret");
    expect(err.message).toContain("Nothing was sent.");
  });
});
