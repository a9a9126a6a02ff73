/**
 * The plugin's provider configuration: CheckConfig's validation, DiffConfig's comparison and Configure's hand-over
 * of `ragcancel:*` values to the runtime, which looks them up as resource input > provider config > environment.
 * @internal
 * @packageDocumentation
 */
import { isDeepStrictEqual } from "node:util";
import type { z } from "zod";
import { setStackConfig } from "../provider/inputs/credentials";
import { describePartial, partialInConfig, tooShortReason } from "../provider/inputs/credential-forms";
import { endpointProblem } from "../provider/inputs/endpoint";
import { MIN_SECRET_CHARS } from "../provider/http/redact";
import { adapters } from "../provider";
import { ALLOW_HTTP } from "../provider/inputs/endpoint";
import { configKeys, PACKAGE } from "./schema";
import { UNKNOWN, type Wire } from "./wire";

/** A problem with one config key, named as the user writes it (`ragcancel:digitaloceanToken`). */
export interface ConfigFailure {
  property: string;
  reason: string;
}

/** Keys the engine itself may add to any provider's inputs. */
const ENGINE_KEYS = new Set(["version", "pluginDownloadURL"]);

const ENDPOINT_KEYS = new Set(Object.values(adapters).map((a) => a.endpoint.config));

/** Each setting's config key and the input schema its value must pass (an account id, an organization id). */
const SETTING_SCHEMAS = new Map(
  Object.values(adapters).flatMap((a) =>
    Object.entries(a.settings ?? {}).flatMap(([field, source]) => {
      const schema = (a.inputShape as Record<string, z.ZodType | undefined>)[field];
      return schema ? [[source.config, schema] as const] : [];
    }),
  ),
);

/**
 * Validates provider config: known keys only, strings, endpoints and the http opt-in well formed, no short secret,
 * settings that pass their input's schema.
 */
export function checkConfig(news: Wire): ConfigFailure[] {
  const known = new Map(configKeys().map((k) => [k.key, k]));
  const failures: ConfigFailure[] = [];
  const allowHttp = news[ALLOW_HTTP.config];
  for (const [key, value] of Object.entries(news)) {
    if (ENGINE_KEYS.has(key) || value === UNKNOWN) continue;
    const spec = known.get(key);
    const name = `${PACKAGE}:${key}`;
    if (!spec) {
      failures.push({
        property: key,
        reason: `${name} is not a setting of this provider; known: ${[...known.keys()].join(", ")}`,
      });
      continue;
    }
    if (typeof value !== "string") {
      failures.push({ property: key, reason: `${name} must be a string` });
      continue;
    }
    if (spec.secret && value !== "" && value.length < MIN_SECRET_CHARS) {
      failures.push({
        property: key,
        reason: tooShortReason(name),
      });
    }
    if (key === ALLOW_HTTP.config && !/^(true|false)$/i.test(value))
      failures.push({ property: key, reason: `${name} must be true or false` });
    if (ENDPOINT_KEYS.has(key) && value !== "") {
      const problem = endpointProblem(value, typeof allowHttp === "string" ? /^true$/i.test(allowHttp) : undefined);
      if (problem) failures.push({ property: key, reason: `${name}: ${problem}` });
    }
    const setting = SETTING_SCHEMAS.get(key)?.safeParse(value);
    if (setting && !setting.success && value !== "")
      failures.push({ property: key, reason: `${name}: ${setting.error.issues[0]?.message ?? "invalid"}` });
  }
  return [...failures, ...partialForms(news)];
}

/**
 * Credential forms partly set in the provider config (a key without its email): the same rule as the resources'
 * `check`, reported here too, on the first key set, so `pulumi preview` fails before any resource is looked at.
 */
function partialForms(news: Wire): ConfigFailure[] {
  const get = (key: string) => {
    const value = news[key];
    return typeof value === "string" ? value : undefined;
  };
  return Object.values(adapters).flatMap((a) =>
    partialInConfig(a.credentialForms, a.pairedSecrets ?? {}, get).map((p) => ({
      property: (p.set[0] ?? "").replace(`${PACKAGE}:`, ""),
      reason: describePartial(p, a.credentialForms),
    })),
  );
}

/** The config keys whose values differ. A change never replaces the provider: records stay, later calls use it. */
export function diffConfig(olds: Wire, news: Wire): string[] {
  const keys = new Set([...Object.keys(olds), ...Object.keys(news)]);
  return [...keys].filter((k) => !ENGINE_KEYS.has(k) && !isDeepStrictEqual(olds[k], news[k])).sort();
}

/**
 * Hands the configuration to the runtime. `args` (plain values) is what current engines send; older ones send only
 * `variables` (`ragcancel:config:<key>`).
 */
export function configure(args: Wire | undefined, variables: ReadonlyMap<string, string>): void {
  const values = new Map<string, string>();
  for (const [k, v] of variables) {
    const m = /^([^:]+):config:(.+)$/.exec(k);
    if (m?.[1] === PACKAGE && m[2] !== undefined) values.set(`${PACKAGE}:${m[2]}`, v);
  }
  for (const [k, v] of Object.entries(args ?? {})) {
    if (typeof v === "string" && v !== UNKNOWN) values.set(`${PACKAGE}:${k}`, v);
  }
  setStackConfig({ get: (key) => values.get(key) });
}
