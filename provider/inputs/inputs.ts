/**
 * Input validation for every vendor: the common inputs, the vendor's own, and `check`'s translation of zod issues
 * into Pulumi check failures that name the property and what was expected. Never throws, never calls a vendor.
 * @internal
 * @packageDocumentation
 */
import { z } from "zod";
import type { dynamic } from "@pulumi/pulumi";
import type { VendorAdapter } from "../adapter";
import {
  credentialInputFailures,
  describeCredentialPlaces,
  describeSettingPlaces,
  findSetting,
  resolveCredentials,
} from "./credentials";
import { MIN_SECRET_CHARS } from "../http/redact";
import { ALLOW_HTTP, chooseEndpoint } from "./endpoint";
import { VENDOR_LABELS } from "../errors";

/** The value Pulumi sends during preview for an input that is not known yet. */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/**
 * A secret credential field: a string of at least MIN_SECRET_CHARS (a shorter one could not be scrubbed from vendor
 * text without mangling it) and at most 4096 characters.
 */
export function secretField(what: string) {
  return z
    .string({ error: `expected ${what} (a string)` })
    .min(MIN_SECRET_CHARS, { error: `expected ${what} (at least ${MIN_SECRET_CHARS} characters)` })
    .max(4096, { error: `expected ${what} of at most 4096 characters` });
}

/** The largest `triggers`, as JSON. */
export const MAX_TRIGGERS_CHARS = 16_384;

/** Defaults of the common inputs. */
export const DEFAULTS = { waitForTerminal: true, timeoutSeconds: 300, ifFinished: "succeed" } as const;

/** Field docs: a text per field; for an object field, its own text under `_` and its fields' texts. */
export type FieldDocs = Readonly<Record<string, string | Readonly<Record<string, string>>>>;

/**
 * A shape whose fields carry their documentation (`.describe`): the one text the SDK's TSDoc and the plugin's schema
 * are checked against. An object field (inside `optional`) keeps its strictness; its own fields are documented too.
 */
export function documented<S extends z.ZodRawShape>(shape: S, docs: FieldDocs): S {
  const out: Record<string, z.ZodType> = {};
  for (const [key, field] of Object.entries(shape)) {
    const doc = docs[key];
    let schema = field as z.ZodType;
    if (doc !== undefined && typeof doc !== "string") {
      const optional = schema instanceof z.ZodOptional;
      const inner = optional ? (schema as z.ZodOptional<z.ZodType>).unwrap() : schema;
      if (inner instanceof z.ZodObject) {
        const fields = documented(inner.shape, doc);
        const rebuilt = inner.extend(fields);
        schema = optional ? rebuilt.optional() : rebuilt;
      }
    }
    const text = typeof doc === "string" ? doc : doc?._;
    out[key] = text === undefined ? schema : schema.describe(text);
  }
  // Each field keeps its type: `.describe` and a re-wrapped `optional(extend(...))` change only metadata.
  return out as unknown as S;
}

const COMMON_DOCS: FieldDocs = {
  reason:
    "Why the job is cancelled, e.g. a change ticket. Kept in state for the audit trail; never sent to the vendor. Changing it updates the record in place, with no vendor call.",
  waitForTerminal:
    "Wait until the vendor confirms the job is terminal (default `true`). With `false`, `up` returns as soon as the vendor accepts the cancel and the outcome is `cancel-requested`.",
  timeoutSeconds:
    "The longest the whole operation may take, in seconds (default 300, at most 86400). Pulumi's `customTimeouts` never reach a dynamic provider, hence this input. If the vendor accepted the cancel but has not confirmed it in time, the record is saved as `cancel-requested`, `up` reports the failure, and the next `up` resumes waiting.",
  ifFinished:
    'What to do when there is nothing to cancel (the job already finished, or nothing is running): `"succeed"` (default) records the state found; `"fail"` fails the `up` and records nothing.',
  triggers: "Any values; changing them replaces the resource, which cancels again (for a job started since, say).",
  endpoint:
    "The vendor's API base URL, overriding config and environment (an emulator, a proxy, an on-premises install). An absolute https URL with no user name, password, query or fragment; plain http only to loopback, unless `ragcancel:allowInsecureHttp` (or `RAGCANCEL_ALLOW_INSECURE_HTTP`) is `true`.",
};

/** The inputs every vendor's resource takes. */
export const commonShape = documented(
  {
    reason: z.string({ error: "expected text (kept in state for the audit trail, never sent)" }).max(4000).optional(),
    waitForTerminal: z.boolean({ error: "expected true or false" }).optional(),
    timeoutSeconds: z
      .number({ error: "expected a number of seconds" })
      .positive({ error: "expected a number of seconds greater than 0" })
      .max(86_400, { error: "expected at most 86400 seconds (one day)" })
      .optional(),
    ifFinished: z.enum(["succeed", "fail"], { error: 'expected "succeed" or "fail"' }).optional(),
    triggers: z
      .array(z.json(), { error: "expected a list of values" })
      .refine((t) => JSON.stringify(t).length <= MAX_TRIGGERS_CHARS, {
        error: `expected at most ${MAX_TRIGGERS_CHARS} characters of JSON (triggers are kept in state)`,
      })
      .optional(),
    // Validated with the config and environment endpoints by one validator (endpoint.ts), which names the source.
    endpoint: z.string({ error: "expected an https URL (a string)" }).optional(),
    __provider: z.string().optional(),
    /** The Pulumi resource's name, set by the SDK so progress lines can say which resource they are about. */
    __resourceName: z.string().optional(),
    /** The inputs the program marked secret (secret-ids.ts): an id among them is refused. */
    __secretInputs: z.array(z.string()).optional(),
  },
  COMMON_DOCS,
);

/** Inputs that only the SDK sets: never compared by diff, never echoed as outputs. */
export const INTERNAL_INPUTS = ["__provider", "__resourceName", "__secretInputs"];

/** The whole input schema of one vendor's resource: unknown properties are errors, not silently dropped. */
export function inputSchema(adapter: VendorAdapter) {
  return z.strictObject({ ...commonShape, ...adapter.inputShape }).superRefine((inputs, ctx) => {
    adapter.refine?.(inputs, ctx);
  });
}

function valueAt(value: unknown, path: readonly PropertyKey[]): unknown[] {
  const seen: unknown[] = [value];
  let current = value;
  for (const key of path) {
    current =
      current !== null && typeof current === "object" ? (current as Record<PropertyKey, unknown>)[key] : undefined;
    seen.push(current);
  }
  return seen;
}

/** The keys a nested object input accepts (`credentials`), for an "unknown property" failure inside it. */
function keysAt(adapter: VendorAdapter, path: readonly PropertyKey[]): string[] | undefined {
  let schema: unknown = { ...commonShape, ...adapter.inputShape }[String(path[0])];
  while (schema instanceof z.ZodOptional || schema instanceof z.ZodNullable) schema = schema.unwrap();
  return schema instanceof z.ZodObject ? Object.keys(schema.shape) : undefined;
}

function failuresOf(
  adapter: VendorAdapter,
  error: z.ZodError,
  news: Record<string, unknown>,
  known: readonly string[],
): dynamic.CheckFailure[] {
  const failures: dynamic.CheckFailure[] = [];
  for (const issue of error.issues) {
    // In preview an input may be the unknown sentinel; it is checked again when known.
    if (valueAt(news, issue.path).includes(UNKNOWN)) continue;
    if (issue.code === "unrecognized_keys") {
      const where = issue.path.length ? `${issue.path.join(".")}.` : "";
      const expected = (issue.path.length ? keysAt(adapter, issue.path) : undefined) ?? known;
      for (const key of issue.keys) {
        // A key can be any string, even an empty one; a failure must still name a property.
        const property = `${where}${key}` || "(inputs)";
        failures.push({ property, reason: `unknown property; expected one of: ${expected.join(", ")}` });
      }
      continue;
    }
    failures.push({ property: issue.path.join(".") || "(inputs)", reason: issue.message });
  }
  return failures;
}

/**
 * A setting from config or the environment (Cloudflare's account id, OpenAI's organization) reaches a path or a header
 * as surely as the input does, so it passes the input's own schema; the failure names where the value came from.
 */
function settingFailures(adapter: VendorAdapter, news: Record<string, unknown>): dynamic.CheckFailure[] {
  const failures: dynamic.CheckFailure[] = [];
  for (const [name, source] of Object.entries(adapter.settings ?? {})) {
    const schema = (adapter.inputShape as Record<string, z.ZodType | undefined>)[name];
    if (news[name] !== undefined || !schema) continue;
    const found = findSetting(source, undefined, name);
    if (!found || found.value === UNKNOWN || found.from === "the default") continue;
    const parsed = schema.safeParse(found.value);
    if (!parsed.success) {
      const reason = parsed.error.issues[0]?.message ?? "invalid";
      failures.push({ property: name, reason: `${reason} (the ${name} from ${found.from})` });
    }
  }
  return failures;
}

/**
 * Credential values from config or the environment are not checked by the input schema: one shorter than the
 * redactor's minimum could not be scrubbed from vendor text, so it is refused like a short input.
 */
function shortSecrets(values: Readonly<Record<string, string>>, source: string): dynamic.CheckFailure[] {
  return Object.entries(values)
    .filter(([, v]) => v.length < MIN_SECRET_CHARS)
    .map(([name]) => ({
      property: "credentials",
      reason: `the ${name} from ${source} is shorter than ${MIN_SECRET_CHARS} characters; a credential that short could not be kept out of messages`,
    }));
}

/** Validates the inputs and that credentials and an endpoint can be found; returns the inputs unchanged. */
export function checkInputs(adapter: VendorAdapter, news: Record<string, unknown>): dynamic.CheckResult {
  try {
    const known = Object.keys({ ...commonShape, ...adapter.inputShape }).filter((k) => !INTERNAL_INPUTS.includes(k));
    const parsed = inputSchema(adapter).safeParse(news);
    const failures = parsed.success ? [] : failuresOf(adapter, parsed.error, news, known);
    if (failures.length === 0 && parsed.success) {
      const label = VENDOR_LABELS[adapter.vendor];
      const creds = news.credentials as Record<string, unknown> | undefined;
      if (!JSON.stringify(creds ?? null).includes(UNKNOWN)) {
        if (creds !== undefined) {
          failures.push(
            ...credentialInputFailures(adapter.credentialForms, creds, Object.keys(adapter.sharedSecrets ?? {})),
          );
        } else {
          const found = resolveCredentials(adapter.credentialForms, creds);
          // With its own loaders (AWS's chain) an adapter may still find credentials when no form is set here.
          if (!found && !adapter.connect) {
            failures.push({
              property: "credentials",
              reason: `no ${label} credentials found. Set one of: ${describeCredentialPlaces(adapter.credentialForms)}`,
            });
          } else if (found) {
            const form = adapter.credentialForms.find((f) => f.name === found.form);
            const secrets = Object.entries(found.values).filter(([k]) => form?.fields[k]?.identifier !== true);
            failures.push(...shortSecrets(Object.fromEntries(secrets), found.source));
          }
        }
        // Shared secrets (SuperOffice's appToken) come from config or environment on their own: held to the same rule.
        for (const [name, source] of Object.entries(adapter.sharedSecrets ?? {})) {
          const shared = findSetting(source, creds?.[name] as string | undefined, `credentials.${name}`);
          if (shared && shared.value !== "") failures.push(...shortSecrets({ [name]: shared.value }, shared.from));
        }
      }
      const allowHttp = findSetting(ALLOW_HTTP, undefined, "");
      if (allowHttp && !/^(true|false)$/i.test(allowHttp.value)) {
        failures.push({
          property: "endpoint",
          reason: `${allowHttp.from} must be true or false (it allows plain http endpoints beyond loopback)`,
        });
      }
      failures.push(...settingFailures(adapter, news));
      failures.push(...(adapter.validate?.(news) ?? []));
      if (news.endpoint !== UNKNOWN) {
        const endpoint = chooseEndpoint(adapter.endpoint, news.endpoint as string | undefined);
        if (!endpoint) {
          failures.push({
            property: "endpoint",
            reason: `no ${label} API base URL: set ${describeSettingPlaces("endpoint", adapter.endpoint)}`,
          });
        } else if (endpoint.problem) {
          failures.push({ property: "endpoint", reason: `${endpoint.problem} (the endpoint from ${endpoint.from})` });
        }
      }
    }
    return failures.length ? { inputs: news, failures } : { inputs: news };
  } catch (err) {
    return {
      inputs: news,
      failures: [{ property: "(inputs)", reason: `could not be checked: ${(err as Error).message}` }],
    };
  }
}
