/**
 * What one operation runs with: its call context (credentials, endpoint, deadline, abort signal, redactor) and the
 * guard that scrubs and caps every message leaving it.
 * @internal
 * @packageDocumentation
 */
import { createHash } from "node:crypto";
import type { CallContext, VendorAdapter } from "../adapter";
import { redactorOf, resolveCredentials, resolveSetting } from "../inputs/credentials";
import { chooseEndpoint, endpointProblem } from "../inputs/endpoint";
import { PartialCancellationError, VENDOR_LABELS } from "../errors";
import { DEFAULTS, INTERNAL_INPUTS } from "../inputs/inputs";
import type { Redactor } from "../http/redact";
import { printProgress, scrubbedProgress, type ProgressSink } from "./progress";

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

export async function contextOf(
  adapter: VendorAdapter,
  inputs: Record<string, unknown>,
  opts: OperationOptions = {},
): Promise<CallContext> {
  const label = VENDOR_LABELS[adapter.vendor];
  const given = inputs.credentials as Record<string, unknown> | undefined;
  const formFound = resolveCredentials(adapter.credentialForms, given);
  // An adapter with its own loaders (AWS's chain) decides, and pairs the optional parts (a session token) itself.
  const connection = adapter.connect ? await adapter.connect(inputs, formFound) : undefined;
  const credentials = connection?.credentials ?? formFound;
  if (!credentials)
    throw new Error(`${label}: no complete credentials found (run \`pulumi preview\` for where they are looked up)`);
  const shared = connection
    ? []
    : Object.entries(adapter.sharedSecrets ?? {}).flatMap(([name, source]) => {
        const value = resolveSetting(source, given?.[name] as string | undefined);
        return value === undefined || value === "" ? [] : [[name, value] as const];
      });
  const values = { ...credentials.values, ...Object.fromEntries(shared) };
  const chosen = chooseEndpoint(adapter.endpoint, inputs.endpoint as string | undefined);
  if (!chosen) throw new Error(`${label}: no API base URL is configured`);
  // A regional default (`https://bedrock-agent.{region}.amazonaws.com`) takes the region the connection resolved.
  // The filled URL passes the endpoint rules again: whatever the region says, the credential goes only where they allow.
  const filled =
    chosen.from === "the default" && connection?.region !== undefined
      ? chosen.url.replaceAll("{region}", connection.region)
      : undefined;
  const endpoint = filled === undefined ? chosen : { ...chosen, url: filled, problem: endpointProblem(filled) };
  if (endpoint.problem) throw new Error(`${label}: the endpoint from ${endpoint.from}: ${endpoint.problem}`);
  const seconds = budgetOf(inputs, opts).seconds;
  const limitKey = createHash("sha256")
    .update(JSON.stringify([endpoint.url, credentials.values]))
    .digest("hex")
    .slice(0, 16);
  const redactor = redactorOf(values);
  return {
    baseUrl: endpoint.url,
    credentials: { ...credentials, values },
    deadline: Date.now() + seconds * 1000,
    limitKey,
    redactor,
    progress: scrubbedProgress(opts.progress ?? printProgress, redactor),
    ...(connection?.sign ? { sign: connection.sign } : {}),
    ...(opts.signal ? { signal: opts.signal } : {}),
  };
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
