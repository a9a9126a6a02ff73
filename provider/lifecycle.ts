/**
 * The shared lifecycle of every cancellation resource, over a VendorAdapter:
 * create = resolve the jobs, cancel the running ones, wait for the vendor to confirm; read = status; update = no
 * vendor mutation, resume a wait; delete = forget the record.
 * @internal
 * @packageDocumentation
 */
import { createHash } from "node:crypto";
import { isDeepStrictEqual } from "node:util";
import type { dynamic } from "@pulumi/pulumi";
import type { z } from "zod";
import type { CallContext, VendorAdapter } from "./adapter";
import { resolveCredentials, resolveEndpoint, setStackConfig } from "./credentials";
import { PartialCancellationError, VENDOR_LABELS } from "./errors";
import { checkInputs, commonShape, DEFAULTS, inputSchema, INTERNAL_INPUTS } from "./inputs";
import { isTerminal, type CancellationRecord, type JobRecord } from "./model";
import { sendCancels } from "./cancel";
import { unsettled, waitUntilSettled } from "./poll";
import { observe, readRecord, sameObservation, summarize } from "./record";

/** The inputs common to every vendor, typed from their schema; vendor fields ride along. */
export type ProviderInputs = z.infer<z.ZodObject<typeof commonShape>> & Record<string, unknown>;
/** The outputs: the echoed inputs (so diff and read see them) and the audit record. */
export type ProviderOutputs = ProviderInputs & CancellationRecord;

function now(): string {
  return new Date().toISOString();
}

function echoOf(inputs: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(inputs).filter(([k, v]) => !INTERNAL_INPUTS.includes(k) && v !== undefined));
}

function contextOf(adapter: VendorAdapter, inputs: Record<string, unknown>): CallContext {
  const label = VENDOR_LABELS[adapter.vendor];
  const credentials = resolveCredentials(
    adapter.credentialForms,
    inputs.credentials as Record<string, unknown> | undefined,
  );
  if (!credentials)
    throw new Error(`${label}: no credentials found (run \`pulumi preview\` for where they are looked up)`);
  const baseUrl = resolveEndpoint(adapter.endpoint, inputs.endpoint as string | undefined);
  if (!baseUrl) throw new Error(`${label}: no API base URL is configured`);
  const seconds = typeof inputs.timeoutSeconds === "number" ? inputs.timeoutSeconds : DEFAULTS.timeoutSeconds;
  const limitKey = createHash("sha256")
    .update(JSON.stringify([baseUrl, credentials.values]))
    .digest("hex")
    .slice(0, 16);
  return { baseUrl, credentials, deadline: Date.now() + seconds * 1000, limitKey };
}

function settings(inputs: Record<string, unknown>) {
  return {
    wait: inputs.waitForTerminal !== false,
    failIfFinished: inputs.ifFinished === "fail",
    timeoutSeconds: typeof inputs.timeoutSeconds === "number" ? inputs.timeoutSeconds : DEFAULTS.timeoutSeconds,
  };
}

/** Builds the dynamic provider of one vendor. */
export function makeProvider(adapter: VendorAdapter): dynamic.ResourceProvider<ProviderInputs, ProviderOutputs> {
  const label = VENDOR_LABELS[adapter.vendor];
  const identity = [...adapter.identityKeys, "triggers"];
  const inputKeys = Object.keys({ ...commonShape, ...adapter.inputShape }).filter((k) => !INTERNAL_INPUTS.includes(k));

  /** Waits if asked and needed; a wait cut short by the deadline or an error is a partial failure: the record is kept. */
  async function settle(
    ctx: CallContext,
    inputs: ProviderInputs,
    id: string,
    record: CancellationRecord,
    unclear: string[] = [],
  ): Promise<CancellationRecord> {
    if (!settings(inputs).wait || record.outcome !== "cancel-requested") return record;
    const times = { requestedAt: record.requestedAt, confirmedAt: record.confirmedAt };
    let failure: string | undefined;
    let current = record;
    try {
      const result = await waitUntilSettled(adapter, ctx, inputs, record);
      current = summarize(adapter.vendor, result.jobs, result.details, { ...times, observedAt: now() });
      if (result.timedOut)
        failure = `it was not confirmed within timeoutSeconds (${settings(inputs).timeoutSeconds} s)`;
    } catch (err) {
      failure = `confirming it failed: ${(err as Error).message}`;
    }
    if (failure !== undefined) {
      const accepted = unclear.length
        ? `${label} may have accepted the cancel of ${adapter.describeTarget(inputs)} (its answer for ${unclear.join(", ")} was lost or unreadable)`
        : `${label} accepted the cancel of ${adapter.describeTarget(inputs)}`;
      const message =
        `${accepted} but ${failure}. Last phase: ${current.phase ?? "unknown"}. ` +
        "The record is saved as cancel-requested; the next `pulumi up` resumes waiting.";
      throw new PartialCancellationError(message, id, { ...echoOf(inputs), ...current, __provider: inputs.__provider });
    }
    return current;
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
      const replaces = identity.filter(differs);
      return Promise.resolve({ changes: inputKeys.some(differs), replaces, deleteBeforeReplace: false });
    },

    async create(raw) {
      const inputs = inputSchema(adapter).parse(raw) as ProviderInputs;
      const ctx = contextOf(adapter, inputs);
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
      const records: JobRecord[] = targets.map((j) => ({
        id: j.id,
        phaseBefore: j.phase,
        phase: j.phase,
        vendorStatus: j.vendorStatus,
        cancelRequested: false,
        found: true,
      }));
      const details = Object.fromEntries(targets.map((j) => [j.id, j.details]));
      const round = await sendCancels(
        adapter,
        ctx,
        inputs,
        { jobs: records, details, requestedAt: null },
        (j) => !isTerminal(j.phase),
      );
      const record = summarize(adapter.vendor, round.jobs, round.details, {
        requestedAt: round.requestedAt,
        confirmedAt: null,
        observedAt: now(),
      });
      if (round.error) {
        if (round.requestedAt === null) throw round.error;
        const message = `${label}: some cancels of ${target} were accepted, then: ${round.error.message}. The record is saved; the next \`pulumi up\` goes on.`;
        throw new PartialCancellationError(message, id, {
          ...echoOf(inputs),
          ...record,
          __provider: inputs.__provider,
        });
      }
      const settled = await settle(ctx, inputs, id, record, round.unclear);
      return { id, outs: { ...echoOf(inputs), ...settled } };
    },

    async read(id, props) {
      const outputs = (props ?? {}) as ProviderOutputs;
      const old = readRecord(outputs);
      if (old.jobs.length === 0) return { id, props: outputs };
      const ctx = contextOf(adapter, outputs);
      const details = { ...old.details };
      const jobs = await Promise.all(
        old.jobs.map(async (job) => {
          const status = await adapter.get(ctx, outputs, job.id);
          if (status) details[job.id] = status.details;
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
    },

    async update(id, olds, news) {
      const inputs = inputSchema(adapter).parse(news) as ProviderInputs;
      const old = readRecord(olds);
      if (old.outcome !== "cancel-requested" || !settings(inputs).wait) return { outs: { ...echoOf(inputs), ...old } };
      // The first cancel may never have reached the vendor (a lost answer): send it again, it is idempotent.
      const ctx = contextOf(adapter, inputs);
      const round = await sendCancels(adapter, ctx, inputs, old, (j) => unsettled([j]).length > 0);
      const resent = summarize(adapter.vendor, round.jobs, round.details, { ...old, observedAt: now() });
      if (round.error) throw round.error;
      const record = await settle(ctx, inputs, id, resent, round.unclear);
      return { outs: { ...echoOf(inputs), ...record } };
    },

    delete() {
      // A cancellation cannot be undone: destroying the resource only forgets the record.
      return Promise.resolve();
    },
  };
}
