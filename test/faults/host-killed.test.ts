/**
 * The provider host killed in the middle of a wait (a CI runner preempted, an OOM kill), then `up` again: the record
 * of an accepted cancel resumes from cancel-requested and is confirmed.
 */
import type { Emulator } from "../emulator";
import { emulator, only, stack } from "../engine/setup";
import { DRIVERS, type Driver } from "../engine/vendors";

let emu: Emulator;
beforeAll(async () => {
  emu = await emulator();
});
afterAll(async () => {
  await emu.close();
});

function program(d: Driver, args: Record<string, unknown>) {
  return () => {
    d.create("stop", args);
    return {};
  };
}

describe.each(DRIVERS)("$vendor, host killed mid-wait", (d) => {
  it("resumes from cancel-requested and confirms on the next up", async () => {
    emu.reset();
    const job = d.seed(emu, { cancelSettleMs: 3_600_000 });
    const s = stack(emu);
    const first = await s.engine.up(program(d, { ...d.jobArgs(job), timeoutSeconds: 1 }));
    expect(first.ok).toBe(false);
    expect(only(s).outputs.outcome).toBe("cancel-requested");
    const requestedAt = only(s).outputs.requestedAt;
    expect(typeof requestedAt).toBe("string");

    // Same stack, a host that is killed two seconds into the resumed wait.
    let killed = false;
    const doomed = stack(emu, {
      stateFile: s.stateFile,
      onHostStarted: (pid) => {
        setTimeout(() => {
          killed = true;
          process.kill(pid, "SIGKILL");
        }, 2000);
      },
    });
    const interrupted = await doomed.engine.up(program(d, { ...d.jobArgs(job), timeoutSeconds: 60 }));
    expect(killed).toBe(true);
    expect(interrupted.ok).toBe(false);
    expect(only(s)).toMatchObject({ outputs: { outcome: "cancel-requested" } });

    d.settleNow(emu, job);
    const resumed = await s.engine.up(program(d, { ...d.jobArgs(job), timeoutSeconds: 60 }));
    expect(resumed.errors).toEqual([]);
    expect(resumed.steps.map((x) => x.op)).toEqual(["update"]);
    expect(only(s).outputs).toMatchObject({
      outcome: "cancelled",
      phase: "cancelled",
      phaseBefore: "running",
      jobIds: [job.id],
    });
    // The record keeps the time the vendor first accepted the cancel, across the kill and the resumed waits.
    expect(only(s).outputs.requestedAt).toBe(requestedAt);
  });
});
