/**
 * Where credentials and endpoints come from: the resource's own input first, then stack config (`ragcancel:*`, set
 * with `pulumi config set --secret`), then the host's environment. Values never leave this module in a message:
 * only the name of the place they were found.
 * @internal
 * @packageDocumentation
 */
import type { dynamic } from "@pulumi/pulumi";
import { Redactor } from "../http/redact";

/** The config namespace of this package. */
export const CONFIG_NAMESPACE = "ragcancel";

/** Where one credential field may be found besides the resource input. */
export interface FieldSource {
  /** Config key under `ragcancel:`, e.g. `digitaloceanToken`. */
  config: string;
  /** Environment variables, first found wins. */
  env: readonly string[];
  /** True for the part of a credential that identifies rather than proves (a user name, an email). */
  identifier?: boolean;
}

/** One way to authenticate, e.g. a token, or an API key plus an email. All its fields must be present. */
export interface CredentialForm {
  /** Name of the form, for messages, e.g. `token`. */
  name: string;
  /** Field name (as in the resource's `credentials` input) to its other sources. */
  fields: Readonly<Record<string, FieldSource>>;
}

/** Where a setting (a base URL, an account id) comes from when the resource input does not set it. */
export interface SettingSource extends FieldSource {
  /** Used when nothing is set; absent means the setting is required. */
  default?: string;
}

/** Credentials as found: the values, the form they make, and where they came from (for messages). */
export interface ResolvedCredentials {
  form: string;
  values: Readonly<Record<string, string>>;
  /** e.g. `stack config ragcancel:digitaloceanToken`; never the value. */
  source: string;
}

let stackConfig: Pick<dynamic.Config, "get"> | undefined;

/** Keeps the stack config the host hands to `configure`, once per host process. */
export function setStackConfig(config: Pick<dynamic.Config, "get"> | undefined): void {
  stackConfig = config;
}

function configValue(key: string): string | undefined {
  const value = stackConfig?.get(`${CONFIG_NAMESPACE}:${key}`);
  return value === undefined || value === "" ? undefined : value;
}

function envValue(names: readonly string[]): { name: string; value: string } | undefined {
  for (const name of names) {
    const value = process.env[name];
    if (value !== undefined && value !== "") return { name, value };
  }
  return undefined;
}

const isSet = (v: unknown) => typeof v === "string" && v !== "";

/**
 * Finds the first complete credential form: in the resource input, then in stack config, then in the environment.
 * A form is taken from one place only, so a key from config is never paired with an email from the environment.
 * A `credentials` input that is set is the only place looked: when it is incomplete nothing is found (`check`
 * names what is missing), so a per-resource credential never silently becomes the environment's, another account's.
 */
export function resolveCredentials(
  forms: readonly CredentialForm[],
  input: Readonly<Record<string, unknown>> | undefined | null,
): ResolvedCredentials | undefined {
  if (input !== undefined && input !== null) {
    for (const form of forms) {
      const names = Object.keys(form.fields);
      if (names.every((n) => isSet(input[n]))) {
        const values = Object.fromEntries(names.map((n) => [n, String(input[n])]));
        return { form: form.name, values, source: `the resource input credentials (${names.join(", ")})` };
      }
    }
    return undefined;
  }
  for (const form of forms) {
    const entries = Object.entries(form.fields).map(([n, s]) => [n, configValue(s.config)] as const);
    if (entries.every(([, v]) => v !== undefined)) {
      const keys = Object.values(form.fields).map((s) => `${CONFIG_NAMESPACE}:${s.config}`);
      return {
        form: form.name,
        values: Object.fromEntries(entries) as Record<string, string>,
        source: `stack config ${keys.join(" + ")}`,
      };
    }
  }
  for (const form of forms) {
    const found = Object.entries(form.fields).map(([n, s]) => [n, envValue(s.env)] as const);
    if (found.every(([, v]) => v !== undefined)) {
      const names = found.map(([, v]) => v?.name ?? "");
      const values = Object.fromEntries(found.map(([n, v]) => [n, v?.value ?? ""]));
      return { form: form.name, values, source: `environment variable ${names.join(" + ")}` };
    }
  }
  return undefined;
}

/**
 * Why a `credentials` input that is set cannot be used on its own, as check failures naming the field: it must hold
 * exactly one complete form and nothing that form does not use (`extra` names fields every form may carry).
 */
export function credentialInputFailures(
  forms: readonly CredentialForm[],
  input: Readonly<Record<string, unknown>>,
  extra: readonly string[] = [],
): dynamic.CheckFailure[] {
  const given = Object.keys(input).filter((k) => isSet(input[k]));
  const formText = forms.map((f) => `${f.name} (${Object.keys(f.fields).join(" + ")})`).join("; or ");
  const complete = forms.filter((f) => Object.keys(f.fields).every((n) => given.includes(n)));
  if (complete.length > 1) {
    return [
      {
        property: "credentials",
        reason: `holds more than one credential form (${complete.map((f) => f.name).join(", ")}): keep exactly one of: ${formText}`,
      },
    ];
  }
  const [form] = complete;
  if (form) {
    const unused = given.filter((k) => !(k in form.fields) && !extra.includes(k));
    return unused.map((k) => ({
      property: `credentials.${k}`,
      reason: `not used by the ${form.name} form, which is complete without it; remove it (one form per resource)`,
    }));
  }
  // The form the user was most likely writing: the one sharing most fields with what was given.
  const scored = forms
    .map((f) => ({ f, shared: Object.keys(f.fields).filter((n) => given.includes(n)).length }))
    .sort((a, b) => b.shared - a.shared);
  const best = scored[0];
  if (!best || best.shared === 0) {
    return [
      {
        property: "credentials",
        reason: `set but holds no complete credential form, so nothing else is looked at (not stack config, not the environment): set one of: ${formText}`,
      },
    ];
  }
  return Object.keys(best.f.fields)
    .filter((n) => !given.includes(n))
    .map((n) => ({
      property: `credentials.${n}`,
      reason: `missing: the ${best.f.name} form needs ${Object.keys(best.f.fields).join(" and ")}; a credentials input that is set must be complete on its own`,
    }));
}

/** A redactor for every value of the credentials in use, including the Basic scheme's user:password pair. */
export function redactorOf(values: Readonly<Record<string, string>>): Redactor {
  const pairs: [string, string][] =
    values.username !== undefined && values.password !== undefined ? [[values.username, values.password]] : [];
  return new Redactor(Object.values(values), pairs);
}

/** Names every place that was looked at, per form, so a missing credential is fixed in one try. */
export function describeCredentialPlaces(forms: readonly CredentialForm[]): string {
  return forms
    .map((form) => {
      const fields = Object.entries(form.fields);
      const input = fields.map(([n]) => `credentials.${n}`).join(" + ");
      const config = fields.map(([, s]) => `${CONFIG_NAMESPACE}:${s.config}`).join(" + ");
      const env = fields.map(([, s]) => s.env.join(" or ")).join(" + ");
      return `${form.name}: the resource input ${input}, stack config ${config} (pulumi config set --secret), or environment ${env}`;
    })
    .join("; or ");
}

/** A setting: the resource input, then config, then environment, then the default. */
export function resolveSetting(source: SettingSource, input: string | undefined): string | undefined {
  return findSetting(source, input, "")?.value;
}

/** A setting and where it was found (`the endpoint input`, `stack config ragcancel:…`, `environment …`, `the default`). */
export function findSetting(
  source: SettingSource,
  input: string | undefined,
  inputName: string,
): { value: string; from: string } | undefined {
  if (input !== undefined) return { value: input, from: `the ${inputName} input` };
  const config = configValue(source.config);
  if (config !== undefined) return { value: config, from: `stack config ${CONFIG_NAMESPACE}:${source.config}` };
  const env = envValue(source.env);
  if (env) return { value: env.value, from: `environment variable ${env.name}` };
  return source.default === undefined ? undefined : { value: source.default, from: "the default" };
}

/** Names the places a setting is looked up, for a message. */
export function describeSettingPlaces(input: string, source: SettingSource): string {
  return `the ${input} input, stack config ${CONFIG_NAMESPACE}:${source.config}, or environment ${source.env.join(" or ")}`;
}
