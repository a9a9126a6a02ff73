/**
 * The operations that start from the program's inputs and reach the vendor first: create (resolve the jobs, cancel
 * the running ones, wait) and import (read what an id names; never cancel).
 * @internal
 * @packageDocumentation
 */
import type { VendorAdapter } from "../adapter";
import { VENDOR_LABELS } from "../errors";
import { checkInputs, parseInputs } from "../inputs/inputs";
import { describeFailures } from "../inputs/resolve";
import { stripControls } from "../http/redact";
import { isTerminal } from "../model";
import { sendCancels } from "./cancel";
import { contextOf, echoOf, guarded, now, settings, type OperationOptions } from "./context";
import { progressLabel, reportReplaced } from "./poll";
import { firstSeen, summarize } from "./record";
import { partial, recordOf, settle, stoppedRound } from "./settle";
import type { ProviderInputs, ProviderOutputs } from "./types";

/** Create: resolve the jobs, cancel the running ones, wait for the vendor to confirm. */
export async function create(
  adapter: VendorAdapter,
  raw: ProviderInputs,
  opts: OperationOptions,
): Promise<{ id: string; outs: ProviderOutputs }> {
  const label = VENDOR_LABELS[adapter.vendor];
  const inputs = parseInputs(adapter, raw) as ProviderInputs;
  const ctx = await contextOf(adapter, inputs, opts);
  return guarded(ctx.redactor, async () => {
    const id = adapter.resourceId(inputs);
    const target = adapter.describeTarget(inputs);
    const { selector, jobs } = await adapter.resolve(ctx, inputs);
    const targets = selector ? jobs.filter((j) => !isTerminal(j.phase)) : jobs;
    if (settings(inputs).failIfFinished && targets.every((j) => isTerminal(j.phase))) {
      const seen = targets.map((j) => `${j.id} is ${j.phase} (${j.vendorStatus})`).join(", ") || "no job is running";
      throw new Error(
        `${label}: ${target} has nothing to cancel: ${seen}, and ifFinished is "fail". Nothing was changed.`,
      );
    }
    const start = {
      jobs: targets.map(firstSeen),
      details: Object.fromEntries(targets.map((j) => [j.id, j.details])),
      requestedAt: null,
    };
    // resolve() has just read every target's status: no second read before the cancel.
    const round = await sendCancels(adapter, ctx, inputs, start, (j) => !isTerminal(j.phase), false);
    reportReplaced(ctx.progress, progressLabel(adapter, inputs), round.replaced);
    const record = recordOf(adapter, round, now());
    if (round.error) {
      if (round.requestedAt === null) throw round.error;
      partial(
        `${label}: the cancellation of ${target} stopped: ${round.error.message}. ${stoppedRound(record)}`,
        id,
        inputs,
        record,
      );
    }
    const settled = await settle(adapter, ctx, inputs, id, record, round.unclear, opts);
    return { id, outs: { ...echoOf(inputs), ...settled } };
  });
}

/** `pulumi import`: the inputs an id names and what the vendor shows now; a job still running is refused. */
export async function importId(
  adapter: VendorAdapter,
  id: string,
  opts: OperationOptions,
): Promise<{ inputs: Record<string, unknown>; outputs: ProviderOutputs }> {
  const label = VENDOR_LABELS[adapter.vendor];
  const given = adapter.fromId(id);
  const checked = given && checkInputs(adapter, given);
  if (!given || !checked || checked.failures?.length) {
    const why = checked?.failures?.length ? describeFailures(checked.failures) : undefined;
    throw new Error(
      `${label}: cannot import id ${JSON.stringify(stripControls(id).slice(0, 200))}: expected ${adapter.idFormat}${why ? ` (${why})` : ""}`,
    );
  }
  const inputs = parseInputs(adapter, given) as ProviderInputs;
  const ctx = await contextOf(adapter, inputs, opts);
  return guarded(ctx.redactor, async () => {
    const { selector, jobs } = await adapter.resolve(ctx, inputs);
    const running = jobs.filter((j) => !isTerminal(j.phase));
    if (running.length > 0) {
      const seen = running.map((j) => `${j.id} is ${j.phase} (${j.vendorStatus})`).join(", ");
      throw new Error(
        `${label}: ${adapter.describeTarget(inputs)} is not finished: ${seen}. \`pulumi import\` adopts a cancellation that has already happened and never sends a cancel; to cancel, declare the resource in the program and run \`pulumi up\`.`,
      );
    }
    const kept = selector ? [] : jobs;
    const record = summarize(
      adapter.vendor,
      kept.map(firstSeen),
      Object.fromEntries(kept.map((j) => [j.id, j.details])),
      { requestedAt: null, confirmedAt: null, observedAt: now() },
    );
    const echoed = echoOf(inputs);
    return { inputs: echoed, outputs: { ...echoed, ...record } };
  });
}
