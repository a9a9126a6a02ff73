/**
 * Trust, class 1: a cancellation acts only on the job its record targets. Through the real provider host: a resumed
 * wait never repeats a clear cancel; an unclear one is repeated only after a read shows the same job still running;
 * SuperOffice's namespace-addressed cancel never reaches a run that replaced the recorded one, is never re-sent by
 * the HTTP retry, and a replaced run is recorded as such, not as cancelled. The per-vendor scenarios hold every
 * vendor's resource in one stack.
 */
import type { Emulator } from "../../emulator";
import { emulator, only, stack as newStack, type Stack } from "../setup";
import { DRIVERS, type Driver } from "../vendors";
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

/** Registers the suite for one front door: the dynamic host or the plugin. */
export function cancelAddressingSuite(door: FrontDoor): void {
  const stack = (e: Emulator, o: Partial<EngineOptions> = {}) => newStack(e, { ...door.stack, ...o });

  let emu: Emulator;
  beforeAll(async () => {
    emu = await emulator();
  });
  afterAll(async () => {
    await emu.close();
  });

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
    beforeEach(() => {
      emu.reset();
    });

    it("a reason edit after a timed-out wait sends no cancel when the first answer was clear", async () => {
      const s = everyVendorStack(emu, door);
      const jobs = byVendor(drivers, (d) => d.seed(emu, SLOW));
      const args = (d: Driver, reason: string) => ({ ...d.jobArgs(jobs[d.vendor]!), timeoutSeconds: 1, reason });
      const up = await s.engine.up(everyVendorProgram(drivers, (d) => args(d, "first")));
      expect(up.ok).toBe(false);
      expect(errorsByVendor(up, drivers)).toEqual(
        byVendor(drivers, () => [expect.stringContaining("not confirmed within timeoutSeconds (1 s)")]),
      );
      expect(jobsByVendor(s)).toMatchObject(
        byVendor(drivers, (d) => [{ id: jobs[d.vendor]!.id, cancelRequested: true, cancelUnclear: false }]),
      );

      const edited = await s.engine.up(everyVendorProgram(drivers, (d) => args(d, "second")));
      expect(opsByVendor(edited, drivers)).toEqual(byVendor(drivers, () => ["update"]));
      expect(byVendor(drivers, (d) => d.cancels(emu).length)).toEqual(byVendor(drivers, () => 1));
      expect(byVendor(drivers, (d) => named(s, nameOf(d)).outputs)).toMatchObject(
        byVendor(drivers, () => ({ outcome: "cancel-requested", reason: "second" })),
      );
    });

    it("a cancel whose answer was lost is recorded as unclear, re-sent after a read, and confirmed", async () => {
      const s = everyVendorStack(emu, door);
      const jobs = byVendor(drivers, (d) => d.seed(emu));
      // Every attempt's connection is cut before the vendor acts (the HTTP layer retries job-addressed cancels).
      for (const d of drivers)
        emu.inject({ vendor: d.vendor, ...d.cancelRequest(jobs[d.vendor]!), reset: true, times: 10 });
      const args = (d: Driver, timeoutSeconds: number) => ({ ...d.jobArgs(jobs[d.vendor]!), timeoutSeconds });
      const up = await s.engine.up(everyVendorProgram(drivers, (d) => args(d, 1)));
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
      expect(byVendor(drivers, (d) => d.isCancelled(emu, jobs[d.vendor]!))).toEqual(byVendor(drivers, () => false));

      emu.clearFaults();
      emu.clearRequests();
      const resumed = await s.engine.up(everyVendorProgram(drivers, (d) => args(d, 5)));
      expect(resumed.errors).toEqual([]);
      expect(outputsByVendor(resumed, drivers)).toMatchObject(byVendor(drivers, () => ({ outcome: "cancelled" })));
      expect(byVendor(drivers, (d) => d.cancels(emu).length)).toEqual(byVendor(drivers, () => 1));
      // The status read went out before the repeated cancel.
      expect(
        byVendor(drivers, (d) => {
          const log = emu.requests({ vendor: d.vendor });
          return log.findIndex((r) => r.seq === d.cancels(emu)[0]!.seq) > 0;
        }),
      ).toEqual(byVendor(drivers, () => true));
      expect(jobsByVendor(s)).toMatchObject(
        byVendor(drivers, (d) => [{ id: jobs[d.vendor]!.id, cancelUnclear: false, found: true }]),
      );
    });

    it("a lost cancel is not re-sent once the job is no longer running", async () => {
      const s = everyVendorStack(emu, door);
      const jobs = byVendor(drivers, (d) => d.seed(emu, SLOW));
      for (const d of drivers)
        emu.inject({ vendor: d.vendor, ...d.cancelRequest(jobs[d.vendor]!), dropReplyAfterAction: true, times: 10 });
      const program = everyVendorProgram(drivers, (d) => ({ ...d.jobArgs(jobs[d.vendor]!), timeoutSeconds: 1 }));
      const up = await s.engine.up(program);
      expect(up.ok).toBe(false);
      expect(jobsByVendor(s)).toMatchObject(byVendor(drivers, () => [{ cancelUnclear: true }]));
      for (const d of drivers) d.settleNow(emu, jobs[d.vendor]!);
      emu.clearRequests();
      const resumed = await s.engine.up(program);
      expect(resumed.errors).toEqual([]);
      expect(byVendor(drivers, (d) => d.cancels(emu))).toEqual(byVendor(drivers, () => []));
      expect(outputsByVendor(resumed, drivers)).toMatchObject(byVendor(drivers, () => ({ outcome: "cancelled" })));
    });
  });

  describe("SuperOffice: the namespace's current run can change under a record", () => {
    const d = door.driver(DRIVERS.find((x) => x.vendor === "superoffice")!);
    let s: Stack;
    beforeEach(() => {
      emu.reset();
      s = stack(emu);
    });

    it("a run that replaced the recorded one is never cancelled; the record says replaced, outcome unconfirmed", async () => {
      const runA = d.seed(emu, SLOW);
      const first = await s.engine.up(program(d, { ...d.jobArgs(runA), timeoutSeconds: 1, reason: "first" }));
      expect(first.ok).toBe(false);
      expect(only(s).outputs).toMatchObject({ outcome: "cancel-requested", jobIds: [runA.id] });

      // Run A ends; a scheduled run B starts on the same namespace.
      const runB = d.restart(emu, runA);
      expect(runB.id).not.toBe(runA.id);
      const second = await s.engine.up(program(d, { ...d.jobArgs(runA), timeoutSeconds: 1, reason: "second" }));
      expect(second.errors).toEqual([]);
      expect(d.cancels(emu)).toHaveLength(1);
      expect(d.isCancelled(emu, runB)).toBe(false);
      expect(only(s).outputs).toMatchObject({ outcome: "unconfirmed", found: false, jobIds: [runA.id] });
      expect(jobsOf(s)).toMatchObject([{ id: runA.id, found: false, replacedBy: runB.id, cancelRequested: true }]);
      expect(second.hostLog.join("\n")).toContain(`run ${runA.id} is no longer current (run ${runB.id} is)`);

      // A refresh keeps it so: it never reads run B's state into run A's record.
      const refresh = await s.engine.refresh();
      expect(refresh.ok).toBe(true);
      expect(jobsOf(s)).toMatchObject([{ id: runA.id, replacedBy: runB.id, phase: "cancelling" }]);
    });

    it("an unclear cancel is not re-sent when another run has replaced the recorded one", async () => {
      const runA = d.seed(emu);
      // Every attempt's connection is cut before SuperOffice acts: the answer stays unclear.
      emu.inject({ vendor: "superoffice", method: "POST", path: "/CancelIndexing", reset: true, times: 50 });
      await s.engine.up(program(d, { ...d.jobArgs(runA), timeoutSeconds: 3 }));
      expect(jobsOf(s)).toMatchObject([{ cancelUnclear: true }]);
      const sent = d.cancels(emu).length;
      emu.clearFaults();

      const runB = d.restart(emu, runA);
      const next = await s.engine.up(program(d, { ...d.jobArgs(runA), timeoutSeconds: 1 }));
      expect(next.errors).toEqual([]);
      expect(d.cancels(emu)).toHaveLength(sent);
      expect(d.isCancelled(emu, runB)).toBe(false);
      expect(jobsOf(s)).toMatchObject([{ replacedBy: runB.id, found: false }]);
      expect(only(s).outputs.outcome).toBe("unconfirmed");
    });

    it("a 5xx on CancelIndexing is not re-sent blindly: a status read shows the same run first", async () => {
      const run = d.seed(emu);
      emu.inject({ vendor: "superoffice", method: "POST", path: "/CancelIndexing", status: 503 });
      const up = await s.engine.up(program(d, d.jobArgs(run)));
      expect(up.errors).toEqual([]);
      expect(up.outputs).toMatchObject({ outcome: "cancelled" });
      const calls = emu.requests({ vendor: "superoffice" }).map((r) => `${r.path.split("/").pop()} ${r.status}`);
      const firstRetry = calls.indexOf("CancelIndexing 200");
      expect(calls.slice(0, 2)).toEqual(["GetIndexingStatus 200", "CancelIndexing 503"]);
      expect(calls[firstRetry - 1]).toBe("GetIndexingStatus 200");
      expect(d.cancels(emu)).toHaveLength(2);
    });

    it("after a 5xx on CancelIndexing, a run that replaced the recorded one gets no cancel", async () => {
      const run = d.seed(emu);
      const other = { ...(d.runningReply({ id: "run-B", group: run.group }) as object) };
      // The first read (create's) sees the recorded run; every later one sees run B.
      emu.inject({ vendor: "superoffice", method: "POST", path: "/GetIndexingStatus", times: 1 });
      emu.inject({
        vendor: "superoffice",
        method: "POST",
        path: "/GetIndexingStatus",
        status: 200,
        json: other,
        times: 50,
      });
      emu.inject({ vendor: "superoffice", method: "POST", path: "/CancelIndexing", status: 503 });
      const up = await s.engine.up(program(d, d.jobArgs(run)));
      expect(up.errors).toEqual([]);
      expect(d.cancels(emu)).toHaveLength(1);
      expect(only(s).outputs).toMatchObject({ outcome: "already-finished", found: false });
      expect(jobsOf(s)).toMatchObject([{ id: run.id, replacedBy: "run-B", cancelRequested: false }]);
    });

    it("the same 5xx at a job-addressed vendor is retried by the HTTP layer (it names the job)", async () => {
      const dd = door.driver(DRIVERS.find((x) => x.vendor === "digitalocean")!);
      const job = dd.seed(emu);
      emu.inject({ vendor: "digitalocean", method: "PUT", path: "/cancel", status: 503 });
      const up = await s.engine.up(program(dd, dd.jobArgs(job)));
      expect(up.errors).toEqual([]);
      expect(dd.cancels(emu)).toHaveLength(2);
    });
  });
}
