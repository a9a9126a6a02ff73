/**
 * What create and update share after their cancels: the record of a cancel round, the partial failure that keeps a
 * record in state, and the wait for the vendor to confirm.
 * @internal
 * @packageDocumentation
 */
import type { CallContext, VendorAdapter } from "../adapter";
import { PartialCancellationError, VENDOR_LABELS } from "../errors";
import type { CancellationRecord } from "../model";
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
