/**
 * Every request the engine sends is answered, whatever it holds: the error path cannot throw, what the plugin echoes
 * from a request is bounded (a 3 MB type token echoed into a gRPC status breaks the stream), and whatever still
 * escapes is logged by a process-level handler instead of ending the process mid-operation (every other wait in the
 * stack would end with it).
 * @internal
 * @packageDocumentation
 */
import { stripControls } from "../provider/http/redact";

/** The longest request-sourced string (a type token, a property name) echoed in a message. */
export const MAX_ECHO_CHARS = 200;

/** The longest message put into a gRPC status, a partial failure's reasons or a check failure's reason. */
export const MAX_STATUS_CHARS = 2000;

/** Request or vendor text made fit to echo: its first `max` characters, stripped of controls, saying what was cut. */
export function echoed(text: string, max = MAX_ECHO_CHARS): string {
  // Cut first: stripping or scanning a multi-megabyte string only to drop it would be wasted work.
  const head = stripControls(text.length > max ? text.slice(0, max) : text);
  return text.length > max ? `${head}… (${text.length - max} more characters)` : head;
}

/** An error's message, never throwing (a thrown value may be anything, a getter or a `toString` that throws included). */
export function messageOf(err: unknown): string {
  try {
    return err instanceof Error ? err.message : String(err);
  } catch {
    return "(an error that cannot be described)";
  }
}

/** Writes one bounded line to stderr, which the engine shows; never throws. */
export function logLastResort(what: string, err: unknown): void {
  try {
    process.stderr.write(
      `ragcancel: ${what} (the plugin keeps serving): ${echoed(messageOf(err), MAX_STATUS_CHARS)}\n`,
    );
  } catch {
    // stderr is gone: nothing left to tell.
  }
}

let installed = false;

/**
 * Turns an unhandled rejection or an uncaught exception into a logged error. Without it Node ends the process (run
 * directly) or the call is never answered (under run-plugin, which records it and exits 1 later), and the engine sets
 * no deadline on Create: `pulumi up` would hang.
 */
export function installLastResort(): void {
  if (installed) return;
  installed = true;
  process.on("unhandledRejection", (err: unknown) => {
    logLastResort("an unhandled rejection", err);
  });
  process.on("uncaughtException", (err: unknown) => {
    logLastResort("an uncaught exception", err);
  });
}
