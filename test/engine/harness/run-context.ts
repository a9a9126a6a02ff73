import { Limiter } from "./concurrency";
import type { ProviderPlugin } from "./provider-plugin";
import type { ResourceRef } from "./provider-rpc";
import type { ResourceState, StepOp, StepRecord } from "./types";

/** Shared bookkeeping of one preview/up/refresh/destroy. */
export interface RunContext {
  readonly preview: boolean;
  readonly continueOnError: boolean;
  /** The provider, started on first use (one host per run, like the engine's plugin per `pulumi up`). */
  plugin(): Promise<ProviderPlugin>;
  /** Check and Diff go through here one at a time, as the engine does for this host. */
  readonly checkDiff: Limiter;
  /** Create/Update/Delete/Read go through here (`parallel`). */
  readonly ops: Limiter;
  readonly steps: StepRecord[];
  readonly errors: { urn: string; message: string }[];
}

/** Extra bookkeeping of an up/preview. */
export interface UpContext extends RunContext {
  /** Live resources of the previous state, by URN. */
  readonly old: ReadonlyMap<string, ResourceState>;
  /** The new state by URN, in registration order; `null` = nothing to keep. */
  readonly next: Map<string, ResourceState | null>;
  /** Old copies that a replace superseded but could not delete (kept with `delete: true`). */
  readonly condemned: ResourceState[];
}

/** Builds a run context; `startPlugin` is called at most once. */
export function newRunContext(
  opts: { preview: boolean; continueOnError: boolean; parallel: number },
  startPlugin: () => Promise<ProviderPlugin>,
): RunContext {
  let plugin: Promise<ProviderPlugin> | undefined;
  return {
    preview: opts.preview,
    continueOnError: opts.continueOnError,
    plugin: () => (plugin ??= startPlugin()),
    checkDiff: new Limiter(1),
    ops: new Limiter(opts.parallel),
    steps: [],
    errors: [],
  };
}

/** Records a finished step (and its error, if any). */
export function recordStep(ctx: RunContext, r: ResourceRef, op: StepOp, error?: string): void {
  ctx.steps.push({ urn: r.urn, type: r.type, name: r.name, op, ...(error === undefined ? {} : { error }) });
  if (error !== undefined) ctx.errors.push({ urn: r.urn, message: error });
}

/** True once a step failed and the run should not start new ones. */
export function halted(ctx: RunContext): boolean {
  return ctx.errors.length > 0 && !ctx.continueOnError;
}

/** The message of anything thrown. */
export function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Current time for `created`/`modified`. */
export function now(): string {
  return new Date().toISOString();
}
