/**
 * The command line of `ragcancel audit`, checked: every mistake is a one-line error (exit code 2) naming the option
 * and what it takes.
 * @packageDocumentation
 */
import { parseArgs } from "node:util";
import { FORMATS, type Format } from "./audit";
import { type Filters, OUTCOME_CHOICES, parseChoices, parseTime, VENDOR_CHOICES } from "./filter";
import { AuditInputError, messageOf } from "./parse/read-json";
import { clean } from "./text";

/** The usage text (`ragcancel audit --help`). */
export const USAGE = `Usage: ragcancel audit [options] <export.json>... [--history <history.json>]

Reads what \`pulumi stack export\` prints (one file per stack, or - for standard input, also read when no file is
given) and prints every cancellation of pulumi-rag-cancel in it. \`--history\` after an export file joins that
stack's \`pulumi stack history --json\`: the update that created each cancellation, its message and who ran it.

Options:
  --history <file>   pulumi stack history --json of the stack whose export precedes it
  --format <format>  ${FORMATS.join(", ")} (default table); html is one self-contained page with a timeline
  --output <file>    write to a file instead of standard output
  --since <time>     only cancellations at or after this date or date-time (2026-11-23, 2026-11-23T03:00:00Z)
  --until <time>     only cancellations before it (a date alone: up to the end of that day)
  --vendor <names>   only these vendors: ${VENDOR_CHOICES.join(", ")}
  --outcome <names>  only these outcomes: ${OUTCOME_CHOICES.join(", ")}
  -h, --help         this text
`;

/** A file named on the command line, with the history given after it. */
export interface FileArgs {
  /** The export file, or `-`. */
  exported: string;
  /** Its stack's history file, if given. */
  history?: string;
}

/** The command line, checked. */
export interface AuditArgs {
  /** True for `--help`: print the usage and nothing else. */
  help: boolean;
  /** The exports (empty: read standard input). */
  files: FileArgs[];
  /** The format. */
  format: Format;
  /** Where to write, or undefined for standard output. */
  output?: string;
  /** The filters. */
  filters: Filters;
}

const OPTIONS = {
  history: { type: "string", multiple: true },
  format: { type: "string" },
  output: { type: "string", short: "o" },
  since: { type: "string" },
  until: { type: "string" },
  vendor: { type: "string", multiple: true },
  outcome: { type: "string", multiple: true },
  help: { type: "boolean", short: "h" },
} as const;

function usageError(message: string): AuditInputError {
  return new AuditInputError(`${message} (ragcancel audit --help lists the options)`, 2);
}

/** Checks the arguments after `audit`. */
export function parseAuditArgs(argv: readonly string[]): AuditArgs {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true, tokens: true });
  } catch (e) {
    // parseArgs's own sentence is right but long: its first sentence names the option.
    throw usageError(clean(messageOf(e).split(". ")[0] ?? "", 200));
  }
  const { values, tokens } = parsed;
  const files: FileArgs[] = [];
  for (const t of tokens) {
    if (t.kind === "positional") files.push({ exported: t.value });
    if (t.kind === "option" && t.name === "history") {
      const last = files.at(-1);
      if (!last) throw usageError("--history: name the stack's export file before its history");
      if (last.history !== undefined) throw usageError(`--history: ${clean(last.exported, 200)} already has a history`);
      last.history = t.value;
    }
  }
  const format = values.format ?? "table";
  if (!(FORMATS as readonly string[]).includes(format)) {
    throw usageError(`--format: expected one of ${FORMATS.join(", ")}, got ${JSON.stringify(clean(format, 40))}`);
  }
  const filters: Filters = {};
  if (values.since !== undefined) filters.since = parseTime("--since", values.since, false);
  if (values.until !== undefined) filters.until = parseTime("--until", values.until, true);
  if (filters.since !== undefined && filters.until !== undefined && filters.since >= filters.until) {
    throw usageError("--since: must be before --until");
  }
  if (values.vendor) filters.vendors = parseChoices("--vendor", values.vendor, VENDOR_CHOICES);
  if (values.outcome) filters.outcomes = parseChoices("--outcome", values.outcome, OUTCOME_CHOICES);
  return {
    help: values.help === true,
    files,
    format: format as Format,
    ...(values.output !== undefined ? { output: values.output } : {}),
    filters,
  };
}
