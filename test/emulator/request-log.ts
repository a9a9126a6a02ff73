/** What happened to a request: an HTTP status, or how the connection ended without one. */
export type LoggedStatus = number | "reset" | "hang" | "dropped";

/** Whether the request carried an accepted credential. The credential itself is never logged. */
export type AuthState = "ok" | "bad" | "none";

/**
 * One vendor request as the emulator saw it. Deliberately holds no header values, tokens or bodies,
 * so a log dump can be printed in CI without leaking secrets.
 */
export interface LoggedRequest {
  /** 1-based arrival order since the last clear. */
  seq: number;
  /** Wall-clock time the outcome was decided, ISO 8601. */
  at: string;
  /** Vendor prefix ("digitalocean", …) or "unknown" for an unrouted prefix. */
  vendor: string;
  method: string;
  /** Path after the vendor prefix, without the query string. */
  path: string;
  /** Raw query string without the leading "?", "" when absent. */
  query: string;
  status: LoggedStatus;
  auth: AuthState;
  /** The `x-request-id` the emulator sent (absent when no response was sent). */
  requestId?: string;
  /** Id of the fault that shaped this response, if any. */
  faultId?: string;
}

/** Filter for {@link RequestLog.list}. */
export interface RequestFilter {
  vendor?: string;
}

/** Append-only in-memory request log. */
export class RequestLog {
  #entries: LoggedRequest[] = [];
  #seq = 0;

  /** Appends an entry, stamping `seq` and `at`. */
  record(entry: Omit<LoggedRequest, "seq" | "at">): LoggedRequest {
    const full: LoggedRequest = { seq: ++this.#seq, at: new Date().toISOString(), ...entry };
    this.#entries.push(full);
    return full;
  }

  /** Copies of the entries, oldest first, optionally for one vendor. */
  list(filter: RequestFilter = {}): LoggedRequest[] {
    return this.#entries
      .filter((e) => filter.vendor === undefined || e.vendor === filter.vendor)
      .map((e) => ({ ...e }));
  }

  /** Forgets every entry and restarts `seq` at 1. */
  clear(): void {
    this.#entries = [];
    this.#seq = 0;
  }
}
