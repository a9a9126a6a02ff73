/**
 * One round of cancel requests over a cancellation's jobs. A cancel the vendor refused is followed by a status read
 * (the job may have finished in the meantime); a cancel whose answer was lost or unreadable counts as requested, so
 * the record is kept and a later confirmation settles it: cancel is idempotent at every vendor, so sending it again
 * on the next `up` is safe.
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
  /** Jobs whose cancel got no readable answer: maybe accepted. */
  unclear: string[];
  /** The refusal that stopped the round, if one did. */
  error?: Error;
}

/** Sends a cancel for each job `which` selects, in order; stops at the first refusal that is not a finished job. */
export async function sendCancels(
  adapter: VendorAdapter,
  ctx: CallContext,
  inputs: Record<string, unknown>,
  start: Omit<CancelRound, "unclear" | "error">,
  which: (job: JobRecord) => boolean,
): Promise<CancelRound> {
  const round: CancelRound = { ...start, jobs: [...start.jobs], details: { ...start.details }, unclear: [] };
  for (const [i, job] of round.jobs.entries()) {
    if (!which(job)) continue;
    const requested: JobRecord = { ...job, cancelRequested: true };
    try {
      const reply = await adapter.cancel(ctx, inputs, job.id);
      round.jobs[i] = reply ? observe(requested, reply) : { ...requested, phase: "cancelling" };
      if (reply) round.details[job.id] = reply.details;
    } catch (err) {
      if (err instanceof VendorError && err.status !== undefined && !NOT_A_RACE.includes(err.status)) {
        const status = await adapter.get(ctx, inputs, job.id);
        if (status && isTerminal(status.phase)) {
          round.jobs[i] = { ...job, phase: status.phase, vendorStatus: status.vendorStatus };
          round.details[job.id] = status.details;
          continue;
        }
      }
      if (err instanceof ResponseShapeError || (err instanceof VendorError && err.status === undefined)) {
        // A 2xx we cannot read, or no answer at all: the vendor may have acted, so the record must be kept.
        round.jobs[i] = { ...requested, phase: "cancelling" };
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
