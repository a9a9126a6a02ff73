import { z } from "zod";
import { parseInput } from "./validation";

const faultSchema = z.strictObject({
  vendor: z.string().min(1).optional(),
  method: z.string().min(1).optional(),
  path: z.string().optional(),
  times: z.int().min(1).optional(),
  status: z.int().min(100).max(599).optional(),
  json: z.unknown().optional(),
  body: z.string().optional(),
  headers: z.record(z.string(), z.string()).optional(),
  delayMs: z.number().min(0).optional(),
  hang: z.boolean().optional(),
  reset: z.boolean().optional(),
  dropReplyAfterAction: z.boolean().optional(),
  echoCredentials: z.boolean().optional(),
  bodyBytes: z.int().min(1).optional(),
});

/**
 * A scripted misbehaviour for matching vendor requests. Faults are tried in insertion order; the first one that
 * matches and has uses left is consumed.
 */
export interface Fault {
  /** Vendor prefix to match ("digitalocean"); any vendor when absent. */
  vendor?: string;
  /** HTTP method to match, case-insensitive; any when absent. */
  method?: string;
  /** Substring of the path after the vendor prefix, e.g. "/cancel"; any when absent. */
  path?: string;
  /** How many requests this fault applies to; default 1. */
  times?: number;
  /** Respond with this status instead of running the vendor handler. */
  status?: number;
  /** JSON body for `status` (default: the vendor's error envelope for that status). */
  json?: unknown;
  /** Raw body text for `status`, e.g. malformed JSON; wins over `json`. */
  body?: string;
  /** Extra response headers, overriding the emulator's own (e.g. `retry-after`). */
  headers?: Record<string, string>;
  /** Real ms to wait before handling. */
  delayMs?: number;
  /** Never respond; the socket stays open until the client gives up or the emulator closes. */
  hang?: boolean;
  /** Destroy the socket without a response before the vendor acts. */
  reset?: boolean;
  /** Run the real handler (so e.g. the cancel takes effect), then destroy the socket without replying. */
  dropReplyAfterAction?: boolean;
  /**
   * Echo the request's credential headers back, as a careless vendor does: with `status`, in the vendor's error
   * message and an extra field; without, in an extra field of the real reply and of each object directly inside it.
   */
  echoCredentials?: boolean;
  /** With `status`: a body of this many bytes, streamed without a content-length (a vendor on a very bad day). */
  bodyBytes?: number;
}

/** A fault chosen for one request. */
export interface MatchedFault {
  id: string;
  fault: Fault;
}

interface StoredFault {
  id: string;
  fault: Fault;
  remaining: number;
}

/** Ordered store of injected faults. */
export class FaultStore {
  #faults: StoredFault[] = [];
  #nextId = 1;

  /** Validates and stores a fault; returns its id. Throws a ControlInputError naming the bad field. */
  add(input: unknown): string {
    const fault: Fault = parseInput(faultSchema, input, "fault");
    const id = `fault-${this.#nextId++}`;
    this.#faults.push({ id, fault, remaining: fault.times ?? 1 });
    return id;
  }

  /** Finds the first fault matching the request and uses it up once. */
  take(vendor: string, method: string, path: string): MatchedFault | undefined {
    const found = this.#faults.find(
      (f) =>
        f.remaining > 0 &&
        (f.fault.vendor === undefined || f.fault.vendor === vendor) &&
        (f.fault.method === undefined || f.fault.method.toUpperCase() === method.toUpperCase()) &&
        (f.fault.path === undefined || path.includes(f.fault.path)),
    );
    if (found === undefined) return undefined;
    found.remaining -= 1;
    if (found.remaining === 0) this.#faults = this.#faults.filter((f) => f !== found);
    return { id: found.id, fault: found.fault };
  }

  /** Removes every fault. Ids keep counting up so a log entry never points at a reused id. */
  clear(): void {
    this.#faults = [];
  }
}
