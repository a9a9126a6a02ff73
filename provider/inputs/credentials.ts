/**
 * The places values come from: the resource's own input first, then stack config (`ragcancel:*`, set with
 * `pulumi config set --secret`, or the plugin's provider config), then the host's environment. Values never leave
 * this module in a message: only the name of the place they were found. Which credential form is used:
 * `credential-forms.ts`; the whole context of a resource: `resolve.ts`.
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
  /**
   * An environment variable that, when exactly `true`, makes this setting's environment variables count as unset
   * (AWS's `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS`); the input and stack config still count, as code-level settings do.
   */
  envIgnoredBy?: string;
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

/** A `ragcancel:*` stack config value; an empty one counts as unset. */
export function configValue(key: string): string | undefined {
  const value = stackConfig?.get(`${CONFIG_NAMESPACE}:${key}`);
  return value === undefined || value === "" ? undefined : value;
}

/** The first of these environment variables that is set (not empty), with its name. */
export function envValue(names: readonly string[]): { name: string; value: string } | undefined {
  for (const name of names) {
    const value = process.env[name];
    if (value !== undefined && value !== "") return { name, value };
  }
  return undefined;
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
  const env =
    source.envIgnoredBy !== undefined && process.env[source.envIgnoredBy] === "true" ? undefined : envValue(source.env);
  if (env) return { value: env.value, from: `environment variable ${env.name}` };
  return source.default === undefined ? undefined : { value: source.default, from: "the default" };
}

/** Names the places a setting is looked up, for a message. */
export function describeSettingPlaces(input: string, source: SettingSource): string {
  return `the ${input} input, stack config ${CONFIG_NAMESPACE}:${source.config}, or environment ${source.env.join(" or ")}`;
}
