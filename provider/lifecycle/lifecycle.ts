/**
 * The shared lifecycle of every cancellation resource, over a VendorAdapter:
 * create = resolve the jobs, cancel the running ones, wait for the vendor to confirm; read = status; update = no
 * vendor mutation but the re-send of a cancel whose answer was lost, then resume a wait; delete = forget the record.
 * @internal
 * @packageDocumentation
 */
import { createHash } from "node:crypto";
import { isDeepStrictEqual } from "node:util";
import type { dynamic } from "@pulumi/pulumi";
import type { z } from "zod";
import type { CallContext, VendorAdapter } from "../adapter";
import { boundedAdapter } from "./bounds";
import { redactorOf, resolveCredentials, resolveSetting, setStackConfig } from "../inputs/credentials";
import { chooseEndpoint } from "../inputs/endpoint";
import { PartialCancellationError, VENDOR_LABELS } from "../errors";
import { checkInputs, commonShape, DEFAULTS, inputSchema, INTERNAL_INPUTS } from "../inputs/inputs";
import { isTerminal, type CancellationRecord } from "../model";
import { sendCancels, type CancelRound } from "./cancel";
import { progressLabel, reportReplaced, unsettled, waitUntilSettled } from "./poll";
import { firstSeen, observe, readRecord, sameObservation, summarize } from "./record";
import type { Redactor } from "../http/redact";

/** The inputs common to every vendor, typed from their schema; vendor fields ride along. */
export type ProviderInputs = z.infer<z.ZodObject<typeof commonShape>> & Record<string, unknown>;
/** The outputs: the echoed inputs (so diff and read see them) and the audit record. */
export type ProviderOutputs = ProviderInputs & CancellationRecord;

/** The longest message this provider hands the engine (errors and partial-failure reasons). */
const MAX_MESSAGE_CHARS = 2000;

function now(): string {
  return new Date().toISOString();
}

function echoOf(inputs: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(inputs).filter(([k, v]) => !INTERNAL_INPUTS.includes(k) && v !== undefined));
}

function contextOf(adapter: VendorAdapter, inputs: Record<string, unknown>): CallContext {
  const label = VENDOR_LABELS[adapter.vendor];
  const given = inputs.credentials as Record<string, unknown> | undefined;
  const credentials = resolveCredentials(adapter.credentialForms, given);
  if (!credentials)
    throw new Error(`${label}: no complete credentials found (run \`pulumi preview\` for where they are looked up)`);
  const shared = Object.entries(adapter.sharedSecrets ?? {}).flatMap(([name, source]) => {
    const value = resolveSetting(source, given?.[name] as string | undefined);
    return value === undefined || value === "" ? [] : [[name, value] as const];
  });
  const values = { ...credentials.values, ...Object.fromEntries(shared) };
  const endpoint = chooseEndpoint(adapter.endpoint, inputs.endpoint as string | undefined);
  if (!endpoint) throw new Error(`${label}: no API base URL is configured`);
  if (endpoint.problem) throw new Error(`${label}: the endpoint from ${endpoint.from}: ${endpoint.problem}`);
  const seconds = settings(inputs).timeoutSeconds;
  const limitKey = createHash("sha256")
    .update(JSON.stringify([endpoint.url, credentials.values]))
    .digest("hex")
    .slice(0, 16);
  return {
    baseUrl: endpoint.url,
    credentials: { ...credentials, values },
    deadline: Date.now() + seconds * 1000,
    limitKey,
    redactor: redactorOf(values),
  };
}

function settings(inputs: Record<string, unknown>) {
  return {
    wait: inputs.waitForTerminal !== false,
    failIfFinished: inputs.ifFinished === "fail",
    timeoutSeconds: typeof inputs.timeoutSeconds === "number" ? inputs.timeoutSeconds : DEFAULTS.timeoutSeconds,
  };
}

/**
 * The last guard on what leaves the provider: every message (and partial-failure reason, which the engine stores as
 * plain text in state) scrubbed of the credentials in use, stripped of control characters, capped.
 */
function scrubbed(err: unknown, redactor: Redactor): Error {
  const clean = (text: string) => redactor.text(text, MAX_MESSAGE_CHARS);
  if (err instanceof PartialCancellationError) {
    return new PartialCancellationError(clean(err.message), err.id, err.properties);
  }
  const e = err instanceof Error ? err : new Error(String(err));
  e.message = clean(e.message);
  if (e.stack !== undefined) e.stack = `${e.name}: ${e.message}`;
  return e;
}

async function guarded<T>(redactor: Redactor, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    throw scrubbed(err, redactor);
  }
}

/** Builds the dynamic provider of one vendor. */
export function makeProvider(vendorAdapter: VendorAdapter): dynamic.ResourceProvider<ProviderInputs, ProviderOutputs> {
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
      const replaces = identity.filter(differs);
      return Promise.resolve({ changes: inputKeys.some(differs), replaces, deleteBeforeReplace: false });
    },

    async create(raw) {
      const inputs = inputSchema(adapter).parse(raw) as ProviderInputs;
      const ctx = contextOf(adapter, inputs);
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
        reportReplaced(progressLabel(adapter, inputs), round.replaced);
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
        const settled = await settle(ctx, inputs, id, record, round.unclear);
        return { id, outs: { ...echoOf(inputs), ...settled } };
      });
    },

    async read(id, props) {
      const outputs = (props ?? {}) as ProviderOutputs;
      const old = readRecord(outputs, adapter.vendor);
      if (old.jobs.length === 0) return { id, props: { ...outputs, ...old } };
      const ctx = contextOf(adapter, outputs);
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

    async update(id, olds, news) {
      const inputs = inputSchema(adapter).parse(news) as ProviderInputs;
      const old = readRecord(olds, adapter.vendor);
      if (old.outcome !== "cancel-requested") return { outs: { ...echoOf(inputs), ...old } };
      const ctx = contextOf(adapter, inputs);
      return guarded(ctx.redactor, async () => {
        // Only a cancel whose answer was lost may never have reached the vendor: it alone is sent again, and only
        // after a fresh status read shows the job still there and running. A clear answer is never repeated.
        const resend = (j: CancellationRecord["jobs"][number]) => unsettled([j]).length > 0 && j.cancelUnclear;
        const round = await sendCancels(adapter, ctx, inputs, old, resend, true);
        reportReplaced(progressLabel(adapter, inputs), round.replaced);
        const resent = recordOf(round, now(), old.confirmedAt);
        if (round.error) {
          partial(
            `${label}: resuming the cancellation of ${adapter.describeTarget(inputs)} failed: ${round.error.message}. The record is kept; the next \`pulumi up\` tries again.`,
            id,
            inputs,
            resent,
          );
        }
        const record = await settle(ctx, inputs, id, resent, round.unclear);
        return { outs: { ...echoOf(inputs), ...record } };
      });
    },

    delete() {
      // A cancellation cannot be undone: destroying the resource only forgets the record.
      return Promise.resolve();
    },
  };
}
