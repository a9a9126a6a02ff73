/**
 * The shared lifecycle of every cancellation resource, over a VendorAdapter:
 * create = resolve the jobs, cancel the running ones, wait for the vendor to confirm; read = status; update = no
 * vendor mutation but the re-send of a cancel whose answer was lost, then resume a wait; delete = forget the record.
 * @internal
 * @packageDocumentation
 */
import { isDeepStrictEqual } from "node:util";
import type { dynamic } from "@pulumi/pulumi";
import type { z } from "zod";
import type { CallContext, VendorAdapter } from "../adapter";
export type { OperationOptions } from "./context";
import { boundedAdapter } from "./bounds";
import { setStackConfig } from "../inputs/credentials";
import { PartialCancellationError, VENDOR_LABELS } from "../errors";
import { checkInputs, commonShape, inputSchema, INTERNAL_INPUTS, UNKNOWN } from "../inputs/inputs";
import { budgetOf, contextOf, echoOf, guarded, now, settings, type OperationOptions } from "./context";
import { isTerminal, type CancellationRecord } from "../model";
import { sendCancels, type CancelRound } from "./cancel";
import { progressLabel, reportReplaced, unsettled, waitUntilSettled } from "./poll";
import { firstSeen, observe, readRecord, recordSchema, sameObservation, summarize } from "./record";
import { stripControls } from "../http/redact";

/** The inputs common to every vendor, typed from their schema; vendor fields ride along. */
export type ProviderInputs = z.infer<z.ZodObject<typeof commonShape>> & Record<string, unknown>;
/** A diff, with the inputs that changed: the plugin reports them to the engine (the dynamic host has no field for them). */
export interface CancellationDiff extends dynamic.DiffResult {
  diffs: string[];
}

/** The outputs: the echoed inputs (so diff and read see them) and the audit record. */
export type ProviderOutputs = ProviderInputs & CancellationRecord;

/** A resource's provider: the dynamic provider's methods, with operation options, import and preview. */
export interface CancellationProvider extends dynamic.ResourceProvider<ProviderInputs, ProviderOutputs> {
  check(olds: ProviderInputs, news: ProviderInputs): Promise<dynamic.CheckResult<ProviderInputs>>;
  diff(id: string, olds: ProviderOutputs, news: ProviderInputs): Promise<CancellationDiff>;
  create(inputs: ProviderInputs, opts?: OperationOptions): Promise<dynamic.CreateResult<ProviderOutputs>>;
  update(
    id: string,
    olds: ProviderOutputs,
    news: ProviderInputs,
    opts?: OperationOptions,
  ): Promise<dynamic.UpdateResult<ProviderOutputs>>;
  read(id: string, props?: ProviderOutputs, opts?: OperationOptions): Promise<dynamic.ReadResult<ProviderOutputs>>;
  /**
   * `pulumi import`: the inputs an id names and a record of what the vendor shows now. Never sends a cancel, so it
   * adopts only a cancellation that has happened: a job still running is refused with what to do instead.
   */
  importId(id: string, opts?: OperationOptions): Promise<{ inputs: Record<string, unknown>; outputs: ProviderOutputs }>;
  /** The outputs a preview shows: the inputs echoed, the vendor, and every observed field unknown. No request. */
  predict(inputs: ProviderInputs): Record<string, unknown>;
}

/** Builds the dynamic provider of one vendor. */
export function makeProvider(vendorAdapter: VendorAdapter): CancellationProvider {
  // Every job status the vendor reports is bounded before anything reads it (details size, status words).
  const adapter = boundedAdapter(vendorAdapter);
  const label = VENDOR_LABELS[adapter.vendor];
  const identity = [...adapter.identityKeys, "triggers"];
  const inputKeys = Object.keys({ ...commonShape, ...adapter.inputShape }).filter((k) => !INTERNAL_INPUTS.includes(k));

  function partial(message: string, id: string, inputs: ProviderInputs, record: CancellationRecord): never {
    throw new PartialCancellationError(message, id, { ...echoOf(inputs), ...record, __provider: inputs.__provider });
  }

  /** Waits if asked and needed; a wait cut short by the deadline or an error is a partial failure: the record is kept. */
  async function settle(
    ctx: CallContext,
    inputs: ProviderInputs,
    id: string,
    record: CancellationRecord,
    unclear: string[],
    opts: OperationOptions,
  ): Promise<CancellationRecord> {
    if (!settings(inputs).wait || record.outcome !== "cancel-requested") return record;
    const times = { requestedAt: record.requestedAt, confirmedAt: record.confirmedAt };
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

  function recordOf(round: CancelRound, observedAt: string, confirmedAt: string | null = null): CancellationRecord {
    return summarize(adapter.vendor, round.jobs, round.details, {
      requestedAt: round.requestedAt,
      confirmedAt,
      observedAt,
    });
  }

  return {
    configure(req) {
      setStackConfig(req.config);
      return Promise.resolve();
    },

    check(_olds, news) {
      return Promise.resolve(checkInputs(adapter, news) as dynamic.CheckResult<ProviderInputs>);
    },

    diff(_id, olds, news) {
      const differs = (k: string) => !isDeepStrictEqual((olds as Record<string, unknown>)[k], news[k]);
      const diffs = inputKeys.filter(differs);
      return Promise.resolve({
        changes: diffs.length > 0,
        replaces: identity.filter(differs),
        diffs,
        deleteBeforeReplace: false,
      });
    },

    async create(raw, opts = {}) {
      const inputs = inputSchema(adapter).parse(raw) as ProviderInputs;
      const ctx = await contextOf(adapter, inputs, opts);
      return guarded(ctx.redactor, async () => {
        const id = adapter.resourceId(inputs);
        const target = adapter.describeTarget(inputs);
        const { selector, jobs } = await adapter.resolve(ctx, inputs);
        const targets = selector ? jobs.filter((j) => !isTerminal(j.phase)) : jobs;
        if (settings(inputs).failIfFinished && targets.every((j) => isTerminal(j.phase))) {
          const seen =
            targets.map((j) => `${j.id} is ${j.phase} (${j.vendorStatus})`).join(", ") || "no job is running";
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
        const record = recordOf(round, now());
        if (round.error) {
          if (round.requestedAt === null) throw round.error;
          partial(
            `${label}: some cancels of ${target} were accepted, then: ${round.error.message}. The record is saved; the next \`pulumi up\` goes on.`,
            id,
            inputs,
            record,
          );
        }
        const settled = await settle(ctx, inputs, id, record, round.unclear, opts);
        return { id, outs: { ...echoOf(inputs), ...settled } };
      });
    },

    async read(id, props, opts = {}) {
      const outputs = (props ?? {}) as ProviderOutputs;
      const old = readRecord(outputs, adapter.vendor);
      if (old.jobs.length === 0) return { id, props: { ...outputs, ...old } };
      const ctx = await contextOf(adapter, outputs, opts);
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
        });
        // A refresh that observes nothing new must show no changes, so the old observation time is kept.
        if (sameObservation(record, old)) return { id, props: outputs };
        return { id, props: { ...outputs, ...record } };
      });
    },

    async update(id, olds, news, opts = {}) {
      const inputs = inputSchema(adapter).parse(news) as ProviderInputs;
      const old = readRecord(olds, adapter.vendor);
      if (old.outcome !== "cancel-requested") return { outs: { ...echoOf(inputs), ...old } };
      const ctx = await contextOf(adapter, inputs, opts);
      return guarded(ctx.redactor, async () => {
        // Only a cancel whose answer was lost may never have reached the vendor: it alone is sent again, and only
        // after a fresh status read shows the job still there and running. A clear answer is never repeated.
        const resend = (j: CancellationRecord["jobs"][number]) => unsettled([j]).length > 0 && j.cancelUnclear;
        const round = await sendCancels(adapter, ctx, inputs, old, resend, true);
        reportReplaced(ctx.progress, progressLabel(adapter, inputs), round.replaced);
        const resent = recordOf(round, now(), old.confirmedAt);
        if (round.error) {
          partial(
            `${label}: resuming the cancellation of ${adapter.describeTarget(inputs)} failed: ${round.error.message}. The record is kept; the next \`pulumi up\` tries again.`,
            id,
            inputs,
            resent,
          );
        }
        const record = await settle(ctx, inputs, id, resent, round.unclear, opts);
        return { outs: { ...echoOf(inputs), ...record } };
      });
    },

    async importId(id, opts = {}) {
      const given = adapter.fromId(id);
      const checked = given && checkInputs(adapter, given);
      if (!given || !checked || checked.failures?.length) {
        const why = checked?.failures?.map((f) => `${f.property}: ${f.reason}`).join("; ");
        throw new Error(
          `${label}: cannot import id ${JSON.stringify(stripControls(id).slice(0, 200))}: expected ${adapter.idFormat}${why ? ` (${why})` : ""}`,
        );
      }
      const inputs = inputSchema(adapter).parse(given) as ProviderInputs;
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
    },

    predict(inputs) {
      const unknown = Object.fromEntries(Object.keys(recordSchema.shape).map((k) => [k, UNKNOWN]));
      return { ...unknown, ...echoOf(inputs), vendor: adapter.vendor };
    },

    delete() {
      // A cancellation cannot be undone: destroying the resource only forgets the record.
      return Promise.resolve();
    },
  };
}
