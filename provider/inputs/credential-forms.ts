/**
 * Which credential form a resource uses, and from which one place: the `credentials` input, else stack config
 * (`ragcancel:*`), else the environment. In each place looked at, what is set must make whole forms: a form partly
 * set there (a key without its email, an access key id without its secret) is an error naming the keys, never a
 * reason to look further, where another account's credential may sit. Values never leave this module in a message.
 * @internal
 * @packageDocumentation
 */
import type { dynamic } from "@pulumi/pulumi";
import { MIN_SECRET_CHARS } from "../http/redact";
import {
  configValue,
  CONFIG_NAMESPACE,
  envValue,
  type CredentialForm,
  type FieldSource,
  type ResolvedCredentials,
} from "./credentials";

/** The places credentials are looked up in, in order. */
export type CredentialPlace = "input" | "config" | "environment";

/** A form partly set in one place: the keys set there and the keys it lacks there, named as the user writes them. */
export interface PartialForm {
  place: CredentialPlace;
  form: string;
  /** Field names (as in `credentials`) set in this place. */
  fields: string[];
  /** The keys set, e.g. `ragcancel:cloudflareApiKey`, `CLOUDFLARE_API_KEY`, `credentials.apiKey`. */
  set: string[];
  /** The keys the form still needs in this place. */
  missing: string[];
}

/** What one lookup found: the form in use (if any) and every problem, each naming its keys. */
export interface CredentialLookup {
  found: ResolvedCredentials | undefined;
  partial: PartialForm[];
  /** Check failures (the partial forms, short secrets, an incomplete or ambiguous input), never holding a value. */
  failures: dynamic.CheckFailure[];
}

const isSet = (v: unknown): v is string => typeof v === "string" && v !== "";

/** Reads one place: a field's value there and the key it is set under. */
type Reader = (field: string, source: FieldSource) => { value: string; key: string } | undefined;

function readerOf(place: CredentialPlace, input: Readonly<Record<string, unknown>>): Reader {
  if (place === "input") {
    return (field) => (isSet(input[field]) ? { value: input[field], key: `credentials.${field}` } : undefined);
  }
  if (place === "config") {
    return (_field, source) => {
      const value = configValue(source.config);
      return value === undefined ? undefined : { value, key: `${CONFIG_NAMESPACE}:${source.config}` };
    };
  }
  return (_field, source) => {
    const found = envValue(source.env);
    return found ? { value: found.value, key: found.name } : undefined;
  };
}

/** How a key not set in a place would be written there. */
function keyIn(place: CredentialPlace, field: string, source: FieldSource): string {
  if (place === "input") return `credentials.${field}`;
  if (place === "config") return `${CONFIG_NAMESPACE}:${source.config}`;
  return source.env.join(" or ");
}

const PLACE_TEXT: Record<CredentialPlace, string> = {
  input: "the credentials input",
  config: "stack config",
  environment: "the environment",
};

/** The forms complete in a place (each with its values and the optional parts found there) and those partly set. */
function analyse(
  place: CredentialPlace,
  forms: readonly CredentialForm[],
  paired: Readonly<Record<string, FieldSource>>,
  read: Reader,
): { complete: ResolvedCredentials[]; partial: PartialForm[] } {
  const complete: ResolvedCredentials[] = [];
  const candidates: PartialForm[] = [];
  const pairedFound = Object.entries(paired).flatMap(([n, s]) => {
    const got = read(n, s);
    return got ? [[n, got] as const] : [];
  });
  for (const form of forms) {
    const fields = Object.entries(form.fields);
    const got = fields.map(([n, s]) => [n, s, read(n, s)] as const);
    const present = got.filter(([, , v]) => v !== undefined);
    if (present.length === fields.length) {
      const entries: [string, string][] = [
        ...present.map(([n, , v]): [string, string] => [n, v?.value ?? ""]),
        ...pairedFound.map(([n, v]): [string, string] => [n, v.value]),
      ];
      const values: Record<string, string> = Object.fromEntries(entries);
      const keys = [...present.map(([, , v]) => v?.key ?? ""), ...pairedFound.map(([, v]) => v.key)];
      const source =
        place === "input"
          ? `the resource input credentials (${Object.keys(values).join(", ")})`
          : `${place === "config" ? "stack config" : "environment variable"} ${keys.join(" + ")}`;
      complete.push({ form: form.name, values, source });
    } else if (present.length > 0) {
      candidates.push({
        place,
        form: form.name,
        fields: present.map(([n]) => n),
        set: present.map(([, , v]) => v?.key ?? ""),
        missing: got.filter(([, , v]) => v === undefined).map(([n, s]) => keyIn(place, n, s)),
      });
    }
  }
  // A field some complete form uses does not make another form partial (two forms may share an identifier).
  const used = new Set(complete.flatMap((c) => Object.keys(c.values)));
  const partial = candidates.filter((p) => p.fields.some((f) => !used.has(f)));
  // An optional part (a session token) set where no form is complete is a form partly set too.
  if (complete.length === 0 && pairedFound.length > 0 && partial.length === 0 && forms[0]) {
    const form = forms[0];
    partial.push({
      place,
      form: form.name,
      fields: pairedFound.map(([n]) => n),
      set: pairedFound.map(([, v]) => v.key),
      missing: Object.entries(form.fields).map(([n, s]) => keyIn(place, n, s)),
    });
  }
  return { complete, partial };
}

/** A partly set form as a check failure: the keys set, the keys missing, and that nothing further is looked at. */
export function describePartial(p: PartialForm, forms: readonly CredentialForm[]): string {
  const all = Object.keys(forms.find((f) => f.name === p.form)?.fields ?? {});
  const later = p.place === "config" ? " (not the environment, not a default chain)" : "";
  return (
    `${p.set.join(" and ")} ${p.set.length > 1 ? "are" : "is"} set in ${PLACE_TEXT[p.place]} without ${p.missing.join(" and ")}: ` +
    `the ${p.form} form needs ${all.join(" and ")} from one place. Nothing is looked up past ${PLACE_TEXT[p.place]}${later}, ` +
    `so half a credential never pairs with another account's: set the rest there, or remove ${p.set.join(" and ")}`
  );
}

/**
 * Why a credential value cannot be used: too short for the redactor to keep it out of messages. `what` names it and
 * where it came from (never the value). One sentence for every place a credential is read.
 */
export function tooShortReason(what: string): string {
  return `${what} is shorter than ${MIN_SECRET_CHARS} characters; a credential that short could not be kept out of messages`;
}

/**
 * Values too short to be scrubbed from vendor text, as failures naming where they came from (never the value): of
 * credentials found in input, config or environment, and of those an adapter's own loaders return (AWS's chain).
 */
export function shortSecrets(found: ResolvedCredentials, forms: readonly CredentialForm[]): dynamic.CheckFailure[] {
  const form = forms.find((f) => f.name === found.form);
  return Object.entries(found.values)
    .filter(([k, v]) => form?.fields[k]?.identifier !== true && v.length < MIN_SECRET_CHARS)
    .map(([name]) => ({
      property: "credentials",
      reason: tooShortReason(`the ${name} from ${found.source}`),
    }));
}

/** Why a `credentials` input cannot be used on its own: exactly one complete form, nothing it does not use. */
function inputFailures(
  forms: readonly CredentialForm[],
  input: Readonly<Record<string, unknown>>,
  extra: readonly string[],
): dynamic.CheckFailure[] {
  const given = Object.keys(input).filter((k) => isSet(input[k]));
  const formText = forms.map((f) => `${f.name} (${Object.keys(f.fields).join(" + ")})`).join("; or ");
  const complete = forms.filter((f) => Object.keys(f.fields).every((n) => given.includes(n)));
  if (complete.length > 1) {
    const names = complete.map((f) => f.name).join(", ");
    return [
      {
        property: "credentials",
        reason: `holds more than one credential form (${names}): keep exactly one of: ${formText}`,
      },
    ];
  }
  const [form] = complete;
  if (form) {
    return given
      .filter((k) => !(k in form.fields) && !extra.includes(k))
      .map((k) => ({
        property: `credentials.${k}`,
        reason: `not used by the ${form.name} form, which is complete without it; remove it (one form per resource)`,
      }));
  }
  // The form the user was most likely writing: the one sharing most fields with what was given.
  const best = forms
    .map((f) => ({ f, shared: Object.keys(f.fields).filter((n) => given.includes(n)).length }))
    .sort((a, b) => b.shared - a.shared)[0];
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

/**
 * The credential form in use and where it came from. A `credentials` input that is set is the only place looked
 * at; otherwise stack config, then the environment, and the first place where anything of a form is set decides:
 * a form partly set there is a failure, and nothing past it is looked at. `paired` names optional parts of every
 * form (an AWS session token) taken from the form's own place only; `extra` names input fields looked up on their own.
 */
export function lookupCredentials(
  forms: readonly CredentialForm[],
  input: Readonly<Record<string, unknown>> | undefined | null,
  paired: Readonly<Record<string, FieldSource>> = {},
  extra: readonly string[] = [],
): CredentialLookup {
  const given = input ?? undefined;
  const places: CredentialPlace[] = given === undefined ? ["config", "environment"] : ["input"];
  for (const place of places) {
    const { complete, partial } = analyse(place, forms, paired, readerOf(place, given ?? {}));
    if (place === "input") {
      const failures = inputFailures(forms, given ?? {}, [...extra, ...Object.keys(paired)]);
      return { found: failures.length === 0 ? complete[0] : undefined, partial, failures };
    }
    if (partial.length > 0) {
      return {
        found: undefined,
        partial,
        failures: partial.map((p) => ({ property: "credentials", reason: describePartial(p, forms) })),
      };
    }
    const [found] = complete;
    if (found) return { found, partial: [], failures: shortSecrets(found, forms) };
  }
  return { found: undefined, partial: [], failures: [] };
}

/** The forms partly set in stack config alone, read through `get` (CheckConfig, before Configure). */
export function partialInConfig(
  forms: readonly CredentialForm[],
  paired: Readonly<Record<string, FieldSource>>,
  get: (key: string) => string | undefined,
): PartialForm[] {
  const read: Reader = (_field, source) => {
    const value = get(source.config);
    return value === undefined || value === "" ? undefined : { value, key: `${CONFIG_NAMESPACE}:${source.config}` };
  };
  return analyse("config", forms, paired, read).partial;
}
