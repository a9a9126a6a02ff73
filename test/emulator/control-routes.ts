import { ControlInputError } from "./validation";
import type { ControlRequest, ControlResponse } from "./vendor";

/** What a vendor's job collection offers the control API. */
export interface JobControlHooks {
  /** Collection segment, e.g. "jobs" or "runs". */
  collection: string;
  /** What one item is called in error messages, e.g. "job". */
  noun: string;
  seed(body: unknown): unknown;
  list(): unknown[];
  get(id: string): unknown;
  patch(id: string, body: unknown): unknown;
  forget(id: string): boolean;
  /** Validates `{ mode }`, applies it and returns the mode now in force. */
  setCancelFinished(body: unknown): unknown;
}

/**
 * Routes the control calls every vendor shares, mirroring DigitalOcean's: `POST|GET /<collection>`,
 * `GET|PATCH|DELETE /<collection>/<id>` and `PUT /cancel-finished`. Returns undefined for anything else.
 */
export function routeJobControls(req: ControlRequest, hooks: JobControlHooks): ControlResponse | undefined {
  const [head, id, ...rest] = req.segments;
  if (rest.length > 0) return undefined;
  if (head === "cancel-finished" && id === undefined && req.method === "PUT")
    return { status: 200, json: { mode: hooks.setCancelFinished(req.body) } };
  if (head !== hooks.collection) return undefined;
  if (id === undefined) {
    if (req.method === "POST") return { status: 201, json: hooks.seed(req.body) };
    if (req.method === "GET") return { status: 200, json: hooks.list() };
    return undefined;
  }
  const key = decodeSegment(id);
  if (req.method === "GET") {
    const item = hooks.get(key);
    if (item === undefined) throw new ControlInputError(`no ${hooks.noun} ${key}`, 404);
    return { status: 200, json: item };
  }
  if (req.method === "PATCH") return { status: 200, json: hooks.patch(key, req.body) };
  if (req.method === "DELETE") {
    if (!hooks.forget(key)) throw new ControlInputError(`no ${hooks.noun} ${key}`, 404);
    return { status: 204 };
  }
  return undefined;
}

/** URL-decodes one path segment, keeping it as is when it is not valid percent-encoding. */
export function decodeSegment(segment: string | undefined): string {
  try {
    return decodeURIComponent(segment ?? "");
  } catch {
    return segment ?? "";
  }
}

/**
 * Reads an integer query parameter: `fallback` when absent or empty, undefined when it is not an integer
 * within [min, max].
 */
export function intParam(
  query: URLSearchParams,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number | undefined {
  const raw = query.get(name);
  if (raw === null || raw === "") return fallback;
  if (!/^\d+$/.test(raw)) return undefined;
  const n = Number(raw);
  return n >= min && n <= max ? n : undefined;
}

/** Parses a JSON request body; `ok: false` when it is empty or malformed. */
export function tryParseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  if (text.trim() === "") return { ok: false };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}
