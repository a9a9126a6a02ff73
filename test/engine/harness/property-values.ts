import type { PropertyMap } from "./types";

/** Key that marks a special value (secret, resource reference, …) in wire-form JSON. */
export const SIG_KEY = "4dabf18193072939515e22adb298388d";
/** Signature value of a secret: `{[SIG_KEY]: SECRET_SIG, value}`. */
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
/** Signature value of a resource reference: `{[SIG_KEY]: RESOURCE_SIG, urn, id?}`. */
export const RESOURCE_SIG = "5cf8f73096256a8f31e491e813e4eb8e";
/** The SDK's sentinel for a value that is unknown during preview. */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** A wire-form secret. */
export interface SecretValue {
  [SIG_KEY]: typeof SECRET_SIG;
  value: unknown;
}

/** True for a plain JSON object (not null, not an array). */
export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** True for a wire-form secret. */
export function isSecret(v: unknown): v is SecretValue {
  return isObject(v) && v[SIG_KEY] === SECRET_SIG;
}

/** Wraps `v` as a secret (once). */
export function makeSecret(v: unknown): SecretValue {
  return isSecret(v) ? v : { [SIG_KEY]: SECRET_SIG, value: v };
}

/** True if `v` is or holds a secret anywhere. */
export function containsSecrets(v: unknown): boolean {
  if (isSecret(v)) return true;
  if (Array.isArray(v)) return v.some(containsSecrets);
  return isObject(v) && Object.values(v).some(containsSecrets);
}

/** True if `v` is or holds the unknown sentinel anywhere. */
export function containsUnknowns(v: unknown): boolean {
  if (v === UNKNOWN) return true;
  if (Array.isArray(v)) return v.some(containsUnknowns);
  return isObject(v) && Object.values(v).some(containsUnknowns);
}

/** Applies `f` to every element / property value of a container; returns other values as they are. */
function mapChildren(v: unknown, f: (x: unknown) => unknown): unknown {
  if (Array.isArray(v)) return v.map(f);
  if (isObject(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, f(x)]));
  return v;
}

/** Removes every secret wrapper, leaving plain values (for assertions, never for the state). */
export function unwrapSecrets(v: unknown): unknown {
  return isSecret(v) ? unwrapSecrets(v.value) : mapChildren(v, unwrapSecrets);
}

/** What the provider said it accepts in its Configure response. */
export interface MarshalOptions {
  keepSecrets: boolean;
  keepResources: boolean;
}

/**
 * Marshals a value for a provider call as the engine does: secrets are unwrapped unless the provider accepts
 * them, resource references become their id (custom) or urn (component) unless accepted.
 */
export function marshalForProvider(v: unknown, opts: MarshalOptions): unknown {
  if (isSecret(v)) {
    const inner = marshalForProvider(v.value, opts);
    return opts.keepSecrets ? makeSecret(inner) : inner;
  }
  if (isObject(v) && v[SIG_KEY] === RESOURCE_SIG && !opts.keepResources) {
    return typeof v.id === "string" && v.id !== "" ? v.id : v.urn;
  }
  return mapChildren(v, (x) => marshalForProvider(x, opts));
}

/** {@link marshalForProvider} for a whole property map. */
export function marshalMap(m: PropertyMap, opts: MarshalOptions): PropertyMap {
  return marshalForProvider(m, opts) as PropertyMap;
}

/**
 * The engine's `annotateSecrets(outs, ins)`: an output whose same-named input holds a secret becomes secret;
 * when both are objects it recurses instead, so only the secret leaves are marked. Arrays are marked whole.
 */
export function annotateSecrets(outs: PropertyMap, ins: PropertyMap): PropertyMap {
  const result: PropertyMap = { ...outs };
  for (const [key, inValue] of Object.entries(ins)) {
    if (!(key in result)) continue;
    const outValue = result[key];
    if (isObject(outValue) && !isSecret(outValue) && isObject(inValue) && !isSecret(inValue)) {
      result[key] = annotateSecrets(outValue, inValue);
    } else if (!isSecret(outValue) && containsSecrets(inValue)) {
      result[key] = makeSecret(outValue);
    }
  }
  return result;
}

/** Marks the named top-level outputs secret (`additionalSecretOutputs`). */
export function markSecretKeys(outs: PropertyMap, keys: readonly string[]): PropertyMap {
  const result: PropertyMap = { ...outs };
  for (const key of keys) {
    if (key in result) result[key] = makeSecret(result[key]);
  }
  return result;
}

/** Structural equality of two JSON values (key order ignored). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => k in b && deepEqual(a[k], b[k]));
  }
  return false;
}
