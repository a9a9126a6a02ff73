#!/usr/bin/env node
/**
 * `ragcancel`, the package's command: `ragcancel audit` prints the audit trail of every cancellation in one or more
 * `pulumi stack export` files, joined with `pulumi stack history --json`. A problem with the input or the command
 * line is one line on standard error and a non-zero exit code, never a stack trace.
 * @packageDocumentation
 */
import { readFileSync, writeFileSync } from "node:fs";
import { parseAuditArgs, USAGE } from "./args";
import { audit, type StackInput } from "./audit";
import { AuditInputError, messageOf, readInput, shown } from "./parse/read-json";
import { clean } from "./text";

/** What the command reads and writes; a test passes its own. */
export interface CliIo {
  /** Standard output. */
  stdout: (text: string) => void;
  /** Standard error. */
  stderr: (text: string) => void;
  /** Reads standard input whole. */
  readStdin: () => string;
  /** True when standard input is a terminal (then it is not read without `-`). */
  stdinIsTTY: boolean;
  /** Writes `--output`. */
  writeFile: (file: string, text: string) => void;
}

/** The process's own standard streams and files. */
export const PROCESS_IO: CliIo = {
  stdout: (t) => {
    process.stdout.write(t);
  },
  stderr: (t) => {
    process.stderr.write(t);
  },
  readStdin: () => readFileSync(0, "utf8"),
  stdinIsTTY: process.stdin.isTTY,
  writeFile: (file, text) => {
    writeFileSync(file, text);
  },
};

function runAudit(argv: readonly string[], io: CliIo): number {
  const args = parseAuditArgs(argv);
  if (args.help) {
    io.stdout(USAGE);
    return 0;
  }
  if (args.files.length === 0 && io.stdinIsTTY) {
    throw new AuditInputError(
      "no export given: name a `pulumi stack export` file, or pipe one in (ragcancel audit --help)",
      2,
    );
  }
  let stdin: string | undefined;
  const readStdin = () => (stdin ??= io.readStdin());
  const files = args.files.length > 0 ? args.files : [{ exported: "-" }];
  const inputs: StackInput[] = files.map((f) => ({
    exported: readInput(f.exported, readStdin),
    ...(f.history !== undefined ? { history: readInput(f.history, readStdin) } : {}),
  }));
  const text = audit(inputs, args.filters, args.format);
  if (args.output === undefined) io.stdout(text);
  else {
    try {
      io.writeFile(args.output, text);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new AuditInputError(`${shown(args.output)}: cannot write it${code ? ` (${code})` : ""}`);
    }
  }
  return 0;
}

/** Runs the command with the arguments after `ragcancel`; returns the exit code. */
export function main(argv: readonly string[], io: CliIo = PROCESS_IO): number {
  const [command, ...rest] = argv;
  if (command === "--help" || command === "-h") {
    io.stdout(USAGE);
    return 0;
  }
  if (command !== "audit") {
    const what = command === undefined ? "no command given" : `unknown command ${JSON.stringify(clean(command, 40))}`;
    io.stderr(`ragcancel: ${what}; the command is \`ragcancel audit\`\n\n${USAGE}`);
    return 2;
  }
  try {
    return runAudit(rest, io);
  } catch (e) {
    if (e instanceof AuditInputError) {
      io.stderr(`ragcancel audit: ${e.message}\n`);
      return e.exitCode;
    }
    // A bug, not the input's fault: still one line, so a state file's contents never spill out with a trace.
    io.stderr(`ragcancel audit: internal error: ${clean(messageOf(e), 200)}\n`);
    return 1;
  }
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
