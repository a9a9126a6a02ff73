/**
 * The progress sink: the lifecycle reports through the sink of its call context, waiting lines ephemeral and the
 * outcome and a replaced run lasting; with no sink given (the dynamic host) it prints to stdout; every line passes
 * the operation's redactor.
 */
import { providers } from "../../provider";
import { Redactor } from "../../provider/http/redact";
import { scrubbedProgress, type ProgressOptions } from "../../provider/lifecycle/progress";
import { useMockVendor } from "./support/mock-vendor";

const BASE = "https://vendor.test";
const JOB = "123e4567-e89b-12d3-a456-426614174000";
const TOKEN = "dop_v1_canary_progress_5e7a";
const { pool } = useMockVendor(BASE);

/** A sink that keeps what it was given. */
function recording() {
  const lines: { line: string; ephemeral: boolean }[] = [];
  return { lines, sink: (line: string, o: ProgressOptions) => lines.push({ line, ephemeral: o.ephemeral }) };
}

const doJob = (phase: string) => ({ job: { uuid: JOB, phase: `BATCH_JOB_PHASE_${phase}`, status: "X" } });

it("a wait's lines go to the given sink, not stdout: waiting lines ephemeral, the outcome kept", async () => {
  const printed = jest.spyOn(console, "log");
  const status = (phase: string) =>
    pool()
      .intercept({ path: `/v2/gen-ai/indexing_jobs/${JOB}`, method: "GET" })
      .reply(200, doJob(phase));
  status("RUNNING");
  pool()
    .intercept({ path: `/v2/gen-ai/indexing_jobs/${JOB}/cancel`, method: "PUT" })
    .reply(200, doJob("RUNNING"));
  status("RUNNING");
  status("CANCELLED");
  const { lines, sink } = recording();
  await providers.digitalocean.create(
    { jobUuid: JOB, endpoint: BASE, credentials: { token: TOKEN }, timeoutSeconds: 5, __resourceName: "stop-kb" },
    { progress: sink },
  );
  expect(lines).toEqual([
    { line: expect.stringMatching(/^ragcancel: \[stop-kb\] .+: cancelling \(.+\); waited 0 s$/), ephemeral: true },
    { line: expect.stringMatching(/^ragcancel: \[stop-kb\] .+: cancelled \(.+\); waited \d+ s$/), ephemeral: false },
  ]);
  expect(printed).not.toHaveBeenCalled();
});

/**
 * SuperOffice's run-1 is read (create, then before its cancel), cancelled, then found replaced by `next` on the
 * first poll of the wait.
 */
function replacedDuringWait(next: string): void {
  const status = (tag: string) => ({ NamespaceName: "Copilot", CurrentRunTag: tag, IsCompleted: false });
  const read = (tag: string) =>
    pool().intercept({ path: "/v1/Agents/AI/GetIndexingStatus", method: "POST" }).reply(200, status(tag));
  read("run-1");
  read("run-1");
  pool().intercept({ path: "/v1/Agents/AI/CancelIndexing", method: "POST" }).reply(200, status("run-1"));
  read(next);
}

it("a SuperOffice run replaced during the wait is reported once, as a lasting line", async () => {
  replacedDuringWait("run-2");
  const { lines, sink } = recording();
  await providers.superoffice.create(
    { namespaceName: "Copilot", endpoint: BASE, credentials: { accessToken: "so-token" }, timeoutSeconds: 5 },
    { progress: sink },
  );
  expect(lines.filter((l) => l.line.includes("no longer current"))).toEqual([
    { line: expect.stringContaining("run run-1 is no longer current (run run-2 is)"), ephemeral: false },
  ]);
});

it("a replaced run's line passes the redactor too: a run tag that echoes the credential is scrubbed", async () => {
  const SO_TOKEN = "so-token-canary-7d1e";
  replacedDuringWait(`run-2-${SO_TOKEN}`);
  const { lines, sink } = recording();
  await providers.superoffice
    .create(
      { namespaceName: "Copilot", endpoint: BASE, credentials: { accessToken: SO_TOKEN }, timeoutSeconds: 5 },
      { progress: sink },
    )
    .catch(() => undefined);
  expect(lines.filter((l) => l.line.includes("no longer current"))).toEqual([
    { line: expect.stringContaining("run run-1 is no longer current (run run-2-[redacted] is)"), ephemeral: false },
  ]);
  expect(JSON.stringify(lines)).not.toContain(SO_TOKEN);
});

it("the sink is the last guard: a credential in a line is scrubbed, and a sink that throws fails nothing", () => {
  const { lines, sink } = recording();
  const guarded = scrubbedProgress(sink, new Redactor([TOKEN]));
  guarded(`ragcancel: [x] echoed ${TOKEN}\u001b[2J`, { ephemeral: true });
  expect(lines).toEqual([{ line: "ragcancel: [x] echoed [redacted]", ephemeral: true }]);
  const throwing = scrubbedProgress(() => {
    throw new Error("stdout closed");
  }, new Redactor([]));
  expect(() => {
    throwing("a line", { ephemeral: false });
  }).not.toThrow();
});
