/**
 * The operations that start from a record in state: read (refresh: the status of every job recorded) and update (no
 * vendor mutation but a cancel to a job still running whose cancel got no clear answer, then resume a wait).
 * @internal
 * @packageDocumentation
 */
import type { VendorAdapter } from "../adapter";
import { VENDOR_LABELS } from "../errors";
import { parseInputs } from "../inputs/inputs";
import { isTerminal, type CancellationRecord } from "../model";
import { sendCancels } from "./cancel";
import { contextOf, echoOf, guarded, now, type OperationOptions } from "./context";
import { progressLabel, reportReplaced } from "./poll";
import { observe, readRecord, sameObservation, summarize } from "./record";
import { partial, recordOf, settle, stoppedRound } from "./settle";
import type { ProviderInputs, ProviderOutputs } from "./types";

/**
 * Refresh: the status of every job recorded. The context comes from the state (its endpoint, hosts and credentials
 * input as recorded) with today's config and environment, and passes today's rules before any request.
 */
export async function read(
  adapter: VendorAdapter,
  id: string,
  props: ProviderOutputs | undefined,
  opts: OperationOptions,
): Promise<{ id: string; props: ProviderOutputs }> {
  const outputs = (props ?? {}) as ProviderOutputs;
  const old = readRecord(outputs, adapter.vendor);
  if (old.jobs.length === 0) return { id, props: { ...outputs, ...old } };
  const ctx = await contextOf(adapter, outputs, opts, "state");
  return guarded(ctx.redactor, async () => {
    const details = { ...old.details };
    const jobs = await Promise.all(
      old.jobs.map(async (job) => {
        // A job already known gone or replaced stays so: what is at its address now is another job.
        if (!job.found) return job;
        const status = await adapter.get(ctx, outputs, job.id);
        if (status && status.id === job.id) details[job.id] = status.details;
        return observe(job, status);
      }),
    );
    const record = summarize(adapter.vendor, jobs, details, {
      requestedAt: old.requestedAt,
      confirmedAt: old.confirmedAt,
      observedAt: now(),
      omitted: old.jobsOmitted,
    });
    // A refresh that observes nothing new must show no changes, so the old observation time is kept.
    if (sameObservation(record, old)) return { id, props: outputs };
    return { id, props: { ...outputs, ...record } };
  });
}

/**
 * Update: nothing is sent unless the record is still cancel-requested, then only to a job still running whose cancel
 * got no clear answer (lost, unreadable, a server error) or was never sent because its round stopped first.
 */
export async function update(
  adapter: VendorAdapter,
  id: string,
  olds: ProviderOutputs,
  news: ProviderInputs,
  opts: OperationOptions,
): Promise<{ outs: ProviderOutputs }> {
  const label = VENDOR_LABELS[adapter.vendor];
  const inputs = parseInputs(adapter, news) as ProviderInputs;
  const old = readRecord(olds, adapter.vendor);
  if (old.outcome !== "cancel-requested") return { outs: { ...echoOf(inputs), ...old } };
  const ctx = await contextOf(adapter, inputs, opts);
  return guarded(ctx.redactor, async () => {
    // A clear acceptance is never repeated. A cancel with no clear answer (lost, unreadable, a server error) is sent
    // again, and so is one a stopped round never sent or had refused; each only after a fresh status read shows the
    // job still there and running.
    const resend = (j: CancellationRecord["jobs"][number]) =>
      j.found && !isTerminal(j.phase) && (j.cancelUnclear || !j.cancelRequested);
    const round = await sendCancels(adapter, ctx, inputs, old, resend, true);
    reportReplaced(ctx.progress, progressLabel(adapter, inputs), round.replaced);
    const resent = recordOf(adapter, round, now(), old.confirmedAt, old.jobsOmitted);
    if (round.error) {
      partial(
        `${label}: resuming the cancellation of ${adapter.describeTarget(inputs)} stopped: ${round.error.message}. ${stoppedRound(resent)}`,
        id,
        inputs,
        resent,
      );
    }
    const record = await settle(adapter, ctx, inputs, id, resent, round.unclear, opts);
    return { outs: { ...echoOf(inputs), ...record } };
  });
}
