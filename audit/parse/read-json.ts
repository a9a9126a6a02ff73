/**
 * Reading one input file as JSON, with the one-line errors the command prints: the file's name and what was
 * expected, never a stack trace.
 * @packageDocumentation
 */
import { readFileSync } from "node:fs";
import { clean } from "../text";

/** A problem with an input file or the command line: printed as one line, and the command exits non-zero. */
export class AuditInputError extends Error {
  /** The exit code: 1 for an unreadable or unexpected file, 2 for a wrong command line. */
  readonly exitCode: 1 | 2;

  /**
   * @param message The one line to print.
   * @param exitCode 1 for a file, 2 for the command line.
   */
  constructor(message: string, exitCode: 1 | 2 = 1) {
    super(message);
    this.name = "AuditInputError";
    this.exitCode = exitCode;
  }
}

/** One input: its name as given (`-` for standard input) and its text. */
export interface InputText {
  /** The file name as given on the command line, or `-`. */
  name: string;
  /** The file's whole text. */
  text: string;
}

/** The name to show for a file: cleaned, so a hostile file name cannot forge the line it appears in. */
export function shown(name: string): string {
  return name === "-" ? "standard input" : clean(name, 200);
}

/** The message of anything thrown (errors from Node's internals may come from another realm: no `instanceof`). */
export function messageOf(e: unknown): string {
  return typeof e === "object" && e !== null && "message" in e && typeof e.message === "string" ? e.message : String(e);
}

/** Reads a file's text; a file that cannot be read is an {@link AuditInputError} naming it. */
export function readInput(name: string, readStdin: () => string): InputText {
  try {
    return { name, text: name === "-" ? readStdin() : readFileSync(name, "utf8") };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new AuditInputError(`${shown(name)}: cannot read it${code ? ` (${code})` : ""}`);
  }
}

/**
 * Parses the text as JSON. Empty input and JSON that stops early (a truncated file, an export cut off by a full disk)
 * get their own message: both are common, and "Unexpected end of JSON input" names neither the file nor the fix.
 */
export function parseJson(input: InputText, expected: string): unknown {
  const text = input.text.replace(/^\uFEFF/, "");
  if (text.trim() === "") throw new AuditInputError(`${shown(input.name)}: is empty; expected ${expected}`);
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    const detail = messageOf(e);
    // V8 names the position; an error at the text's last character means the text stopped, not that it is wrong.
    const at = /position (\d+)/.exec(detail)?.[1];
    const atEnd = at !== undefined && Number(at) >= text.trimEnd().length - 1;
    if (atEnd || /end of (JSON )?input|Unterminated/i.test(detail)) {
      throw new AuditInputError(`${shown(input.name)}: the JSON ends early (a truncated file?); expected ${expected}`);
    }
    throw new AuditInputError(`${shown(input.name)}: is not JSON (${clean(detail, 120)}); expected ${expected}`);
  }
}
