/**
 * Property values on the wire between the engine and the plugin: secrets arrive wrapped in Pulumi's secret
 * signature, unknowns (in preview) as a sentinel string. The runtime sees plain values; what left as a secret goes
 * back as one.
 * @internal
 * @packageDocumentation
 */
import { UNKNOWN } from "../provider/inputs/inputs";

/** The signature key of a wrapped special value, and the signature of a secret (sdk/go/common/resource/sig). */
const SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

/** A JSON-like property bag as the engine sends it. */
export type Wire = Record<string, unknown>;

/** The unknown-value sentinel of a preview. */
export { UNKNOWN };

function isSecret(v: unknown): v is { value: unknown } {
  return typeof v === "object" && v !== null && (v as Record<string, unknown>)[SIG_KEY] === SECRET_SIG;
}

function reveal(v: unknown): unknown {
  if (isSecret(v)) return reveal(v.value);
  if (Array.isArray(v)) return v.map(reveal);
  if (typeof v === "object" && v !== null) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, reveal(x)]));
  return v;
}

function holdsSecret(v: unknown): boolean {
  if (isSecret(v)) return true;
  if (Array.isArray(v)) return v.some(holdsSecret);
  if (typeof v === "object" && v !== null) return Object.values(v).some(holdsSecret);
  return false;
}

/** Plain values, and the top-level keys that held a secret anywhere inside. */
export function unwrap(props: Wire): { values: Wire; secretKeys: Set<string> } {
  const secretKeys = new Set(Object.keys(props).filter((k) => holdsSecret(props[k])));
  return { values: reveal(props) as Wire, secretKeys };
}

/** Wraps a value as a secret. */
export function secret(value: unknown): Wire {
  return { [SIG_KEY]: SECRET_SIG, value };
}

/** Outputs with every key in `secretKeys` wrapped as a secret; `undefined` values dropped (Struct has none). */
export function wrap(outputs: Wire, secretKeys: ReadonlySet<string>): Wire {
  const out: Wire = {};
  for (const [k, v] of Object.entries(outputs)) {
    if (v === undefined) continue;
    out[k] = secretKeys.has(k) ? secret(v) : v;
  }
  return JSON.parse(JSON.stringify(out)) as Wire;
}
