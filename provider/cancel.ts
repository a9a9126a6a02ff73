/**
 * One round of cancel requests over a cancellation's jobs. A cancel is irreversible, so a round acts only on the job
 * the record targets:
 * - at a container-addressed vendor (the cancel names a namespace whose current run can change), the cancel goes out
 *   only right after a status read shows the recorded run still current, and the HTTP layer never re-sends it;
 * - a refused cancel is followed by a status read (the job may have finished in the meantime);
 * - a cancel whose answer was lost or unreadable counts as requested but unclear: the record keeps it, and only such
 *   a cancel is ever sent again, by a later `up`, after a fresh status read.
 * @internal
 * @packageDocumentation
 */
import type { CallContext, VendorAdapter } from "./adapter";
import { ResponseShapeError, VendorError } from "./errors";
import { isTerminal, type JobRecord, type JsonValue } from "./model";
import { observe } from "./record";

// How a vendor refuses a cancel on a job that finished in the meantime is undocumented everywhere (a 400, a 409, a
// 500...): any refusal but an authentication one is followed by a status read before it counts as a failure.
const NOT_A_RACE = [401, 403];

/** The jobs after a round, and what it could not settle. */
export interface CancelRound {
  jobs: JobRecord[];
  details: Record<string, Record<string, JsonValue>>;
  /** When the vendor first accepted a cancel of this record (kept from earlier rounds). */
  requestedAt: string | null;
  /** Jobs whose cancel got no readable answer in this round: maybe accepted. */
  unclear: string[];
  /** Jobs found replaced by another run, with the run found instead. */
  replaced: { id: string; by: string }[];
  /** The refusal that stopped the round, if one did. */
  error?: Error;
}

/** True when an error means the vendor may have acted on the request: it went out and no readable answer came. */
function maybeActed(err: unknown): boolean {
  if (err instanceof ResponseShapeError) return true;
  return err instanceof VendorError && err.status === undefined && err.deadline !== "before-send";
}

/**
 * Sends a cancel for each job `which` selects, in order; stops at the first refusal that is not a finished job.
 * With `readFirst` (a resumed wait, and always at a container-addressed vendor unless the caller has just read the
 * status), the job's status is read first and the cancel goes out only while the job is still there and running.
 */
export async function sendCancels(
  adapter: VendorAdapter,
  ctx: CallContext,
  inputs: Record<string, unknown>,
  start: Pick<CancelRound, "jobs" | "details" | "requestedAt">,
  which: (job: JobRecord) => boolean,
  readFirst: boolean,
): Promise<CancelRound> {
  const round: CancelRound = {
    ...start,
    jobs: [...start.jobs],
    details: { ...start.details },
    unclear: [],
    replaced: [],
  };
  for (const [i, job] of round.jobs.entries()) {
    if (!which(job)) continue;
    try {
      if (readFirst) {
        const status = await adapter.get(ctx, inputs, job.id);
        const seen = observe(job, status);
        if (status && status.id === job.id) round.details[job.id] = status.details;
        if (!seen.found || isTerminal(seen.phase)) {
          // Gone, replaced, or over: nothing to send, and nothing to send to whatever runs there now.
          round.jobs[i] = { ...seen, cancelUnclear: false };
          if (seen.replacedBy) round.replaced.push({ id: job.id, by: seen.replacedBy });
          continue;
        }
      }
    } catch (err) {
      round.error = err as Error;
      return round;
    }
    const requested: JobRecord = { ...job, cancelRequested: true, cancelUnclear: false };
    try {
      const reply = await adapter.cancel(ctx, inputs, job.id);
      round.jobs[i] = reply ? observe(requested, reply) : { ...requested, phase: "cancelling" };
      if (reply && reply.id === job.id) round.details[job.id] = reply.details;
      // The reply shows another run at the address: we cannot know which run the vendor acted on. Recorded as such.
      if (reply && reply.id !== job.id) round.replaced.push({ id: job.id, by: reply.id });
    } catch (err) {
      if (err instanceof VendorError && err.status !== undefined && !NOT_A_RACE.includes(err.status)) {
        try {
          const status = await adapter.get(ctx, inputs, job.id);
          const seen = observe(job, status);
          if (seen.replacedBy !== null || (seen.found && isTerminal(seen.phase))) {
            round.jobs[i] = seen;
            if (status && status.id === job.id) round.details[job.id] = status.details;
            if (seen.replacedBy) round.replaced.push({ id: job.id, by: seen.replacedBy });
            continue;
          }
        } catch {
          // The refusal is what the user needs to see; the failed read adds nothing.
        }
      }
      if (maybeActed(err)) {
        // The vendor may have acted, so the record must be kept, and must say that it is not sure.
        round.jobs[i] = { ...requested, phase: "cancelling", cancelUnclear: true };
        round.unclear.push(job.id);
      } else {
        round.error = err as Error;
        return round;
      }
    }
    round.requestedAt ??= new Date().toISOString();
  }
  return round;
}
