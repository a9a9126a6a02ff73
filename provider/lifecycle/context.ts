/**
 * What one operation runs with: its call context (credentials, endpoint, deadline, abort signal, redactor) and the
 * guard that scrubs and caps every message leaving it.
 * @internal
 * @packageDocumentation
 */
import { createHash } from "node:crypto";
import type { CallContext, Connection, VendorAdapter } from "../adapter";
import { redactorOf } from "../inputs/credentials";
import { shortSecrets } from "../inputs/credential-forms";
import { endpointProblem, type EndpointChoice } from "../inputs/endpoint";
import { describeFailures, resolveContext, type InputOrigin } from "../inputs/resolve";
import { PartialCancellationError, VENDOR_LABELS } from "../errors";
import { DEFAULTS, INTERNAL_INPUTS } from "../inputs/inputs";
import type { Redactor } from "../http/redact";
import { printProgress, scrubbedProgress, type ProgressSink } from "./progress";
import { untilDeadline } from "../http/deadline";

/** What the plugin adds to an operation beyond its inputs (the dynamic host has neither). */
export interface OperationOptions {
  /** The engine's custom timeout of this Create or Update, in seconds; with `timeoutSeconds` set too, the smaller wins. */
  timeoutSeconds?: number;
  /** Aborted when the engine asks the provider to stop (Ctrl-C): waits end within a second, the record is kept. */
  signal?: AbortSignal;
  /** Where progress lines go: the engine's `Log` for the resource (plugin); unset, stdout (the dynamic host's). */
  progress?: ProgressSink;
}

/** The longest message this provider hands the engine (errors and partial-failure reasons). */
const MAX_MESSAGE_CHARS = 2000;

export function now(): string {
  return new Date().toISOString();
}

export function echoOf(inputs: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(inputs).filter(([k, v]) => !INTERNAL_INPUTS.includes(k) && v !== undefined));
}

/**
 * Ends `work` at the deadline or on abort, whatever it is doing (a `credential_process` that never returns), and
 * aborts the signal `work` is given then, so what it started (a child process) is ended too, not only let go.
 */
async function bounded<T>(
  work: (stop: AbortSignal) => Promise<T>,
  deadline: number,
  signal: AbortSignal | undefined,
  what: string,
): Promise<T> {
  const { signal: stop, release } = untilDeadline(Math.max(0, deadline - Date.now()), signal);
  const ended = new Promise<never>((_resolve, reject) => {
    const end = () => {
      const why =
        signal?.aborted === true
          ? "was interrupted: the engine asked the provider to stop (Ctrl-C)"
          : "did not finish by the deadline";
      reject(new Error(`${what} ${why}; nothing was sent`));
    };
    if (stop.aborted) end();
    else stop.addEventListener("abort", end, { once: true });
  });
  try {
    return await Promise.race([work(stop), ended]);
  } finally {
    release();
  }
}

/**
 * The call context of one operation: the resource's context resolved once (`resolveContext`), refused on any failure
 * before a request, then the adapter's own loaders (AWS's chain) under the operation's deadline and abort signal.
 * `origin` says where the inputs come from: the program, or the state a refresh reads.
 */
export async function contextOf(
  adapter: VendorAdapter,
  inputs: Record<string, unknown>,
  opts: OperationOptions = {},
  origin: InputOrigin = "program",
): Promise<CallContext> {
  const label = VENDOR_LABELS[adapter.vendor];
  // The deadline starts before anything that may wait, credential loaders included.
  const budget = budgetOf(inputs, opts);
  const deadline = Date.now() + budget.seconds * 1000;
  const resolved = resolveContext(adapter, inputs, origin);
  if (resolved.failures.length > 0) {
    throw new Error(`${label}: ${describeFailures(resolved.failures)}. Nothing was sent.`);
  }
  // An adapter with its own loaders (AWS's chain) decides, and pairs the optional parts (a session token) itself.
  const connect = adapter.connect;
  const connection = connect
    ? await bounded(
        (stop) => connect(inputs, resolved.credentials, resolved.settings, stop),
        deadline,
        opts.signal,
        `${label}: loading the credentials (${budget.describe})`,
      )
    : undefined;
  const credentials = connection?.credentials ?? resolved.credentials;
  if (!credentials)
    throw new Error(`${label}: no complete credentials found (run \`pulumi preview\` for where they are looked up)`);
  // What the loaders returned (a credential_process's output, an SSO cache) meets the rule `check` applies to the
  // credentials it can see: one too short to scrub is refused before it is used.
  const short = connection ? shortSecrets(credentials, adapter.credentialForms) : [];
  if (short.length > 0) throw new Error(`${label}: ${describeFailures(short)}. Nothing was sent.`);
  const endpoint = endpointOf(adapter, resolved.endpoint, connection);
  const limitKey = createHash("sha256")
    .update(JSON.stringify([endpoint, credentials.values]))
    .digest("hex")
    .slice(0, 16);
  const redactor = redactorOf(credentials.values);
  return {
    baseUrl: endpoint,
    credentials,
    deadline,
    limitKey,
    redactor,
    progress: scrubbedProgress(opts.progress ?? printProgress, redactor),
    settings: Object.fromEntries(Object.entries(resolved.settings).map(([name, found]) => [name, found.value])),
    ...(connection?.sign ? { sign: connection.sign } : {}),
    ...(opts.signal ? { signal: opts.signal } : {}),
  };
}

/**
 * The endpoint after the adapter's loaders: a vendor's own configuration (an AWS profile) may name one where the
 * context found only the default, or say to ignore one from the environment; a regional default takes the region.
 * Whatever results passes the endpoint rules again: the credential goes only where they allow.
 */
function endpointOf(
  adapter: VendorAdapter,
  chosen: EndpointChoice | undefined,
  connection: Connection | undefined,
): string {
  const label = VENDOR_LABELS[adapter.vendor];
  if (!chosen) throw new Error(`${label}: no API base URL is configured`);
  let endpoint = chosen;
  const fallback = adapter.endpoint.default;
  // Input and config come before the environment: an endpoint from the environment means neither is set.
  if (connection?.ignoreConfiguredEndpoint === true && chosen.from.startsWith("environment") && fallback)
    endpoint = { url: fallback, from: "the default", problem: endpointProblem(fallback) };
  if (endpoint.from === "the default" && connection?.endpoint) {
    const url = connection.endpoint.url.replace(/\/+$/, "");
    endpoint = { url, from: connection.endpoint.from, problem: endpointProblem(url) };
  }
  if (endpoint.from === "the default" && connection?.region !== undefined) {
    const url = endpoint.url.replaceAll("{region}", connection.region);
    endpoint = { ...endpoint, url, problem: endpointProblem(url) };
  }
  if (endpoint.problem)
    throw new Error(`${label}: the endpoint from ${endpoint.from}: ${endpoint.problem}. Nothing was sent.`);
  return endpoint.url;
}

export function settings(inputs: Record<string, unknown>) {
  return {
    wait: inputs.waitForTerminal !== false,
    failIfFinished: inputs.ifFinished === "fail",
    timeoutSeconds: typeof inputs.timeoutSeconds === "number" ? inputs.timeoutSeconds : DEFAULTS.timeoutSeconds,
  };
}

/** The operation's time budget: `timeoutSeconds`, or the engine's custom timeout when that is smaller. */
export function budgetOf(
  inputs: Record<string, unknown>,
  opts: OperationOptions,
): { seconds: number; describe: string } {
  const own = settings(inputs).timeoutSeconds;
  const custom = opts.timeoutSeconds;
  return custom !== undefined && custom > 0 && custom < own
    ? { seconds: custom, describe: `the resource's customTimeouts (${custom} s)` }
    : { seconds: own, describe: `timeoutSeconds (${own} s)` };
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

export async function guarded<T>(redactor: Redactor, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    throw scrubbed(err, redactor);
  }
}
