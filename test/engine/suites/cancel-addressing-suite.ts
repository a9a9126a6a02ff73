/**
 * Trust, class 1: a cancellation acts only on the job its record targets. Through the real provider host: a resumed
 * wait never repeats a clear cancel; an unclear one is repeated only after a read shows the same job still running;
 * SuperOffice's namespace-addressed cancel never reaches a run that replaced the recorded one, is never re-sent by
 * the HTTP retry, and a replaced run is recorded as such, not as cancelled. The per-vendor scenarios hold every
 * vendor's resource in one stack.
 */
import type { Emulator } from "../../emulator";
import { useEmulator, only, stack as newStack, type Stack } from "../setup";
import { DRIVERS, ownRoutes, type Driver } from "../vendors";
import type { FrontDoor } from "../front-doors";
import type { EngineOptions } from "../harness";
import {
  byVendor,
  errorsByVendor,
  everyVendorProgram,
  everyVendorStack,
  named,
  nameOf,
  opsByVendor,
  outputsByVendor,
} from "./every-vendor";
import { progressShown } from "./run-output";

/** Registers the suite for one front door: the dynamic host or the plugin. */
export function cancelAddressingSuite(door: FrontDoor): void {
  const stack = (e: Emulator, o: Partial<EngineOptions> = {}) => newStack(e, { ...door.stack, ...o });

  const emu = useEmulator();

  interface JobOut {
    id: string;
    cancelRequested: boolean;
    cancelUnclear: boolean;
    found: boolean;
    replacedBy: string | null;
  }

  function program(d: Driver, args: Record<string, unknown>) {
    return () => {
      const stop = d.create("stop", args);
      return { outcome: stop.outcome, phase: stop.phase };
    };
  }

  const jobsOf = (s: Stack) => only(s).outputs.jobs as JobOut[];
  const SLOW = { cancelSettleMs: 3_600_000 };

  describe(`every vendor: a cancel acts only on the recorded job (${door.name})`, () => {
    const drivers = DRIVERS.map(door.driver);
    const jobsByVendor = (s: Stack) => byVendor(drivers, (d) => named(s, nameOf(d)).outputs.jobs as JobOut[]);

    it("a reason edit after a timed-out wait sends no cancel when the first answer was clear", async () => {
      const s = everyVendorStack(emu(), door);
      const jobs = byVendor(drivers, (d) => d.seed(emu(), SLOW));
      const args = (d: Driver, reason: string) => ({ ...d.jobArgs(jobs[d.vendor]!), timeoutSeconds: 2, reason });
      const up = await s.engine.up(everyVendorProgram(drivers, (d) => args(d, "first")));
      expect(up.ok).toBe(false);
      expect(errorsByVendor(up, drivers)).toEqual(
        byVendor(drivers, () => [expect.stringContaining("not confirmed within timeoutSeconds (2 s)")]),
      );
      expect(jobsByVendor(s)).toMatchObject(
        byVendor(drivers, (d) => [{ id: jobs[d.vendor]!.id, cancelRequested: true, cancelUnclear: false }]),
      );

      const edited = await s.engine.up(everyVendorProgram(drivers, (d) => args(d, "second")));
      expect(opsByVendor(edited, drivers)).toEqual(byVendor(drivers, () => ["update"]));
      expect(byVendor(drivers, (d) => d.cancels(emu()).length)).toEqual(byVendor(drivers, () => 1));
      expect(byVendor(drivers, (d) => named(s, nameOf(d)).outputs)).toMatchObject(
        byVendor(drivers, () => ({ outcome: "cancel-requested", reason: "second" })),
      );
    });

    it("a cancel whose answer was lost is recorded as unclear, re-sent after a read, and confirmed", async () => {
      const s = everyVendorStack(emu(), door);
      const jobs = byVendor(drivers, (d) => d.seed(emu()));
      // Every attempt's connection is cut before the vendor acts (the HTTP layer retries job-addressed cancels).
      for (const d of drivers)
        emu().inject({ vendor: d.vendor, ...d.cancelRequest(jobs[d.vendor]!), reset: true, times: 10 });
      const args = (d: Driver, timeoutSeconds: number) => ({ ...d.jobArgs(jobs[d.vendor]!), timeoutSeconds });
      const up = await s.engine.up(everyVendorProgram(drivers, (d) => args(d, 2)));
      expect(up.ok).toBe(false);
      expect(errorsByVendor(up, drivers)).toEqual(
        byVendor(drivers, () => [
          expect.stringMatching(
            /may have accepted the cancel.*sends the cancel again only if the job is still running/s,
          ),
        ]),
      );
      expect(jobsByVendor(s)).toMatchObject(
        byVendor(drivers, (d) => [{ id: jobs[d.vendor]!.id, cancelRequested: true, cancelUnclear: true }]),
      );
      expect(byVendor(drivers, (d) => d.isCancelled(emu(), jobs[d.vendor]!))).toEqual(byVendor(drivers, () => false));

      emu().clearFaults();
      emu().clearRequests();
      const resumed = await s.engine.up(everyVendorProgram(drivers, (d) => args(d, 5)));
      expect(resumed.errors).toEqual([]);
      expect(outputsByVendor(resumed, drivers)).toMatchObject(byVendor(drivers, () => ({ outcome: "cancelled" })));
      expect(byVendor(drivers, (d) => d.cancels(emu()).length)).toEqual(byVendor(drivers, () => 1));
      // The status read went out before the repeated cancel.
      expect(
        byVendor(drivers, (d) => {
          const log = emu().requests({ vendor: d.vendor });
          return log.findIndex((r) => r.seq === d.cancels(emu())[0]!.seq) > 0;
        }),
      ).toEqual(byVendor(drivers, () => true));
      expect(jobsByVendor(s)).toMatchObject(
        byVendor(drivers, (d) => [{ id: jobs[d.vendor]!.id, cancelUnclear: false, found: true }]),
      );
    });

    it("a lost cancel is not re-sent once the job is no longer running", async () => {
      const s = everyVendorStack(emu(), door);
      const jobs = byVendor(drivers, (d) => d.seed(emu(), SLOW));
      for (const d of drivers)
        emu().inject({ vendor: d.vendor, ...d.cancelRequest(jobs[d.vendor]!), dropReplyAfterAction: true, times: 10 });
      const program = everyVendorProgram(drivers, (d) => ({ ...d.jobArgs(jobs[d.vendor]!), timeoutSeconds: 2 }));
      const up = await s.engine.up(program);
      expect(up.ok).toBe(false);
      expect(jobsByVendor(s)).toMatchObject(byVendor(drivers, () => [{ cancelUnclear: true }]));
      for (const d of drivers) d.settleNow(emu(), jobs[d.vendor]!);
      emu().clearRequests();
      const resumed = await s.engine.up(program);
      expect(resumed.errors).toEqual([]);
      expect(byVendor(drivers, (d) => d.cancels(emu()))).toEqual(byVendor(drivers, () => []));
      expect(outputsByVendor(resumed, drivers)).toMatchObject(byVendor(drivers, () => ({ outcome: "cancelled" })));
    });
  });

  describe("SuperOffice: the namespace's current run can change under a record", () => {
    const d = door.driver(DRIVERS.find((x) => x.vendor === "superoffice")!);
    let s: Stack;
    beforeEach(() => {
      emu().reset();
      s = stack(emu());
    });

    it("a run that replaced the recorded one is never cancelled; the record says replaced, outcome unconfirmed", async () => {
      const runA = d.seed(emu(), SLOW);
      const first = await s.engine.up(program(d, { ...d.jobArgs(runA), timeoutSeconds: 2, reason: "first" }));
      expect(first.ok).toBe(false);
      expect(only(s).outputs).toMatchObject({ outcome: "cancel-requested", jobIds: [runA.id] });

      // Run A ends; a scheduled run B starts on the same namespace.
      const runB = d.restart(emu(), runA);
      expect(runB.id).not.toBe(runA.id);
      const second = await s.engine.up(program(d, { ...d.jobArgs(runA), timeoutSeconds: 2, reason: "second" }));
      expect(second.errors).toEqual([]);
      expect(d.cancels(emu())).toHaveLength(1);
      expect(d.isCancelled(emu(), runB)).toBe(false);
      expect(only(s).outputs).toMatchObject({ outcome: "unconfirmed", found: false, jobIds: [runA.id] });
      expect(jobsOf(s)).toMatchObject([{ id: runA.id, found: false, replacedBy: runB.id, cancelRequested: true }]);
      expect(progressShown(second, door, "stop", "kept")).toContainEqual(
        expect.stringContaining(`run ${runA.id} is no longer current (run ${runB.id} is)`),
      );

      // A refresh keeps it so: it never reads run B's state into run A's record.
      const refresh = await s.engine.refresh();
      expect(refresh.ok).toBe(true);
      expect(jobsOf(s)).toMatchObject([{ id: runA.id, replacedBy: runB.id, phase: "cancelling" }]);
    });

    it("an unclear cancel is not re-sent when another run has replaced the recorded one", async () => {
      const runA = d.seed(emu());
      // Every attempt's connection is cut before SuperOffice acts: the answer stays unclear.
      emu().inject({ vendor: "superoffice", method: "POST", path: "/CancelIndexing", reset: true, times: 50 });
      await s.engine.up(program(d, { ...d.jobArgs(runA), timeoutSeconds: 3 }));
      expect(jobsOf(s)).toMatchObject([{ cancelUnclear: true }]);
      const sent = d.cancels(emu()).length;
      emu().clearFaults();

      const runB = d.restart(emu(), runA);
      const next = await s.engine.up(program(d, { ...d.jobArgs(runA), timeoutSeconds: 2 }));
      expect(next.errors).toEqual([]);
      expect(d.cancels(emu())).toHaveLength(sent);
      expect(d.isCancelled(emu(), runB)).toBe(false);
      expect(jobsOf(s)).toMatchObject([{ replacedBy: runB.id, found: false }]);
      expect(only(s).outputs.outcome).toBe("unconfirmed");
    });

    it("a 5xx on CancelIndexing is not re-sent blindly: a status read shows the same run first, and a run that replaced the recorded one gets no cancel (the 503'd one is recorded as sent: outcome unconfirmed); the same 5xx at a job-addressed vendor is retried by the HTTP layer (it names the job)", async () => {
      // Three resources in one up, each with routes of its own: SuperOffice on two tenants, DigitalOcean by job id.
      const dd = door.driver(DRIVERS.find((x) => x.vendor === "digitalocean")!);
      const onTenant = (i: number) => {
        const run = d.seed(emu());
        return { run, own: ownRoutes(d, emu(), run, i) };
      };
      const same = onTenant(1);
      const replaced = onTenant(2);
      const job = dd.seed(emu());
      emu().inject({ vendor: "superoffice", ...same.own.cancel, status: 503 });
      const other = { ...(d.runningReply({ id: "run-B", group: replaced.run.group }) as object) };
      // The first read (create's) sees the recorded run; every later one sees run B.
      emu().inject({ vendor: "superoffice", ...replaced.own.read, times: 1 });
      emu().inject({ vendor: "superoffice", ...replaced.own.read, status: 200, json: other, times: 50 });
      emu().inject({ vendor: "superoffice", ...replaced.own.cancel, status: 503 });
      emu().inject({ vendor: "digitalocean", ...dd.cancelRequest(job), status: 503 });
      const up = await s.engine.up(() => {
        d.create("same", { ...d.jobArgs(same.run), ...same.own.args });
        d.create("replaced", { ...d.jobArgs(replaced.run), ...replaced.own.args });
        dd.create("job-addressed", dd.jobArgs(job));
        return {};
      });
      expect(up.errors).toEqual([]);

      const calls = (own: typeof same.own) =>
        emu()
          .requests({ vendor: "superoffice" })
          .filter((r) => r.path.startsWith(own.cancel.path.replace(/\/CancelIndexing$/, "/")))
          .map((r) => `${r.path.split("/").pop()} ${r.status}`);
      const sameCalls = calls(same.own);
      const firstRetry = sameCalls.indexOf("CancelIndexing 200");
      expect(sameCalls.slice(0, 2)).toEqual(["GetIndexingStatus 200", "CancelIndexing 503"]);
      expect(sameCalls[firstRetry - 1]).toBe("GetIndexingStatus 200");
      expect(sameCalls.filter((c) => c.startsWith("CancelIndexing"))).toHaveLength(2);
      expect(named(s, "same").outputs).toMatchObject({ outcome: "cancelled" });

      // One cancel, the 503'd one, and none after run B was seen. A 503 is no refusal: the vendor may have acted on
      // whichever run was current, so the record says a cancel went out, and the outcome is unconfirmed.
      expect(calls(replaced.own).filter((c) => c.startsWith("CancelIndexing"))).toHaveLength(1);
      expect(named(s, "replaced").outputs).toMatchObject({ outcome: "unconfirmed", found: false });
      expect(named(s, "replaced").outputs.jobs).toMatchObject([
        { id: replaced.run.id, replacedBy: "run-B", cancelRequested: true },
      ]);

      expect(dd.cancels(emu())).toHaveLength(2);
      expect(named(s, "job-addressed").outputs).toMatchObject({ outcome: "cancelled" });
    });
  });
}
