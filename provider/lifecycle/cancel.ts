/**
 * One round of cancel requests over a cancellation's jobs. A cancel is irreversible, so a round acts only on the job
 * the record targets:
 * - at a container-addressed vendor (the cancel names a namespace whose current run can change), a cancel goes out
 *   only right after a status read shows the recorded run still current, and the HTTP layer never re-sends it; this
 *   module retries it instead, with a fresh read before each attempt;
 * - a refused cancel is followed by a status read (the job may have finished in the meantime);
 * - a cancel whose answer was lost or unreadable counts as requested but unclear: the record keeps it, and only such
 *   a cancel is ever sent again by a later `up`, after a fresh status read.
 * @internal
 * @packageDocumentation
 */
import type { CallContext, VendorAdapter } from "../adapter";
import { VendorError } from "../errors";
import { RETRY_STATUS, retryTunables } from "../http/http";
import { isTerminal, type JobRecord, type JobStatus, type JsonValue } from "../model";
import { observe } from "./record";
import { sleep } from "./poll";

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
  /** Jobs found replaced by another run, with the run found instead, and whether a cancel had gone out first. */
  replaced: Replacement[];
  /** The refusal that stopped the round, if one did. */
  error?: Error;
}

/** Who a round talks to, about what. */
interface Scope {
  adapter: VendorAdapter;
  ctx: CallContext;
  inputs: Record<string, unknown>;
}

/** A job found replaced by another run; `afterCancel`: the cancel reply showed it, so that run may have been hit. */
export interface Replacement {
  id: string;
  by: string;
  afterCancel: boolean;
}

/** What one attempt at one job came to. */
interface Step {
  job: JobRecord;
  /** The vendor's fields for the job, when this step saw them. */
  details?: Record<string, JsonValue>;
  replacedBy?: string;
  /** The replacement was seen in the cancel's own reply. */
  replacedAfterCancel?: boolean;
  /** The cancel went out and its answer was lost or unreadable. */
  unclear?: boolean;
  /** A cancel the vendor accepted (or may have) in this step. */
  requested?: boolean;
  error?: Error;
}

/**
 * True when a failed cancel may have reached the vendor and been acted on. Only two failures say it was not: the
 * vendor's clear refusal (a 4xx it answered with, or a 501: no such operation) and a request that never left this
 * process. Anything else (a server error, a lost or unreadable answer, a reply of the wrong shape or nested too deep,
 * a fault of this process while reading it) counts as "maybe acted", so the record is kept and says it is unsure.
 * A server error is no refusal: a 500 can come after the change was applied, and a gateway's 502 or 504 after the
 * vendor behind it acted (RFC 9110 §15.6: the server "failed to fulfill", which says nothing of what it did first).
 */
export function maybeActed(err: unknown): boolean {
  if (err instanceof VendorError) {
    if (err.notSent) return false;
    return err.status === undefined || serverError(err);
  }
  return true;
}

/** An answer with a 5xx status other than 501 (the one server error that says nothing was attempted). */
function serverError(err: unknown): boolean {
  return err instanceof VendorError && err.status !== undefined && err.status >= 500 && err.status !== 501;
}

/** A step whose cancel is worth another attempt (a container-addressed cancel, after a fresh read). */
function retryable(step: Step): boolean {
  if (step.unclear) return true;
  const e = step.error;
  if (!(e instanceof VendorError) || e.deadline !== undefined) return false;
  // Held back by the rate limit, unsent: it goes out after another fresh read.
  return e.notSent || (e.status !== undefined && RETRY_STATUS.includes(e.status));
}

/** Records what the vendor reports at the job's address, keeping the vendor's fields only when it is the job. */
function seen(job: JobRecord, status: JobStatus | undefined): Step {
  const record = observe(job, status);
  return {
    job: record,
    ...(status && status.id === job.id ? { details: status.details } : {}),
    ...(record.replacedBy !== null && record.replacedBy !== job.replacedBy ? { replacedBy: record.replacedBy } : {}),
  };
}

/** One attempt: an optional status read, then the cancel, then (if refused) a status read. */
async function attempt({ adapter, ctx, inputs }: Scope, job: JobRecord, readFirst: boolean): Promise<Step> {
  if (readFirst) {
    try {
      const before = seen(job, await adapter.get(ctx, inputs, job.id));
      // Gone, replaced, or over: nothing to send, and nothing to send to whatever runs there now.
      if (!before.job.found || isTerminal(before.job.phase))
        return { ...before, job: { ...before.job, cancelUnclear: false } };
    } catch (err) {
      return { job, error: err as Error };
    }
  }
  const requested: JobRecord = { ...job, cancelRequested: true, cancelUnclear: false };
  try {
    const reply = await adapter.cancel(ctx, inputs, job.id);
    // A reply showing another run at the address: which run the vendor acted on cannot be known. Recorded as such.
    if (reply) return { ...seen(requested, reply), requested: true, replacedAfterCancel: reply.id !== job.id };
    return { job: { ...requested, phase: "cancelling" }, requested: true };
  } catch (err) {
    if (err instanceof VendorError && err.status !== undefined && !NOT_A_RACE.includes(err.status)) {
      try {
        const status = await adapter.get(ctx, inputs, job.id);
        const after = seen(job, status);
        if (after.replacedBy !== undefined || (after.job.found && isTerminal(after.job.phase))) {
          if (!maybeActed(err)) return after;
          // A server error: the vendor may have acted before failing, so the record says a cancel went out (and, at
          // a container-addressed vendor, that the run found instead may have been the one hit).
          const acted = seen(requested, status);
          return { ...acted, requested: true, replacedAfterCancel: acted.replacedBy !== undefined };
        }
      } catch {
        // The refusal is what the user needs to see; the failed read adds nothing.
      }
    }
    if (maybeActed(err)) {
      // The vendor may have acted, so the record must be kept, and must say that it is not sure.
      return {
        job: { ...requested, phase: "cancelling", cancelUnclear: true },
        unclear: true,
        requested: true,
        error: err as Error,
      };
    }
    return { job, error: err as Error };
  }
}

/**
 * One job's cancel. At a container-addressed vendor a refused or unanswered cancel is tried again, up to the HTTP
 * policy's attempts and within the deadline, each time only after a fresh read shows the same run still running.
 */
async function cancelJob(scope: Scope, job: JobRecord, readFirst: boolean): Promise<Step> {
  const { adapter, ctx } = scope;
  const policy = retryTunables();
  let step = await attempt(scope, job, readFirst);
  for (let n = 1; adapter.cancelAddressing === "container" && retryable(step) && n <= policy.maxRetries; n++) {
    const asked = step.error instanceof VendorError ? step.error.retryAfterMs : undefined;
    const wait = asked ?? Math.random() * Math.min(policy.minDelayMs * 2 ** (n - 1), policy.maxDelayMs);
    const stopped = () => ctx.signal?.aborted === true;
    if (wait > policy.maxRetryAfterMs || Date.now() + wait >= ctx.deadline || stopped()) break;
    await sleep(wait, ctx.signal);
    if (stopped()) break;
    const next = await attempt(scope, step.job, true);
    // An earlier unclear cancel stays on the record until a later attempt gets a clear answer.
    step = { ...next, requested: next.requested || step.requested };
  }
  return step;
}

/**
 * Sends a cancel for each job `which` selects, in order; stops at the first refusal that is not a finished job.
 * With `readFirst` (a resumed wait), each job's status is read first and the cancel goes out only while the job is
 * still there and running.
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
    const step = await cancelJob({ adapter, ctx, inputs }, job, readFirst);
    round.jobs[i] = step.job;
    if (step.details) round.details[job.id] = step.details;
    if (step.replacedBy !== undefined)
      round.replaced.push({ id: job.id, by: step.replacedBy, afterCancel: step.replacedAfterCancel === true });
    if (step.requested) round.requestedAt ??= new Date().toISOString();
    if (step.unclear) round.unclear.push(job.id);
    // A vendor answering with errors stops the round as a refusal does, and the record keeps what it may have done;
    // an answer that was lost (not given) leaves the other jobs to their own cancels.
    if (step.error && (!step.unclear || serverError(step.error))) {
      round.error = step.error;
      return round;
    }
  }
  return round;
}
