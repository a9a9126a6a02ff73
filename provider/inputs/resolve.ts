/**
 * The one resolution of a resource's context: its inputs (from the program, or recorded in state), provider config
 * and the environment become the credential form in use, the endpoint, every other host a request goes to and the
 * settings, each with the place it came from, and every rule those values break, as check failures naming the field
 * and the keys. `check` reports the failures; every operation refuses on them before any request.
 * @internal
 * @packageDocumentation
 */
import type { z } from "zod";
import type { dynamic } from "@pulumi/pulumi";
import type { VendorAdapter } from "../adapter";
import { VENDOR_LABELS } from "../errors";
import { MIN_SECRET_CHARS } from "../http/redact";
import { lookupCredentials, tooShortReason } from "./credential-forms";
import { describeCredentialPlaces, describeSettingPlaces, findSetting, type ResolvedCredentials } from "./credentials";
import { ALLOW_HTTP, chooseEndpoint, endpointProblem, type EndpointChoice } from "./endpoint";
import { UNKNOWN } from "./unknown";

/** A value and the place it came from (`the endpoint input`, `stack config ragcancel:…`, `environment variable …`). */
export interface Sourced {
  value: string;
  from: string;
}

/** Where the inputs being resolved come from: the program (check, create, update, import) or the state (read). */
export type InputOrigin = "program" | "state";

/** A resource's resolved context. Values are credentials too: never put this object in a message. */
export interface ResourceContext {
  /** The complete credential form found (with the shared secrets), or undefined (see `failures`, or `connect`). */
  credentials: ResolvedCredentials | undefined;
  /** The API base URL and its source; undefined when none is set anywhere (a failure says so). */
  endpoint: EndpointChoice | undefined;
  /** Other hosts the inputs send requests to (Pinecone's `indexHost`), as URLs, by input name. */
  hosts: Readonly<Record<string, Sourced>>;
  /** The adapter's settings (an account id, a region) found in the input, config or environment. */
  settings: Readonly<Record<string, Sourced>>;
  /** Every rule broken, naming the field and the keys; never a value. */
  failures: dynamic.CheckFailure[];
}

const hasUnknown = (v: unknown) => JSON.stringify(v ?? null).includes(UNKNOWN);
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** How an input's value is named: as the program's input, or as recorded in state (where a refresh finds it). */
function inputText(name: string, origin: InputOrigin): string {
  return origin === "state" ? `${name} recorded in state` : `${name} input`;
}

function credentialsOf(
  adapter: VendorAdapter,
  inputs: Record<string, unknown>,
  failures: dynamic.CheckFailure[],
): ResolvedCredentials | undefined {
  const given = inputs.credentials;
  if (hasUnknown(given)) return undefined;
  if (given !== undefined && !isRecord(given)) {
    failures.push({ property: "credentials", reason: "expected an object of credential fields" });
    return undefined;
  }
  const shared = Object.keys(adapter.sharedSecrets ?? {});
  const lookup = lookupCredentials(adapter.credentialForms, given, adapter.pairedSecrets, shared);
  failures.push(...lookup.failures);
  if (!lookup.found && lookup.failures.length === 0 && !adapter.connect) {
    const label = VENDOR_LABELS[adapter.vendor];
    failures.push({
      property: "credentials",
      reason: `no ${label} credentials found. Set one of: ${describeCredentialPlaces(adapter.credentialForms)}`,
    });
  }
  // Shared secrets (SuperOffice's appToken) come from their own place, whatever form is used: held to the same rule.
  const extra: [string, string][] = [];
  for (const [name, source] of Object.entries(adapter.sharedSecrets ?? {})) {
    const value = given?.[name];
    const found = findSetting(source, typeof value === "string" ? value : undefined, `credentials.${name}`);
    if (!found || found.value === "") continue;
    if (found.value.length < MIN_SECRET_CHARS) {
      failures.push({
        property: "credentials",
        reason: tooShortReason(`the ${name} from ${found.from}`),
      });
    }
    extra.push([name, found.value]);
  }
  return lookup.found && { ...lookup.found, values: { ...lookup.found.values, ...Object.fromEntries(extra) } };
}

/**
 * Settings from config or the environment (Cloudflare's account id, OpenAI's organization) reach a path or a header
 * as surely as the input does, so they pass the input's own schema; the failure names where the value came from.
 */
function settingsOf(
  adapter: VendorAdapter,
  inputs: Record<string, unknown>,
  failures: dynamic.CheckFailure[],
): Record<string, Sourced> {
  const out: Record<string, Sourced> = {};
  for (const [name, source] of Object.entries(adapter.settings ?? {})) {
    const value = inputs[name];
    const found = findSetting(source, typeof value === "string" ? value : undefined, name);
    if (!found || found.value === UNKNOWN) continue;
    out[name] = found;
    const schema = (adapter.inputShape as Record<string, z.ZodType | undefined>)[name];
    if (value !== undefined || !schema || found.from === "the default") continue;
    const parsed = schema.safeParse(found.value);
    if (!parsed.success) {
      const reason = parsed.error.issues[0]?.message ?? "invalid";
      failures.push({ property: name, reason: `${reason} (the ${name} from ${found.from})` });
    }
  }
  return out;
}

/** True/false switches read from config or environment: anything else is a failure, never a silent `false`. */
function switchFailures(adapter: VendorAdapter): dynamic.CheckFailure[] {
  const failures: dynamic.CheckFailure[] = [];
  const allowHttp = findSetting(ALLOW_HTTP, undefined, "");
  if (allowHttp && !/^(true|false)$/i.test(allowHttp.value)) {
    failures.push({
      property: "endpoint",
      reason: `${allowHttp.from} must be true or false (it allows plain http endpoints beyond loopback)`,
    });
  }
  const ignoredBy = adapter.endpoint.envIgnoredBy;
  const ignore = ignoredBy === undefined ? undefined : process.env[ignoredBy];
  if (ignoredBy !== undefined && ignore !== undefined && ignore !== "true" && ignore !== "false") {
    failures.push({ property: "endpoint", reason: `environment variable ${ignoredBy} must be true or false` });
  }
  return failures;
}

function endpointOf(
  adapter: VendorAdapter,
  inputs: Record<string, unknown>,
  origin: InputOrigin,
  failures: dynamic.CheckFailure[],
): EndpointChoice | undefined {
  const input = inputs.endpoint;
  if (input === UNKNOWN) return undefined;
  const chosen = chooseEndpoint(adapter.endpoint, typeof input === "string" ? input : undefined);
  if (!chosen) {
    const label = VENDOR_LABELS[adapter.vendor];
    failures.push({
      property: "endpoint",
      reason: `no ${label} API base URL: set ${describeSettingPlaces("endpoint", adapter.endpoint)}`,
    });
    return undefined;
  }
  const endpoint =
    chosen.from === "the endpoint input" ? { ...chosen, from: `the ${inputText("endpoint", origin)}` } : chosen;
  if (endpoint.problem)
    failures.push({ property: "endpoint", reason: `${endpoint.problem} (the endpoint from ${endpoint.from})` });
  return endpoint;
}

function hostsOf(
  adapter: VendorAdapter,
  inputs: Record<string, unknown>,
  origin: InputOrigin,
  failures: dynamic.CheckFailure[],
): Record<string, Sourced> {
  const out: Record<string, Sourced> = {};
  for (const [name, url] of Object.entries(adapter.hosts?.(inputs) ?? {})) {
    if (url.includes(UNKNOWN)) continue;
    const from = `the ${inputText(name, origin)}`;
    out[name] = { value: url, from };
    const problem = endpointProblem(url);
    if (problem) failures.push({ property: name, reason: `${problem} (the ${name} from ${from})` });
  }
  return out;
}

/**
 * Resolves a resource's context from its inputs (`origin`: the program's, or those recorded in state), provider
 * config and the environment. Never throws on a value, never sends a request; every broken rule is in `failures`.
 */
export function resolveContext(
  adapter: VendorAdapter,
  inputs: Record<string, unknown>,
  origin: InputOrigin = "program",
): ResourceContext {
  const failures: dynamic.CheckFailure[] = [];
  const credentials = credentialsOf(adapter, inputs, failures);
  failures.push(...switchFailures(adapter));
  const settings = settingsOf(adapter, inputs, failures);
  failures.push(...(adapter.validate?.(inputs) ?? []));
  const endpoint = endpointOf(adapter, inputs, origin, failures);
  const hosts = hostsOf(adapter, inputs, origin, failures);
  return { credentials, endpoint, hosts, settings, failures };
}

/** The failures as one line for an error: each field with its reason (reasons never hold a value). */
export function describeFailures(failures: readonly dynamic.CheckFailure[]): string {
  return failures.map((f) => `${f.property}: ${f.reason}`).join("; ");
}
