/**
 * The lifecycle of every vendor through the real host (up; second up with no vendor request; refresh; destroy;
 * timeouts, selector, reason and triggers), once per front door: the same table, run by lifecycle.test.ts (the dynamic
 * host) and plugin-lifecycle.test.ts (the plugin). Each scenario holds every vendor's resource in one stack, as one
 * `pulumi up` drives them; its expectations are tables keyed by vendor.
 */
import type { FrontDoor } from "../front-doors";
import { useEmulator, resources } from "../setup";
import type { RunResult } from "../harness";
import { DRIVERS, SECRET_CANARIES, expectNoSecret, type Driver, type SeededJob } from "../vendors";
import {
  byVendor,
  errorsByVendor,
  everyVendorProgram,
  everyVendorStack,
  has,
  named,
  nameOf,
  opsByVendor,
  outputsByVendor,
} from "./every-vendor";
import { everythingPrinted, progressElsewhere, progressShown, type Shown } from "./run-output";

/** Registers the suite for one front door. */
export function lifecycleSuite(door: FrontDoor): void {
  const emu = useEmulator();

  const drivers = DRIVERS.map(door.driver);
  const stack = () => everyVendorStack(emu(), door);
  /** Seeds one job per vendor. */
  const seedAll = (o?: Parameters<Driver["seed"]>[1]) => new Map(drivers.map((d) => [d.vendor, d.seed(emu(), o)]));
  const jobOf = (jobs: Map<string, SeededJob>, d: Driver) => jobs.get(d.vendor)!;
  const vendorRequests = (d: Driver) => emu().requests({ vendor: d.vendor });
  const none = byVendor(drivers, () => []);
  const all = byVendor(drivers, () => true);
  /** Whether the user sees a line matching `line` about the vendor's resource, shown as `shown`. */
  const sees = (run: RunResult, shown: Shown, line: (d: Driver) => RegExp) =>
    byVendor(drivers, (d) => progressShown(run, door, nameOf(d), shown).some((l) => line(d).test(l)));

  describe(`every vendor through ${door.name}`, () => {
    it("up cancels a running job with one cancel request; a second up, refresh and destroy call nothing more", async () => {
      const s = stack();
      const jobs = seedAll();
      const program = everyVendorProgram(drivers, (d) => ({ ...d.jobArgs(jobOf(jobs, d)), reason: "CHG-1" }));
      const up = await s.engine.up(program);
      expect(up.errors).toEqual([]);
      expect(opsByVendor(up, drivers)).toEqual(byVendor(drivers, () => ["create"]));
      expect(outputsByVendor(up, drivers)).toMatchObject(
        byVendor(drivers, (d) => ({
          outcome: "cancelled",
          phase: "cancelled",
          phaseBefore: "running",
          jobIds: [jobOf(jobs, d).id],
        })),
      );
      expect(byVendor(drivers, (d) => d.cancels(emu()).length)).toEqual(byVendor(drivers, () => 1));
      expect(byVendor(drivers, (d) => d.isCancelled(emu(), jobOf(jobs, d)))).toEqual(byVendor(drivers, () => true));
      expect(byVendor(drivers, (d) => named(s, nameOf(d)).outputs.reason)).toEqual(byVendor(drivers, () => "CHG-1"));
      // The outcome reaches `pulumi up`, kept: which resource, which job, the phase, the time waited. On the dynamic
      // host as its stdout; on the plugin as the engine's Log with the resource's URN, and never on its hidden stdout.
      expect(
        sees(up, "kept", (d) => new RegExp(`^ragcancel: \\[${nameOf(d)}\\] .+: cancelled \\(.+\\); waited \\d+ s$`)),
      ).toEqual(all);
      expect(progressElsewhere(up, door)).toEqual([]);

      emu().clearRequests();
      const again = await s.engine.up(program);
      expect(opsByVendor(again, drivers)).toEqual(byVendor(drivers, () => ["same"]));
      expect(byVendor(drivers, vendorRequests)).toEqual(none);

      const before = resources(s).map((r) => r.outputs);
      const refresh = await s.engine.refresh();
      expect(refresh.ok).toBe(true);
      expect(resources(s).map((r) => r.outputs)).toEqual(before);
      expect(byVendor(drivers, (d) => d.cancels(emu()))).toEqual(none);
      expect(byVendor(drivers, (d) => vendorRequests(d).length > 0)).toEqual(byVendor(drivers, () => true));

      emu().clearRequests();
      const destroy = await s.engine.destroy();
      expect(opsByVendor(destroy, drivers)).toEqual(byVendor(drivers, () => ["delete"]));
      expect(byVendor(drivers, vendorRequests)).toEqual(none);
      expect(resources(s)).toEqual([]);
    });

    it("refresh keeps the record with found=false once the vendor forgot the job", async () => {
      const s = stack();
      const jobs = seedAll();
      await s.engine.up(everyVendorProgram(drivers, (d) => d.jobArgs(jobOf(jobs, d))));
      for (const d of drivers) d.forget(emu(), jobOf(jobs, d));
      const refresh = await s.engine.refresh();
      expect(refresh.ok).toBe(true);
      expect(byVendor(drivers, (d) => named(s, nameOf(d)).outputs)).toMatchObject(
        byVendor(drivers, (d) => ({ found: false, outcome: "cancelled", jobIds: [jobOf(jobs, d).id] })),
      );
    });

    it('records a finished job without a cancel request, and fails clearly when ifFinished is "fail"', async () => {
      const s = stack();
      const jobs = seedAll({ phase: "succeeded" });
      const up = await s.engine.up(everyVendorProgram(drivers, (d) => d.jobArgs(jobOf(jobs, d))));
      expect(up.errors).toEqual([]);
      expect(byVendor(drivers, (d) => (up.outputs[d.vendor] as { outcome: string }).outcome)).toEqual(
        byVendor(drivers, (d) => d.finishedOutcome),
      );
      expect(byVendor(drivers, (d) => d.cancels(emu()))).toEqual(none);

      const strict = stack();
      const failed = await strict.engine.up(
        everyVendorProgram(drivers, (d) => ({ ...d.jobArgs(jobOf(jobs, d)), ifFinished: "fail" })),
      );
      expect(failed.ok).toBe(false);
      expect(errorsByVendor(failed, drivers)).toEqual(
        byVendor(drivers, () => [
          expect.stringMatching(/has nothing to cancel.*ifFinished is "fail"\. Nothing was changed\./s),
        ]),
      );
      expect(resources(strict)).toEqual([]);
      expect(byVendor(drivers, (d) => d.cancels(emu()))).toEqual(none);
    });

    // GroundX and OpenAI have no "whatever runs there" form: a process or batch is named by its id.
    const selectors = drivers.filter((d) => d.selectorArgs && d.idleGroup);
    it(`the selector cancels what runs on the target, and reports nothing-running for an idle one (${selectors.map((d) => d.vendor).join(", ")})`, async () => {
      const running = byVendor(selectors, (d) => {
        const first = d.seed(emu());
        const all = d.multiJobSelector ? [first, d.seed(emu(), { group: first.group, phase: "pending" })] : [first];
        if (d.multiJobSelector) d.seed(emu(), { group: first.group, phase: "succeeded" });
        return all;
      });
      const groupOf = (d: Driver) => running[d.vendor]![0]!.group;
      const up = await stack().engine.up(everyVendorProgram(selectors, (d) => d.selectorArgs!(groupOf(d))));
      expect(up.errors).toEqual([]);
      expect(
        byVendor(selectors, (d) => {
          const out = up.outputs[d.vendor] as { outcome: string; phase: string; jobIds: string[] };
          return { outcome: out.outcome, phase: out.phase, jobIds: [...out.jobIds].sort() };
        }),
      ).toEqual(
        byVendor(selectors, (d) => ({
          outcome: "cancelled",
          phase: "cancelled",
          jobIds: running[d.vendor]!.map((j) => j.id).sort(),
        })),
      );
      expect(byVendor(selectors, (d) => d.cancels(emu()).length)).toEqual(
        byVendor(selectors, (d) => running[d.vendor]!.length),
      );

      const idle = await stack().engine.up(everyVendorProgram(selectors, (d) => d.selectorArgs!(d.idleGroup!(emu()))));
      expect(idle.errors).toEqual([]);
      expect(outputsByVendor(idle, selectors)).toMatchObject(
        byVendor(selectors, () => ({ outcome: "nothing-running", jobIds: [], phase: null })),
      );
    });

    it("saves a timed-out wait as cancel-requested, and the next up resumes waiting without cancelling again", async () => {
      const s = stack();
      const jobs = seedAll({ cancelSettleMs: 3_600_000 });
      // 3 s: time for a status read after the cancel, so the wait has a waiting line to show, on a busy machine too.
      const program = everyVendorProgram(drivers, (d) => ({ ...d.jobArgs(jobOf(jobs, d)), timeoutSeconds: 3 }));
      const up = await s.engine.up(program);
      expect(up.ok).toBe(false);
      const message = expect.stringMatching(
        /accepted the cancel.*not confirmed within timeoutSeconds \(3 s\).*saved as cancel-requested; the next `pulumi up` resumes waiting without cancelling again/s,
      );
      expect(errorsByVendor(up, drivers)).toEqual(byVendor(drivers, () => [message]));
      expect(up.errors.map((e) => e.message).join("\n")).not.toContain("no response");
      // While it waited, the user saw that it waits (on the plugin, as each resource's status line).
      expect(
        sees(up, "status", (d) => new RegExp(`^ragcancel: \\[${nameOf(d)}\\] .+: cancelling \\(.+\\); waited \\d+ s$`)),
      ).toEqual(all);
      expectNoSecret({ "the provider's output and engine log": everythingPrinted(up) }, SECRET_CANARIES);
      expect(progressElsewhere(up, door)).toEqual([]);
      expect(byVendor(drivers, (d) => named(s, nameOf(d)).outputs)).toMatchObject(
        byVendor(drivers, (d) => ({ outcome: "cancel-requested", phase: "cancelling", jobIds: [jobOf(jobs, d).id] })),
      );
      expect(byVendor(drivers, (d) => named(s, nameOf(d)).initErrors?.length)).toEqual(byVendor(drivers, () => 1));
      const requestedAt = byVendor(drivers, (d) => named(s, nameOf(d)).outputs.requestedAt);
      expect(byVendor(drivers, (d) => typeof requestedAt[d.vendor])).toEqual(byVendor(drivers, () => "string"));

      for (const d of drivers) d.settleNow(emu(), jobOf(jobs, d));
      const resumed = await s.engine.up(program);
      expect(resumed.errors).toEqual([]);
      expect(opsByVendor(resumed, drivers)).toEqual(byVendor(drivers, () => ["update"]));
      expect(outputsByVendor(resumed, drivers)).toMatchObject(
        byVendor(drivers, () => ({ outcome: "cancelled", phase: "cancelled" })),
      );
      expect(byVendor(drivers, (d) => named(s, nameOf(d)).initErrors ?? [])).toEqual(none);
      expect(byVendor(drivers, (d) => named(s, nameOf(d)).outputs.requestedAt)).toEqual(requestedAt);
      // The first cancel's answer was clear: it is never sent again.
      expect(byVendor(drivers, (d) => d.cancels(emu()).length)).toEqual(byVendor(drivers, () => 1));
    });

    it("updates the reason in place with no vendor call, and replaces (cancelling again) when triggers change", async () => {
      const s = stack();
      const jobs = seedAll();
      const target = (d: Driver) => {
        const job = jobOf(jobs, d);
        return d.selectorArgs ? d.selectorArgs(job.group) : d.jobArgs(job);
      };
      await s.engine.up(everyVendorProgram(drivers, (d) => ({ ...target(d), reason: "first", triggers: [1] })));
      emu().clearRequests();

      const reasoned = await s.engine.up(
        everyVendorProgram(drivers, (d) => ({ ...target(d), reason: "second", triggers: [1] })),
      );
      expect(opsByVendor(reasoned, drivers)).toEqual(byVendor(drivers, () => ["update"]));
      expect(byVendor(drivers, (d) => named(s, nameOf(d)).outputs.reason)).toEqual(byVendor(drivers, () => "second"));
      expect(byVendor(drivers, vendorRequests)).toEqual(none);

      const next = byVendor(drivers, (d) => d.restart(emu(), jobOf(jobs, d)));
      const replaced = await s.engine.up(
        everyVendorProgram(drivers, (d) => ({ ...target(d), reason: "second", triggers: [2] })),
      );
      expect(replaced.errors).toEqual([]);
      expect(opsByVendor(replaced, drivers)).toEqual(byVendor(drivers, () => ["replace"]));
      expect(outputsByVendor(replaced, drivers)).toMatchObject(
        byVendor(drivers, (d) => ({ outcome: "cancelled", jobIds: [next[d.vendor]!.id] })),
      );
      expect(byVendor(drivers, (d) => d.cancels(emu()).length)).toEqual(byVendor(drivers, () => 1));
      expect(byVendor(drivers, (d) => has(s, nameOf(d)))).toEqual(byVendor(drivers, () => true));
      expect(resources(s)).toHaveLength(drivers.length);
    });

    it("preview makes no vendor request", async () => {
      const jobs = seedAll();
      const preview = await stack().engine.preview(everyVendorProgram(drivers, (d) => d.jobArgs(jobOf(jobs, d))));
      expect(preview.ok).toBe(true);
      expect(opsByVendor(preview, drivers)).toEqual(byVendor(drivers, () => ["preview-create"]));
      expect(byVendor(drivers, vendorRequests)).toEqual(none);
    });
  });
}
