/**
 * Each adapter against the emulator's answers to what the vendors leave undocumented: a cancel that reaches a job
 * which finished after the status read (an echo of the finished job, or a 4xx/5xx, depending on the vendor), and a
 * cancelled SuperOffice run that may or may not also report IsCompleted. The provider runs in-process here.
 */
import { providers } from "../../provider";
import { configureHttp } from "../../provider/http/http";
import type { Emulator } from "../emulator";
import { emulator } from "../engine/setup";
import { DRIVERS } from "../engine/vendors";

let emu: Emulator;
beforeAll(async () => {
  emu = await emulator();
  configureHttp({ retry: { minDelayMs: 1, maxDelayMs: 10 } });
  jest.spyOn(console, "log").mockImplementation(() => undefined);
});
afterAll(async () => {
  await emu.close();
});
beforeEach(() => {
  emu.reset();
});

const cases = DRIVERS.flatMap((d) => d.cancelFinishedModes.map((mode) => ({ d, vendor: d.vendor, mode })));

describe("a cancel that reaches a job which finished after it was read", () => {
  it.each(cases)("$vendor answering $mode records already-finished, not a failure", async ({ d, mode }) => {
    const job = d.seed(emu, { phase: "succeeded" });
    // The status read still says running: the job finished between the read and the cancel.
    emu.inject({ vendor: d.vendor, ...d.statusRead(job), status: 200, json: d.runningReply(job) });
    d.setCancelFinished(emu, mode);

    const { outs } = await providers[d.vendor].create({
      ...d.jobArgs(job),
      ...d.directInputs(emu),
      timeoutSeconds: 20,
    });

    expect(outs).toMatchObject({
      outcome: "already-finished",
      phaseBefore: "running",
      phase: "succeeded",
      jobIds: [job.id],
    });
    expect(d.cancels(emu).length).toBeGreaterThanOrEqual(1);
  });
});

describe("SuperOffice: whether a cancelled run also reports IsCompleted (undocumented)", () => {
  it.each([false, true])("cancelledAlsoCompleted=%s gives outcome cancelled", async (cancelledAlsoCompleted) => {
    emu.superoffice.seedRun({
      namespace: "ServiceCopilot",
      runTag: "run-1",
      cancelSettleMs: 0,
      cancelledAlsoCompleted,
    });
    const d = DRIVERS.find((x) => x.vendor === "superoffice")!;
    const { outs } = await providers.superoffice.create({ namespaceName: "ServiceCopilot", ...d.directInputs(emu) });
    expect(outs).toMatchObject({ outcome: "cancelled", phase: "cancelled", jobIds: ["run-1"] });
    expect(emu.superoffice.run("ServiceCopilot")).toMatchObject({
      IsCancelled: true,
      IsCompleted: cancelledAlsoCompleted,
    });
  });
});
