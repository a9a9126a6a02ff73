/**
 * Bounds on what a vendor reply can put into state: `details` per job and the vendor's status words. A vendor that
 * sends a megabyte of unknown fields must not make every later `pulumi up` carry it.
 * @internal
 * @packageDocumentation
 */
import type { VendorAdapter } from "../adapter";
import { ResponseShapeError } from "../errors";
import type { JobStatus, JsonValue } from "../model";
import { cap, stripControls } from "../http/redact";
import { MAX_LISTED_JOBS, tooManyListed } from "../http/paging";

/** The largest `details` entry of one job in state, as JSON. */
export const MAX_DETAILS_BYTES = 4096;
/** The longest string kept inside `details`. */
export const MAX_DETAIL_CHARS = 512;
/** The most items kept of an array inside `details`. */
export const MAX_DETAIL_ITEMS = 20;
/** How deep `details` may nest; deeper values are replaced by a note. */
export const MAX_DETAIL_DEPTH = 4;
/** The longest `vendorStatus`. */
export const MAX_STATUS_CHARS = 200;
/** The key under which a bounded `details` says what it dropped. */
export const TRUNCATED_KEY = "_truncated";

function bound(value: JsonValue, depth: number): JsonValue {
  if (typeof value === "string") return cap(stripControls(value), MAX_DETAIL_CHARS);
  if (value === null || typeof value !== "object") return value;
  if (depth >= MAX_DETAIL_DEPTH) return "(nested too deep; not kept)";
  if (Array.isArray(value)) {
    const kept = value.slice(0, MAX_DETAIL_ITEMS).map((v) => bound(v, depth + 1));
    return value.length > MAX_DETAIL_ITEMS ? [...kept, `(${value.length - MAX_DETAIL_ITEMS} more items)`] : kept;
  }
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [cap(stripControls(k), MAX_DETAIL_CHARS), bound(v, depth + 1)]),
  );
}

/**
 * One job's details, bounded: strings, arrays and nesting are cut, then whole fields are dropped from the end (the
 * vendor's unknown fields come after the documented ones) until the JSON fits; what was dropped is named under
 * `_truncated`. Deterministic, so a refresh of the same reply shows no change.
 */
export function boundDetails(details: { [key: string]: JsonValue }): { [key: string]: JsonValue } {
  const entries = Object.entries(bound(details, 0) as { [key: string]: JsonValue });
  const size = (o: object) => Buffer.byteLength(JSON.stringify(o));
  if (size(Object.fromEntries(entries)) <= MAX_DETAILS_BYTES) return Object.fromEntries(entries);
  const dropped: string[] = [];
  // Drop from the end until the fields and the note naming what was dropped fit, measured in bytes together.
  for (;;) {
    const note = cap(`over ${MAX_DETAILS_BYTES} bytes; dropped: ${dropped.join(", ")}`, 150);
    const out = { ...Object.fromEntries(entries), [TRUNCATED_KEY]: note };
    if (size(out) <= MAX_DETAILS_BYTES || entries.length === 0) return out;
    dropped.unshift(entries.pop()?.[0] ?? "");
  }
}

/** The longest job id kept; ids are the vendor's, and go into state, paths and messages. */
export const MAX_ID_CHARS = 200;

/** True for an id no vendor would send: too long, or with control characters (it would reach logs and state). */
export function unfitId(id: string): boolean {
  // eslint-disable-next-line no-control-regex
  return id.length > MAX_ID_CHARS || /[\u0000-\u001f\u007f-\u009f]/.test(id);
}

/** A job status as the vendor sent it, made fit for state and messages. */
export function boundStatus(status: JobStatus): JobStatus {
  return {
    ...status,
    vendorStatus: cap(stripControls(status.vendorStatus), MAX_STATUS_CHARS),
    details: boundDetails(status.details),
  };
}

/**
 * The adapter with every job status it returns checked and bounded, so nothing unbounded, and no answer about a job
 * that was not asked about, reaches the lifecycle. A reply about another job is a shape error: from a cancel, an
 * unclear answer (the request named our job, the vendor may have acted on it); from a read, a failed read. Only a
 * container-addressed vendor may report another job at the address (the run that replaced ours).
 */
export function boundedAdapter(adapter: VendorAdapter): VendorAdapter {
  const checked = (operation: string, asked: string, s: JobStatus | undefined): JobStatus | undefined => {
    if (s === undefined) return undefined;
    const problem = unfitId(s.id)
      ? `id: over ${MAX_ID_CHARS} characters or with control characters`
      : s.id !== asked && adapter.cancelAddressing === "job"
        ? "id: the reply is about another job than the one asked about"
        : undefined;
    if (problem) throw new ResponseShapeError(adapter.vendor, `${operation} ${asked}`, 200, [problem]);
    return boundStatus(s);
  };
  return {
    ...adapter,
    resolve: async (ctx, inputs) => {
      const r = await adapter.resolve(ctx, inputs);
      // The same bound for every selector, paged or not (DigitalOcean's list comes in one reply of any length).
      if (r.selector && r.jobs.length > MAX_LISTED_JOBS)
        throw tooManyListed(adapter.vendor, `list the jobs of ${adapter.describeTarget(inputs)}`, `${r.jobs.length}`);
      const named = adapter.namedJob(inputs);
      return { ...r, jobs: r.jobs.map((j) => checked("read job", named ?? j.id, j) ?? boundStatus(j)) };
    },
    get: async (ctx, inputs, id) => checked("read job", id, await adapter.get(ctx, inputs, id)),
    cancel: async (ctx, inputs, id) => checked("cancel job", id, await adapter.cancel(ctx, inputs, id)),
  };
}
