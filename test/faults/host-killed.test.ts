/**
 * The provider host killed in the middle of a wait (a CI runner preempted, an OOM kill), then `up` again: the record
 * of an accepted cancel resumes from cancel-requested and is confirmed. Every vendor's resource is in the one stack,
 * so the kill interrupts seven waits at once.
 */
import { useEmulator } from "../engine/setup";
import {
  byVendor,
  errorsByVendor,
  everyVendorProgram,
  everyVendorStack,
  named,
  nameOf,
  opsByVendor,
} from "../engine/suites/every-vendor";
import { DYNAMIC } from "../engine/front-doors";
import { DRIVERS } from "../engine/vendors";

const emu = useEmulator();

it("every vendor: a host killed mid-wait resumes from cancel-requested and confirms on the next up", async () => {
  const jobs = byVendor(DRIVERS, (d) => d.seed(emu(), { cancelSettleMs: 3_600_000 }));
  const program = (timeoutSeconds: number) =>
    everyVendorProgram(DRIVERS, (d) => ({ ...d.jobArgs(jobs[d.vendor]!), timeoutSeconds }));
  const s = everyVendorStack(emu(), DYNAMIC);
  const record = () => byVendor(DRIVERS, (d) => named(s, nameOf(d)).outputs);
  const first = await s.engine.up(program(1));
  expect(first.ok).toBe(false);
  expect(record()).toMatchObject(byVendor(DRIVERS, () => ({ outcome: "cancel-requested" })));
  const requestedAt = byVendor(DRIVERS, (d) => named(s, nameOf(d)).outputs.requestedAt);
  expect(byVendor(DRIVERS, (d) => typeof requestedAt[d.vendor])).toEqual(byVendor(DRIVERS, () => "string"));

  // Same stack, a host that is killed two seconds into the resumed waits.
  let killed = false;
  const doomed = everyVendorStack(emu(), DYNAMIC, {
    stateFile: s.stateFile,
    onHostStarted: (pid) => {
      setTimeout(() => {
        killed = true;
        process.kill(pid, "SIGKILL");
      }, 2000);
    },
  });
  const interrupted = await doomed.engine.up(program(60));
  expect(killed).toBe(true);
  expect(interrupted.ok).toBe(false);
  // Every wait ended with the host: each resource's step failed, none was recorded as cancelled.
  expect(errorsByVendor(interrupted, DRIVERS)).toEqual(byVendor(DRIVERS, () => [expect.any(String)]));
  expect(record()).toMatchObject(byVendor(DRIVERS, () => ({ outcome: "cancel-requested" })));

  for (const d of DRIVERS) d.settleNow(emu(), jobs[d.vendor]!);
  const resumed = await s.engine.up(program(60));
  expect(resumed.errors).toEqual([]);
  expect(opsByVendor(resumed, DRIVERS)).toEqual(byVendor(DRIVERS, () => ["update"]));
  expect(record()).toMatchObject(
    byVendor(DRIVERS, (d) => ({
      outcome: "cancelled",
      phase: "cancelled",
      phaseBefore: "running",
      jobIds: [jobs[d.vendor]!.id],
    })),
  );
  // The record keeps the time the vendor first accepted the cancel, across the kill and the resumed waits.
  expect(byVendor(DRIVERS, (d) => named(s, nameOf(d)).outputs.requestedAt)).toEqual(requestedAt);
});
