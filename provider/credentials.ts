/**
 * Where credentials and endpoints come from: the resource's own input first, then stack config (`ragcancel:*`, set
 * with `pulumi config set --secret`), then the host's environment. Values never leave this module in a message:
 * only the name of the place they were found.
 * @internal
 * @packageDocumentation
 */
import type { dynamic } from "@pulumi/pulumi";

/** The config namespace of this package. */
export const CONFIG_NAMESPACE = "ragcancel";

/** Where one credential field may be found besides the resource input. */
export interface FieldSource {
  /** Config key under `ragcancel:`, e.g. `digitaloceanToken`. */
  config: string;
  /** Environment variables, first found wins. */
  env: readonly string[];
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

let stackConfig: dynamic.Config | undefined;

/** Keeps the stack config the host hands to `configure`, once per host process. */
export function setStackConfig(config: dynamic.Config | undefined): void {
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

/**
 * Finds the first complete credential form: in the resource input, then in stack config, then in the environment.
 * A form is taken from one place only, so a key from config is never paired with an email from the environment.
 */
export function resolveCredentials(
  forms: readonly CredentialForm[],
  input: Readonly<Record<string, unknown>> | undefined,
): ResolvedCredentials | undefined {
  if (input) {
    for (const form of forms) {
      const names = Object.keys(form.fields);
      if (names.every((n) => typeof input[n] === "string" && input[n] !== "")) {
        const values = Object.fromEntries(names.map((n) => [n, String(input[n])]));
        return { form: form.name, values, source: `the resource input credentials (${names.join(", ")})` };
      }
    }
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
  return input ?? configValue(source.config) ?? envValue(source.env)?.value ?? source.default;
}

/** The vendor's base URL, without a trailing slash. */
export function resolveEndpoint(source: SettingSource, input: string | undefined): string | undefined {
  return resolveSetting(source, input)?.replace(/\/+$/, "");
}

/** Names the places a setting is looked up, for a message. */
export function describeSettingPlaces(input: string, source: SettingSource): string {
  return `the ${input} input, stack config ${CONFIG_NAMESPACE}:${source.config}, or environment ${source.env.join(" or ")}`;
}
