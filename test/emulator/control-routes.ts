import type { JobCollection } from "./job-controls";
import { ControlInputError } from "./validation";
import type { ControlRequest, ControlResponse } from "./vendor";

/** Where one vendor's job routes differ from the rest. */
export interface JobRouteOptions {
  /** Collection segment; default "jobs" (SuperOffice: "runs"). */
  collection?: string;
  /** What `GET /<collection>` answers; default the collection's `list()`. */
  list?: () => unknown[];
  /**
   * The vendor's answer to a cancel on a finished job, which `PUT /cancel-finished` sets from `{ mode }`; absent
   * where the vendor documents that answer (Pinecone), so there is no mode to choose.
   */
  cancelFinished?: { set(body: unknown): unknown };
}

/**
 * Routes the control calls every vendor shares, mirroring DigitalOcean's: `POST|GET /<collection>`,
 * `GET|PATCH|DELETE /<collection>/<id>` and `PUT /cancel-finished`. Returns undefined for anything else.
 */
export function routeJobControls(
  req: ControlRequest,
  jobs: JobCollection,
  opts: JobRouteOptions = {},
): ControlResponse | undefined {
  const [head, id, ...rest] = req.segments;
  if (rest.length > 0) return undefined;
  if (head === "cancel-finished" && id === undefined && req.method === "PUT")
    return opts.cancelFinished && { status: 200, json: { mode: opts.cancelFinished.set(req.body) } };
  if (head !== (opts.collection ?? "jobs")) return undefined;
  if (id === undefined) {
    if (req.method === "POST") return { status: 201, json: jobs.seed(req.body) };
    if (req.method === "GET") return { status: 200, json: opts.list ? opts.list() : jobs.list() };
    return undefined;
  }
  const key = decodeSegment(id);
  if (req.method === "GET") {
    const item = jobs.get(key);
    if (item === undefined) throw new ControlInputError(`no ${jobs.noun} ${key}`, 404);
    return { status: 200, json: item };
  }
  if (req.method === "PATCH") return { status: 200, json: jobs.patch(key, req.body) };
  if (req.method === "DELETE") {
    if (!jobs.forget(key)) throw new ControlInputError(`no ${jobs.noun} ${key}`, 404);
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
