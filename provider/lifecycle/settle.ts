/**
 * What create and update share after their cancels: the record of a cancel round, the partial failure that keeps a
 * record in state, and the wait for the vendor to confirm.
 * @internal
 * @packageDocumentation
 */
import type { CallContext, VendorAdapter } from "../adapter";
import { PartialCancellationError, VENDOR_LABELS } from "../errors";
import { isTerminal, type CancellationRecord, type JobRecord } from "../model";
import type { CancelRound } from "./cancel";
import { budgetOf, echoOf, now, settings, type OperationOptions } from "./context";
import { waitUntilSettled } from "./poll";
import { summarize } from "./record";
import type { ProviderInputs } from "./types";

/** Fails the operation with the record kept: the engine saves the id and outputs of a partial failure. */
export function partial(message: string, id: string, inputs: ProviderInputs, record: CancellationRecord): never {
  throw new PartialCancellationError(message, id, { ...echoOf(inputs), ...record, __provider: inputs.__provider });
}

/** The record a cancel round leaves. */
export function recordOf(
  adapter: VendorAdapter,
  round: CancelRound,
  observedAt: string,
  confirmedAt: string | null = null,
  omitted = 0,
): CancellationRecord {
  return summarize(adapter.vendor, round.jobs, round.details, {
    requestedAt: round.requestedAt,
    confirmedAt,
    observedAt,
    omitted,
  });
}

/** Waits if asked and needed; a wait cut short by the deadline or an error is a partial failure: the record is kept. */
export async function settle(
  adapter: VendorAdapter,
  ctx: CallContext,
  inputs: ProviderInputs,
  id: string,
  record: CancellationRecord,
  unclear: string[],
  opts: OperationOptions,
): Promise<CancellationRecord> {
  if (!settings(inputs).wait || record.outcome !== "cancel-requested") return record;
  const label = VENDOR_LABELS[adapter.vendor];
  const times = { requestedAt: record.requestedAt, confirmedAt: record.confirmedAt, omitted: record.jobsOmitted };
  let failure: string | undefined;
  let current = record;
  try {
    const result = await waitUntilSettled(adapter, ctx, inputs, record);
    current = summarize(adapter.vendor, result.jobs, result.details, { ...times, observedAt: now() });
    if (result.timedOut && ctx.signal?.aborted === true)
      failure = "the wait was interrupted: the engine asked the provider to stop (Ctrl-C)";
    else if (result.timedOut) failure = `it was not confirmed within ${budgetOf(inputs, opts).describe}`;
  } catch (err) {
    failure = `confirming it failed: ${(err as Error).message}`;
  }
  if (failure !== undefined) {
    const accepted = unclear.length
      ? `${label} may have accepted the cancel of ${adapter.describeTarget(inputs)} (its answer for ${unclear.join(", ")} was lost or unreadable)`
      : `${label} accepted the cancel of ${adapter.describeTarget(inputs)}`;
    const resume = unclear.length
      ? "the next `pulumi up` reads the status and sends the cancel again only if the job is still running"
      : "the next `pulumi up` resumes waiting without cancelling again";
    partial(
      `${accepted} but ${failure}. Last phase: ${current.phase ?? "unknown"}. The record is saved as cancel-requested; ${resume}.`,
      id,
      inputs,
      current,
    );
  }
  return current;
}

/**
 * What a round stopped by an error leaves, for its partial failure: which cancels went out, which may have, and which
 * the next `up` sends (`update`: after a fresh status read, to each job still running whose cancel was not accepted),
 * by id; a long list is cut and counted.
 */
export function stoppedRound(record: CancellationRecord): string {
  const ids = (pick: (j: JobRecord) => boolean) => {
    const all = record.jobs.filter(pick).map((j) => j.id);
    return all.length > 10 ? `${all.slice(0, 10).join(", ")} and ${all.length - 10} more` : all.join(", ");
  };
  const running = (j: JobRecord) => j.found && !isTerminal(j.phase);
  const accepted = ids((j) => j.cancelRequested && !j.cancelUnclear);
  const unsure = ids((j) => j.cancelUnclear);
  const next = ids((j) => running(j) && (j.cancelUnclear || !j.cancelRequested));
  const said = [
    accepted ? `the vendor accepted the cancel of ${accepted}` : "",
    unsure ? `it may have acted on the cancel of ${unsure}` : "",
  ].filter(Boolean);
  const omitted =
    record.jobsOmitted > 0 ? ` ${record.jobsOmitted} more jobs are counted in jobsOmitted, not sent.` : "";
  const then = next
    ? `the next \`pulumi up\` reads the status of ${next} and sends a cancel to each still running (an accepted cancel is never repeated).`
    : "the next `pulumi up` sends no cancel: every cancel that went out was accepted.";
  return `${said.length ? `Before that, ${said.join("; ")}. ` : ""}The record is saved as ${record.outcome}; ${then}${omitted}`;
}
