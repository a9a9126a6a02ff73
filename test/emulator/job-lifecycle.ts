import { z } from "zod";

/** Phase a seeded job starts in; each vendor maps it onto its own wire form. */
export type SeedPhase = "pending" | "running" | "succeeded" | "failed" | "cancelled";

/**
 * A seed phase, or one a vendor adds to them: DigitalOcean tells an errored batch (`BATCH_JOB_PHASE_ERROR`) from a
 * failed one, so its seeds may also say "error", a second terminal phase.
 */
export type JobPhase = SeedPhase | "error";

/** Every {@link SeedPhase}, for schemas. */
export const SEED_PHASES = ["pending", "running", "succeeded", "failed", "cancelled"] as const;

/** Emulated ms from an accepted cancel until the job shows cancelled, unless a seed says otherwise. */
export const DEFAULT_CANCEL_SETTLE_MS = 2000;

/** Zod fields every seed and patch shares (`phase`, `runMs`, `cancelSettleMs`). */
export const lifecycleFields = {
  phase: z.enum(SEED_PHASES).optional(),
  runMs: z.number().min(0).nullable().optional(),
  cancelSettleMs: z.number().min(0).optional(),
};

/** The timing part of a seed or patch. */
export interface LifecycleInput<P extends JobPhase = SeedPhase> {
  phase?: P | undefined;
  runMs?: number | null | undefined;
  cancelSettleMs?: number | undefined;
}

/** Mutable timing state of one emulated job. */
export interface Lifecycle<P extends JobPhase = SeedPhase> {
  phase: P | SeedPhase;
  /** Emulated time the current seeded/forced phase began; `runMs` counts from here. */
  phaseSince: number;
  runMs: number | null;
  cancelSettleMs: number;
  cancelAcceptedAt: number | null;
}

/** What a job looks like at one instant. */
export interface ResolvedPhase<P extends JobPhase = SeedPhase> {
  phase: P | SeedPhase;
  /** Emulated time it ended; only for terminal phases. */
  finishedAt?: number;
  /** 0..1 share of the work done, for counters and document buckets. */
  progress: number;
}

/** Whether a phase is final. */
export function isTerminal(phase: JobPhase): boolean {
  return phase === "succeeded" || phase === "failed" || phase === "cancelled" || phase === "error";
}

/** A fresh lifecycle; default phase "running", no self-finish, 2000 ms settle. */
export function newLifecycle<P extends JobPhase>(input: LifecycleInput<P>, now: number): Lifecycle<P> {
  return {
    phase: input.phase ?? "running",
    phaseSince: now,
    runMs: input.runMs ?? null,
    cancelSettleMs: input.cancelSettleMs ?? DEFAULT_CANCEL_SETTLE_MS,
    cancelAcceptedAt: null,
  };
}

/** Applies a patch; a new `phase` restarts the phase clock and discards a pending cancel (as DigitalOcean's does). */
export function patchLifecycle<P extends JobPhase>(life: Lifecycle<P>, input: LifecycleInput<P>, now: number): void {
  if (input.phase !== undefined) {
    life.phase = input.phase;
    life.phaseSince = now;
    life.cancelAcceptedAt = null;
  }
  if (input.runMs !== undefined) life.runMs = input.runMs;
  if (input.cancelSettleMs !== undefined) life.cancelSettleMs = input.cancelSettleMs;
}

/**
 * Derives the phase at `now` from the seed and the emulated clock, so nothing runs in the background. Once a
 * cancel is accepted the job can no longer succeed on its own: it ends cancelled after the settle time.
 */
export function resolvePhase<P extends JobPhase>(life: Lifecycle<P>, now: number): ResolvedPhase<P> {
  if (isTerminal(life.phase))
    return { phase: life.phase, finishedAt: life.phaseSince, progress: life.phase === "succeeded" ? 1 : 0 };
  if (life.cancelAcceptedAt !== null) {
    const settledAt = life.cancelAcceptedAt + life.cancelSettleMs;
    const progress = progressAt(life, life.cancelAcceptedAt);
    return now >= settledAt ? { phase: "cancelled", finishedAt: settledAt, progress } : { phase: life.phase, progress };
  }
  if (life.runMs !== null && now >= life.phaseSince + life.runMs)
    return { phase: "succeeded", finishedAt: life.phaseSince + life.runMs, progress: 1 };
  return { phase: life.phase, progress: progressAt(life, now) };
}

/**
 * Accepts a cancel on an unfinished job. A repeated cancel while one settles is accepted again without
 * restarting the settle time (cancel is idempotent).
 */
export function requestCancel<P extends JobPhase>(life: Lifecycle<P>, now: number): "accepted" | "finished" {
  if (isTerminal(resolvePhase(life, now).phase)) return "finished";
  life.cancelAcceptedAt ??= now;
  return "accepted";
}

function progressAt<P extends JobPhase>(life: Lifecycle<P>, at: number): number {
  if (life.phase !== "running" || life.runMs === null) return 0;
  return life.runMs === 0 ? 1 : Math.min(1, Math.max(0, (at - life.phaseSince) / life.runMs));
}
