/**
 * Waiting for the vendor to confirm: status reads with a backoff schedule until every job we asked to cancel is
 * terminal, gone or replaced, or the deadline passes. Reports sparse progress lines to the context's sink: waiting
 * lines are ephemeral, the outcome and a replaced run are kept. Only reads: a wait never sends a cancel.
 * @internal
 * @packageDocumentation
 */
import type { CallContext, VendorAdapter } from "../adapter";
import { VENDOR_LABELS, VendorError } from "../errors";
import { isTerminal, type JobRecord, type JsonValue } from "../model";
import { cap, stripControls } from "../http/redact";
import type { Replacement } from "./cancel";
import type { ProgressSink } from "./progress";
import { observe } from "./record";

/** Poll delays: quick first looks (most cancels settle in seconds), then no more often than every 5 s. */
export const POLL_DELAYS_MS = [250, 500, 1000, 2000, 4000, 5000] as const;
const PROGRESS_EVERY_MS = 15_000;

/** Jobs whose cancel was accepted and that are not yet seen terminal, gone or replaced. */
export function unsettled(jobs: readonly JobRecord[]): JobRecord[] {
  return jobs.filter((j) => j.cancelRequested && j.found && !isTerminal(j.phase));
}

/** The wait's result: the jobs as last observed, and whether the deadline cut it short. */
export interface WaitResult {
  jobs: JobRecord[];
  details: Record<string, Record<string, JsonValue>>;
  timedOut: boolean;
}

/** Sleeps `ms`, or less when `signal` aborts first. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted === true) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener("abort", done, { once: true });
  });
}

/** Time left before the context's deadline; none once the engine asked the provider to stop. */
function timeLeft(ctx: CallContext): number {
  return ctx.signal?.aborted === true ? 0 : ctx.deadline - Date.now();
}

/** The resource and target a progress line is about: `[stop-kb] DigitalOcean knowledge base …`. */
export function progressLabel(adapter: VendorAdapter, inputs: Record<string, unknown>): string {
  // The name comes from the engine's request: bounded like everything else a request can put into a message.
  const name = typeof inputs.__resourceName === "string" ? `[${stripControls(cap(inputs.__resourceName, 100))}] ` : "";
  return `${name}${VENDOR_LABELS[adapter.vendor]} ${adapter.describeTarget(inputs)}`;
}

/**
 * Says, once, that a job was replaced by another run, and whether a cancel may have reached that run. A lasting line:
 * it explains an `unconfirmed` outcome long after the wait's status lines are gone.
 */
export function reportReplaced(progress: ProgressSink, label: string, replaced: readonly Replacement[]): void {
  for (const r of replaced) {
    const [id, by] = [stripControls(r.id), stripControls(r.by)];
    progress(
      r.afterCancel
        ? `ragcancel: ${label}: after the cancel went out, run ${by} is current, not run ${id}: the vendor may have cancelled run ${by}; ` +
            `run ${id} is recorded as replaced, outcome unconfirmed`
        : `ragcancel: ${label}: run ${id} is no longer current (run ${by} is); it is recorded as replaced, ` +
            `outcome unconfirmed, and no request was sent to run ${by}`,
      { ephemeral: false },
    );
  }
}

/**
 * Polls until settled, `ctx.deadline` or `ctx.signal`. A read that the deadline cuts short ends the wait as timed out (the vendor
 * did nothing wrong); a read that fails after its retries throws.
 */
export async function waitUntilSettled(
  adapter: VendorAdapter,
  ctx: CallContext,
  inputs: Record<string, unknown>,
  start: { jobs: JobRecord[]; details: Record<string, Record<string, JsonValue>> },
): Promise<WaitResult> {
  let jobs = start.jobs;
  const details = { ...start.details };
  const began = Date.now();
  let lastLine = 0;
  const label = progressLabel(adapter, inputs);
  for (let round = 0; unsettled(jobs).length > 0; round++) {
    const left = timeLeft(ctx);
    if (left <= 0) return { jobs, details, timedOut: true };
    await sleep(Math.min(POLL_DELAYS_MS[Math.min(round, POLL_DELAYS_MS.length - 1)] ?? 5000, left), ctx.signal);
    if (timeLeft(ctx) <= 0) return { jobs, details, timedOut: true };
    const before = jobs;
    try {
      jobs = await Promise.all(
        jobs.map(async (job) => {
          if (!unsettled([job]).length) return job;
          const status = await adapter.get(ctx, inputs, job.id);
          if (status && status.id === job.id) details[job.id] = status.details;
          return observe(job, status);
        }),
      );
    } catch (err) {
      if (err instanceof VendorError && err.deadline !== undefined) return { jobs, details, timedOut: true };
      throw err;
    }
    reportReplaced(
      ctx.progress,
      label,
      jobs
        .filter((j, i) => j.replacedBy !== null && before[i]?.replacedBy === null)
        .map((j) => ({ id: j.id, by: j.replacedBy ?? "", afterCancel: false })),
    );
    const changed = jobs.some((j, i) => j.phase !== before[i]?.phase);
    const now = Date.now();
    if (changed || now - lastLine >= PROGRESS_EVERY_MS) {
      lastLine = now;
      const phases =
        jobs.length === 1
          ? `${jobs[0]?.phase ?? ""} (${jobs[0]?.vendorStatus ?? ""})`
          : jobs.map((j) => `${stripControls(j.id)}: ${j.phase} (${j.vendorStatus})`).join(", ");
      // The line that finds every job settled is the wait's outcome, kept; the others only say it is still waiting.
      ctx.progress(`ragcancel: ${label}: ${phases}; waited ${Math.round((now - began) / 1000)} s`, {
        ephemeral: unsettled(jobs).length > 0,
      });
    }
  }
  return { jobs, details, timedOut: false };
}
