/**
 * Input validation for every vendor: the common inputs, the vendor's own, and `check`'s translation of zod issues
 * into Pulumi check failures that name the property and what was expected. Never throws, never calls a vendor.
 * @internal
 * @packageDocumentation
 */
import { z } from "zod";
import type { dynamic } from "@pulumi/pulumi";
import type { VendorAdapter } from "../adapter";
import { VENDOR_LABELS } from "../errors";
import { describeFailures, resolveContext } from "./resolve";
import { UNKNOWN } from "./unknown";
import { MIN_SECRET_CHARS, stripControls } from "../http/redact";
import { secretIdFailures } from "./secret-ids";

export { UNKNOWN } from "./unknown";

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
      const expected = (issue.path.length ? keysAt(adapter, issue.path) : undefined) ?? known;
      if (issue.path.length > 0) {
        // A key inside an object input (`credentials`) may itself be a secret pasted in the wrong place: never echoed.
        const count = issue.keys.length;
        failures.push({
          property: issue.path.join("."),
          reason: `${count === 1 ? "an unknown key" : `${count} unknown keys`} (not shown: a key there may be a secret); expected only: ${expected.join(", ")}`,
        });
        continue;
      }
      for (const key of issue.keys) {
        // A key can be any string, even an empty one; a failure must still name a property, and a short clean one.
        const property = stripControls(key).slice(0, 100) || "(inputs)";
        failures.push({ property, reason: `unknown property; expected one of: ${expected.join(", ")}` });
      }
      continue;
    }
    failures.push({ property: issue.path.join(".") || "(inputs)", reason: issue.message });
  }
  return failures;
}

/** Validates the inputs and the context they resolve to (credentials, endpoint, hosts, settings); never throws. */
export function checkInputs(adapter: VendorAdapter, news: Record<string, unknown>): dynamic.CheckResult {
  try {
    const known = Object.keys({ ...commonShape, ...adapter.inputShape }).filter((k) => !INTERNAL_INPUTS.includes(k));
    const parsed = inputSchema(adapter).safeParse(news);
    const failures = [
      ...(parsed.success ? resolveContext(adapter, news).failures : failuresOf(adapter, parsed.error, news, known)),
      ...secretIdFailures(adapter, news),
    ];
    return failures.length ? { inputs: news, failures } : { inputs: news };
  } catch (err) {
    return {
      inputs: news,
      failures: [{ property: "(inputs)", reason: `could not be checked: ${(err as Error).message}` }],
    };
  }
}

/**
 * The inputs of an operation the engine may send without a prior Check (Create, Update, import), held to the same
 * rules with the same readable failures as `check`: an error naming each field, never a raw schema dump.
 */
export function parseInputs(adapter: VendorAdapter, news: Record<string, unknown>): Record<string, unknown> {
  const checked = checkInputs(adapter, news);
  if (checked.failures?.length) {
    throw new Error(`${VENDOR_LABELS[adapter.vendor]}: ${describeFailures(checked.failures)}. Nothing was sent.`);
  }
  return inputSchema(adapter).parse(news);
}
