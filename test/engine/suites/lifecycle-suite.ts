/**
 * The lifecycle of every vendor through the real host (up; second up with no vendor request; refresh; destroy;
 * timeouts, selector, reason and triggers), once per front door: the same table, run by
 * lifecycle.test.ts (the dynamic host) and plugin-lifecycle.test.ts (the plugin).
 */
import type { Emulator } from "../../emulator";
import type { FrontDoor } from "../front-doors";
import { emulator, only, resources, stack as newStack, type Stack } from "../setup";
import { DRIVERS, type Driver } from "../vendors";

/** Registers the suite for one front door. */
export function lifecycleSuite(door: FrontDoor): void {
  let emu: Emulator;
  beforeAll(async () => {
    emu = await emulator();
  });
  afterAll(async () => {
    await emu.close();
  });

  /** A program with one cancellation, exporting its audit record. */
  function program(d: Driver, args: Record<string, unknown>) {
    return () => {
      const stop = d.create("stop", args);
      return {
        outcome: stop.outcome,
        phase: stop.phase,
        phaseBefore: stop.phaseBefore,
        jobIds: stop.jobIds,
        found: stop.found,
      };
    };
  }

  const stack = (e: Emulator) => newStack(e, door.stack);
  describe.each(DRIVERS.map(door.driver))(`$vendor through ${door.name}`, (d) => {
    let s: Stack;
    beforeEach(() => {
      emu.reset();
      s = stack(emu);
    });
    const vendorRequests = () => emu.requests({ vendor: d.vendor });

    it("up cancels a running job with one cancel request; a second up, refresh and destroy call nothing more", async () => {
      const job = d.seed(emu);
      const up = await s.engine.up(program(d, { ...d.jobArgs(job), reason: "CHG-1" }));
      expect(up.errors).toEqual([]);
      expect(up.steps.map((x) => x.op)).toEqual(["create"]);
      expect(up.outputs).toMatchObject({
        outcome: "cancelled",
        phase: "cancelled",
        phaseBefore: "running",
        jobIds: [job.id],
      });
      expect(d.cancels(emu)).toHaveLength(1);
      expect(d.isCancelled(emu, job)).toBe(true);
      expect(only(s).outputs.reason).toBe("CHG-1");
      // Progress reaches `pulumi up` as host output: which resource, which job, the phase, the time waited.
      expect(up.hostLog.join("\n")).toMatch(/^ragcancel: \[stop\] .+: cancelled \(.+\); waited \d+ s$/m);

      emu.clearRequests();
      const again = await s.engine.up(program(d, { ...d.jobArgs(job), reason: "CHG-1" }));
      expect(again.steps.map((x) => x.op)).toEqual(["same"]);
      expect(vendorRequests()).toEqual([]);

      const before = only(s).outputs;
      const refresh = await s.engine.refresh();
      expect(refresh.ok).toBe(true);
      expect(only(s).outputs).toEqual(before);
      expect(d.cancels(emu)).toEqual([]);
      expect(vendorRequests().length).toBeGreaterThan(0);

      emu.clearRequests();
      const destroy = await s.engine.destroy();
      expect(destroy.steps.map((x) => x.op)).toEqual(["delete"]);
      expect(vendorRequests()).toEqual([]);
      expect(resources(s)).toEqual([]);
    });

    it("refresh keeps the record with found=false once the vendor forgot the job", async () => {
      const job = d.seed(emu);
      await s.engine.up(program(d, d.jobArgs(job)));
      d.forget(emu, job);
      const refresh = await s.engine.refresh();
      expect(refresh.ok).toBe(true);
      expect(only(s).outputs).toMatchObject({ found: false, outcome: "cancelled", jobIds: [job.id] });
    });

    it('records a finished job without a cancel request, and fails clearly when ifFinished is "fail"', async () => {
      const job = d.seed(emu, { phase: "succeeded" });
      const up = await s.engine.up(program(d, d.jobArgs(job)));
      expect(up.errors).toEqual([]);
      expect(up.outputs.outcome).toBe(d.finishedOutcome);
      expect(d.cancels(emu)).toEqual([]);

      const strict = stack(emu);
      const failed = await strict.engine.up(program(d, { ...d.jobArgs(job), ifFinished: "fail" }));
      expect(failed.ok).toBe(false);
      expect(failed.errors[0]?.message).toContain("has nothing to cancel");
      expect(failed.errors[0]?.message).toContain('ifFinished is "fail". Nothing was changed.');
      expect(resources(strict)).toEqual([]);
      expect(d.cancels(emu)).toEqual([]);
    });

    // GroundX has no "whatever runs there" form: a process is named by its id.
    const selectorIt = d.selectorArgs && d.idleGroup ? it : undefined;
    selectorIt?.(
      "the selector cancels what runs on the target, and reports nothing-running for an idle one",
      async () => {
        const first = d.seed(emu);
        const running = d.multiJobSelector ? [first, d.seed(emu, { group: first.group, phase: "pending" })] : [first];
        if (d.multiJobSelector) d.seed(emu, { group: first.group, phase: "succeeded" });

        const up = await s.engine.up(program(d, d.selectorArgs!(first.group)));
        expect(up.errors).toEqual([]);
        expect(up.outputs).toMatchObject({ outcome: "cancelled", phase: "cancelled" });
        expect([...(up.outputs.jobIds as string[])].sort()).toEqual(running.map((j) => j.id).sort());
        expect(d.cancels(emu)).toHaveLength(running.length);

        const idle = await stack(emu).engine.up(program(d, d.selectorArgs!(d.idleGroup!(emu))));
        expect(idle.errors).toEqual([]);
        expect(idle.outputs).toMatchObject({ outcome: "nothing-running", jobIds: [], phase: null });
      },
    );

    it("saves a timed-out wait as cancel-requested, and the next up resumes waiting without cancelling again", async () => {
      const job = d.seed(emu, { cancelSettleMs: 3_600_000 });
      const args = { ...d.jobArgs(job), timeoutSeconds: 1 };
      const up = await s.engine.up(program(d, args));
      expect(up.ok).toBe(false);
      expect(up.errors[0]?.message).toContain("accepted the cancel");
      expect(up.errors[0]?.message).toContain("not confirmed within timeoutSeconds (1 s)");
      expect(up.errors[0]?.message).not.toContain("no response");
      expect(up.errors[0]?.message).toContain(
        "saved as cancel-requested; the next `pulumi up` resumes waiting without cancelling again",
      );
      expect(only(s).outputs).toMatchObject({ outcome: "cancel-requested", phase: "cancelling", jobIds: [job.id] });
      expect(only(s).initErrors?.length).toBe(1);
      const requestedAt = only(s).outputs.requestedAt;
      expect(typeof requestedAt).toBe("string");

      d.settleNow(emu, job);
      const resumed = await s.engine.up(program(d, args));
      expect(resumed.errors).toEqual([]);
      expect(resumed.steps.map((x) => x.op)).toEqual(["update"]);
      expect(resumed.outputs).toMatchObject({ outcome: "cancelled", phase: "cancelled" });
      expect(only(s).initErrors ?? []).toEqual([]);
      expect(only(s).outputs.requestedAt).toBe(requestedAt);
      // The first cancel's answer was clear: it is never sent again.
      expect(d.cancels(emu)).toHaveLength(1);
    });

    it("updates the reason in place with no vendor call, and replaces (cancelling again) when triggers change", async () => {
      const job = d.seed(emu);
      const target = d.selectorArgs ? d.selectorArgs(job.group) : d.jobArgs(job);
      await s.engine.up(program(d, { ...target, reason: "first", triggers: [1] }));
      emu.clearRequests();

      const reasoned = await s.engine.up(program(d, { ...target, reason: "second", triggers: [1] }));
      expect(reasoned.steps.map((x) => x.op)).toEqual(["update"]);
      expect(only(s).outputs.reason).toBe("second");
      expect(vendorRequests()).toEqual([]);

      const next = d.restart(emu, job);
      const replaced = await s.engine.up(program(d, { ...target, reason: "second", triggers: [2] }));
      expect(replaced.errors).toEqual([]);
      expect(replaced.steps.map((x) => x.op)).toEqual(["replace"]);
      expect(replaced.outputs).toMatchObject({ outcome: "cancelled", jobIds: [next.id] });
      expect(d.cancels(emu)).toHaveLength(1);
      expect(resources(s)).toHaveLength(1);
    });

    it("preview makes no vendor request", async () => {
      const job = d.seed(emu);
      const preview = await s.engine.preview(program(d, d.jobArgs(job)));
      expect(preview.ok).toBe(true);
      expect(preview.steps.map((x) => x.op)).toEqual(["preview-create"]);
      expect(vendorRequests()).toEqual([]);
    });
  });
}
