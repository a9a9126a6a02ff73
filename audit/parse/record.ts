/**
 * Finds the cancellation resources of an export, of either door, and reads each one's audit record as every version
 * of this package wrote it (provider/model.ts `CancellationRecord`; 0.1 records have no `cancelUnclear`,
 * `replacedBy`, phase `ended` or outcome `unconfirmed`). Nothing here decrypts: a secret shows as `[secret]`.
 * @packageDocumentation
 */
import type { AuditRow, FrontDoor, RowFlags } from "../row";
import { clean, SECRET_TEXT } from "../text";
import type { ResourceV3 } from "./export";

// The signature key and value of a secret property value (apitype `SecretV1`, core.go; property-values.json). An
// export holds `ciphertext`; `pulumi stack export --show-secrets` writes `plaintext`, the wire form `value`.
const SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

// sdk/shim.ts `typeToken`: `pulumi-nodejs:dynamic/ragcancel:<vendor>.<ResourceName>`.
const DYNAMIC_TOKEN = /^pulumi-nodejs:dynamic\/ragcancel:([a-z][a-z0-9]{0,31})\.[A-Za-z][A-Za-z0-9]{0,63}$/;
// plugin/schema.ts `resourceToken`: `ragcancel:<vendor>:<ResourceName>`.
const PLUGIN_TOKEN = /^ragcancel:([a-z][a-z0-9]{0,31}):[A-Za-z][A-Za-z0-9]{0,63}$/;
// A `dynamic.Resource` of Pulumi's own (`pulumi-nodejs:dynamic:Resource`) whose `__provider` is this package's:
// sdk/shim.ts `providerModule` requires `pulumi-rag-cancel/provider` and picks `providers["<vendor>"]`.
const GENERIC_DYNAMIC = "pulumi-nodejs:dynamic:Resource";
const OUR_PROVIDER = /require\("pulumi-rag-cancel\/provider"\)\.providers\[\s*"([a-z][a-z0-9]{0,31})"\s*\]/;

/** True for a secret property value, whatever it carries. */
export function isSecretValue(v: unknown): boolean {
  return typeof v === "object" && v !== null && (v as Record<string, unknown>)[SIG_KEY] === SECRET_SIG;
}

/** The vendor and door of a cancellation resource, or undefined for any other resource. */
export function cancellationKind(r: ResourceV3): { vendor: string; door: FrontDoor } | undefined {
  const dynamic = DYNAMIC_TOKEN.exec(r.type);
  if (dynamic?.[1]) return { vendor: dynamic[1], door: "dynamic" };
  const plugin = PLUGIN_TOKEN.exec(r.type);
  if (plugin?.[1]) return { vendor: plugin[1], door: "plugin" };
  if (r.type === GENERIC_DYNAMIC) {
    const module = r.outputs?.__provider ?? r.inputs?.__provider;
    const vendor = typeof module === "string" ? OUR_PROVIDER.exec(module)?.[1] : undefined;
    if (vendor) return { vendor, door: "dynamic" };
  }
  return undefined;
}

/** A value as text: a secret is `[secret]`, a missing or structured value null. */
function text(v: unknown, max?: number): string | null {
  if (isSecretValue(v)) return SECRET_TEXT;
  if (typeof v === "string") return clean(v, max);
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  return null;
}

function record(v: unknown): Record<string, unknown> | undefined {
  return typeof v === "object" && v !== null && !Array.isArray(v) && !isSecretValue(v)
    ? (v as Record<string, unknown>)
    : undefined;
}

/** The stack (`<project>/<stack>`) and name a URN encodes: `urn:pulumi:<stack>::<project>::<type>::<name>`. */
export function urnParts(urn: string): { stack: string; name: string } {
  const parts = urn.split("::");
  const stack = parts[0]?.startsWith("urn:pulumi:") ? parts[0].slice("urn:pulumi:".length) : "";
  return { stack: clean(`${parts[1] ?? "?"}/${stack || "?"}`, 120), name: clean(parts.slice(3).join("::"), 200) };
}

function jobsOf(outputs: Record<string, unknown>): { ids: string[]; flags: RowFlags } {
  const flags: RowFlags = { cancelUnclear: [], notFound: [], replacedBy: [], v01: false };
  const omitted = outputs.jobsOmitted;
  if (typeof omitted === "number" && Number.isSafeInteger(omitted) && omitted > 0) flags.omitted = omitted;
  if (isSecretValue(outputs.jobs)) return { ids: [SECRET_TEXT], flags };
  const jobs = Array.isArray(outputs.jobs) ? outputs.jobs.map(record).filter((j) => j !== undefined) : [];
  if (jobs.length === 0) {
    const ids = isSecretValue(outputs.jobIds) ? [SECRET_TEXT] : Array.isArray(outputs.jobIds) ? outputs.jobIds : [];
    return { ids: ids.map((id) => text(id, 128)).filter((id) => id !== null), flags };
  }
  const ids = jobs.map((j) => text(j.id, 128) ?? "?");
  jobs.forEach((j, i) => {
    const id = ids[i] ?? "?";
    // 0.1 wrote neither field (git history of provider/model.ts, commit ba99be6): its records say less, not otherwise.
    if (!("cancelUnclear" in j) && !("replacedBy" in j)) flags.v01 = true;
    if (j.cancelUnclear === true) flags.cancelUnclear.push(id);
    if (j.found === false) flags.notFound.push(id);
    const by = text(j.replacedBy, 128);
    if (by !== null) flags.replacedBy.push({ job: id, by });
  });
  return { ids, flags };
}

/** The audit row of a cancellation resource (without its update: see join.ts). */
export function rowOf(file: string, r: ResourceV3, kind: { vendor: string; door: FrontDoor }): AuditRow {
  const outputs = r.outputs ?? {};
  const { stack, name } = urnParts(r.urn);
  const { ids, flags } = jobsOf(outputs);
  return {
    file,
    stack,
    resource: name,
    urn: clean(r.urn, 400),
    door: kind.door,
    vendor: text(outputs.vendor, 32) ?? kind.vendor,
    jobs: ids,
    phaseBefore: text(outputs.phaseBefore, 32),
    phase: text(outputs.phase, 32),
    // Every version wrote an outcome; a record without one (hand-edited, or a create that never finished) says so.
    outcome: text(outputs.outcome, 32) ?? "unknown",
    requestedAt: text(outputs.requestedAt, 40),
    confirmedAt: text(outputs.confirmedAt, 40),
    createdAt: r.created === undefined ? null : clean(r.created, 40),
    reason: text(outputs.reason) ?? text(r.inputs?.reason),
    flags,
    update: null,
  };
}

/** Every cancellation resource of an export's resources, as audit rows in state order. */
export function rowsOf(file: string, resources: readonly ResourceV3[]): AuditRow[] {
  const rows: AuditRow[] = [];
  for (const r of resources) {
    const kind = cancellationKind(r);
    if (kind) rows.push(rowOf(file, r, kind));
  }
  return rows;
}
