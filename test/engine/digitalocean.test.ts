import { digitalocean } from "pulumi-rag-cancel";
import type { Emulator } from "../emulator";
import { emulator, only, resources, stack, vendorRequests, type Stack } from "./setup";

const KB = "0b9f5c2e-5d8a-4b2a-9a53-7a3c3e0d1f00";
const OTHER_KB = "1c0a6d3f-6e9b-4c3b-8b64-8b4d4f1e2a11";

/** A program with one cancellation, exporting its audit record. */
function program(args: digitalocean.IndexingJobCancellationArgs) {
  return () => {
    const stop = new digitalocean.IndexingJobCancellation("stop", args);
    return {
      outcome: stop.outcome,
      phase: stop.phase,
      phaseBefore: stop.phaseBefore,
      jobIds: stop.jobIds,
      found: stop.found,
    };
  };
}

let emu: Emulator;
let s: Stack;
beforeAll(async () => {
  emu = await emulator();
});
afterAll(async () => {
  await emu.close();
});
beforeEach(() => {
  emu.reset();
  s = stack(emu);
});

describe("DigitalOcean through the real provider host", () => {
  it("up cancels a running job with one cancel request; a second up, refresh and destroy behave", async () => {
    const job = emu.digitalocean.seedJob({ knowledgeBaseUuid: KB });

    const up = await s.engine.up(program({ jobUuid: job.uuid, reason: "CHG-1" }));
    expect(up.errors).toEqual([]);
    expect(up.steps.map((x) => x.op)).toEqual(["create"]);
    expect(up.outputs).toMatchObject({
      outcome: "cancelled",
      phase: "cancelled",
      phaseBefore: "running",
      jobIds: [job.uuid],
    });
    expect(vendorRequests(emu, "PUT")).toHaveLength(1);
    expect(emu.digitalocean.job(job.uuid)?.phase).toBe("BATCH_JOB_PHASE_CANCELLED");

    emu.clearRequests();
    const again = await s.engine.up(program({ jobUuid: job.uuid, reason: "CHG-1" }));
    expect(again.steps.map((x) => x.op)).toEqual(["same"]);
    expect(vendorRequests(emu)).toEqual([]);

    const before = only(s).outputs;
    const refresh = await s.engine.refresh();
    expect(refresh.ok).toBe(true);
    expect(only(s).outputs).toEqual(before);
    expect(vendorRequests(emu).map((r) => r.method)).toEqual(["GET"]);

    emu.clearRequests();
    const destroy = await s.engine.destroy();
    expect(destroy.steps.map((x) => x.op)).toEqual(["delete"]);
    expect(vendorRequests(emu)).toEqual([]);
    expect(resources(s)).toEqual([]);
  });

  it("refresh keeps the record with found=false once the vendor forgot the job", async () => {
    const job = emu.digitalocean.seedJob({});
    await s.engine.up(program({ jobUuid: job.uuid }));
    emu.digitalocean.forgetJob(job.uuid);
    const refresh = await s.engine.refresh();
    expect(refresh.ok).toBe(true);
    expect(only(s).outputs).toMatchObject({ found: false, outcome: "cancelled", jobIds: [job.uuid] });
  });

  it("records an already-finished job without a cancel request, and fails clearly when ifFinished is fail", async () => {
    const job = emu.digitalocean.seedJob({ phase: "succeeded" });
    const up = await s.engine.up(program({ jobUuid: job.uuid }));
    expect(up.outputs).toMatchObject({ outcome: "already-finished", phase: "succeeded", phaseBefore: "succeeded" });
    expect(vendorRequests(emu, "PUT")).toEqual([]);

    const strict = stack(emu);
    const failed = await strict.engine.up(program({ jobUuid: job.uuid, ifFinished: "fail" }));
    expect(failed.ok).toBe(false);
    expect(failed.errors[0]?.message).toContain(
      `indexing job ${job.uuid} has nothing to cancel: ${job.uuid} is succeeded`,
    );
    expect(resources(strict)).toEqual([]);
    expect(vendorRequests(emu, "PUT")).toEqual([]);
  });

  it("cancels both running jobs of a knowledge base, and reports nothing-running for an idle one", async () => {
    const a = emu.digitalocean.seedJob({ knowledgeBaseUuid: KB });
    const b = emu.digitalocean.seedJob({ knowledgeBaseUuid: KB, phase: "pending" });
    emu.digitalocean.seedJob({ knowledgeBaseUuid: KB, phase: "succeeded" });
    emu.digitalocean.seedJob({ knowledgeBaseUuid: OTHER_KB, phase: "failed" });

    const up = await s.engine.up(program({ knowledgeBaseUuid: KB }));
    expect(up.outputs).toMatchObject({ outcome: "cancelled", phase: "cancelled" });
    expect([...(up.outputs.jobIds as string[])].sort()).toEqual([a.uuid, b.uuid].sort());
    expect(
      vendorRequests(emu, "PUT")
        .map((r) => r.path)
        .sort(),
    ).toEqual([a.uuid, b.uuid].map((u) => `/v2/gen-ai/indexing_jobs/${u}/cancel`).sort());

    const idle = await stack(emu).engine.up(program({ knowledgeBaseUuid: OTHER_KB }));
    expect(idle.outputs).toMatchObject({ outcome: "nothing-running", jobIds: [], phase: null });
  });

  it("saves a timed-out wait as cancel-requested, and the next up resumes and confirms without cancelling again", async () => {
    const job = emu.digitalocean.seedJob({ cancelSettleMs: 3_600_000 });
    const args = { jobUuid: job.uuid, timeoutSeconds: 1 };
    const up = await s.engine.up(program(args));
    expect(up.ok).toBe(false);
    expect(up.errors[0]?.message).toContain("accepted the cancel");
    expect(up.errors[0]?.message).toContain("saved as cancel-requested; the next `pulumi up` resumes waiting");
    expect(only(s).outputs).toMatchObject({ outcome: "cancel-requested", phase: "cancelling" });
    expect(only(s).initErrors?.length).toBe(1);

    emu.digitalocean.patchJob(job.uuid, { cancelSettleMs: 0 });
    const resumed = await s.engine.up(program(args));
    expect(resumed.errors).toEqual([]);
    expect(resumed.steps.map((x) => x.op)).toEqual(["update"]);
    expect(resumed.outputs).toMatchObject({ outcome: "cancelled", phase: "cancelled" });
    expect(only(s).initErrors ?? []).toEqual([]);
    expect(vendorRequests(emu, "PUT")).toHaveLength(1);
  });

  it("updates the reason in place with no vendor call, and replaces (cancelling again) when triggers change", async () => {
    emu.digitalocean.seedJob({ knowledgeBaseUuid: KB });
    await s.engine.up(program({ knowledgeBaseUuid: KB, reason: "first", triggers: [1] }));
    emu.clearRequests();

    const reasoned = await s.engine.up(program({ knowledgeBaseUuid: KB, reason: "second", triggers: [1] }));
    expect(reasoned.steps.map((x) => x.op)).toEqual(["update"]);
    expect(only(s).outputs.reason).toBe("second");
    expect(vendorRequests(emu)).toEqual([]);

    const next = emu.digitalocean.seedJob({ knowledgeBaseUuid: KB });
    const replaced = await s.engine.up(program({ knowledgeBaseUuid: KB, reason: "second", triggers: [2] }));
    expect(replaced.steps.map((x) => x.op)).toEqual(["replace"]);
    expect(replaced.outputs).toMatchObject({ outcome: "cancelled", jobIds: [next.uuid] });
    expect(vendorRequests(emu, "PUT").map((r) => r.path)).toEqual([`/v2/gen-ai/indexing_jobs/${next.uuid}/cancel`]);
    expect(resources(s)).toHaveLength(1);
  });

  it("preview makes no vendor request", async () => {
    const job = emu.digitalocean.seedJob({});
    const preview = await s.engine.preview(program({ jobUuid: job.uuid }));
    expect(preview.ok).toBe(true);
    expect(preview.steps.map((x) => x.op)).toEqual(["preview-create"]);
    expect(vendorRequests(emu)).toEqual([]);
  });
});
