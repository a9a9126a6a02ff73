/**
 * What `pulumi stack history --json` prints: an array of `updateInfoJSON` (pulumi/pulumi
 * `pkg/cmd/pulumi/stack/stack_history.go`: `version`, `kind`, `startTime` and `endTime` formatted by `cmd.FormatTime`
 * as RFC 5424 with milliseconds, `message`, `environment`, `config`, `result`, `resourceChanges`). The service's
 * `apitype.UpdateInfo` (`sdk/go/common/apitype/history.go`: times as Unix seconds), bare or as
 * `GetHistoryResponse.updates`, is read too. The environment's keys are the CLI's (`pkg/backend/updates.go`:
 * `git.author`, `git.author.email`, `git.committer`, `ci.system`, `ci.build.id`, `ci.build.url`, `exec.kind`, …).
 * @packageDocumentation
 */
import { z } from "zod";
import { clean } from "../text";
import { AuditInputError, type InputText, parseJson, shown } from "./read-json";

const EXPECTED = "the output of `pulumi stack history --json` (an array of updates with version, kind and startTime)";

// Go marshals a nil map as null: an update with no environment or config prints `null`.
const stringMap = z
  .record(z.string(), z.unknown())
  .nullish()
  .transform((m) =>
    Object.fromEntries(Object.entries(m ?? {}).filter((e): e is [string, string] => typeof e[1] === "string")),
  );

const time = z.union([z.string(), z.number()]);

/** One update as either form prints it. */
const updateInfo = z.object({
  version: z.number().int().nonnegative(),
  kind: z.string(),
  startTime: time,
  endTime: time.nullish(),
  message: z.string().nullish(),
  result: z.string().nullish(),
  environment: stringMap,
  resourceChanges: z.record(z.string(), z.number()).nullish(),
});

const updatesSchema = z.array(updateInfo);
// The service's GetHistoryResponse wraps the array; picked by shape, so an error names the entry's path.
const wrapped = z.object({ updates: updatesSchema }).transform((r) => r.updates);

/** One update of the stack's history, normalized. */
export interface HistoryUpdate {
  /** The update's number. */
  version: number;
  /** `update`, `preview`, `refresh`, `destroy`, `import`, `resource-import`, `rename`. */
  kind: string;
  /** Start, in milliseconds since the epoch. */
  start: number;
  /** End, in milliseconds since the epoch, or null while in progress. */
  end: number | null;
  /** `succeeded`, `failed`, `in-progress`, or empty. */
  result: string;
  /** The message, cleaned. */
  message: string;
  /** The environment the CLI recorded (raw: clean before printing). */
  environment: Record<string, string>;
  /** How many resources each operation touched (`create`, `same`, …), or null when the history does not say. */
  changes: Record<string, number> | null;
}

/** One history file, read. */
export interface ParsedHistory {
  /** The file name as given. */
  name: string;
  /** Its updates, oldest first. */
  updates: HistoryUpdate[];
}

/** Whether parsed JSON is shaped like a history (to tell a user who swapped the files). */
export function looksLikeHistory(json: unknown): boolean {
  if (!Array.isArray(json)) return false;
  return json.every((u) => typeof u === "object" && u !== null && "kind" in u && "startTime" in u);
}

function millis(t: string | number, input: InputText, at: number): number {
  // Unix seconds in apitype.UpdateInfo; an RFC 3339 / RFC 5424 text in updateInfoJSON.
  const ms = typeof t === "number" ? t * 1000 : Date.parse(t);
  if (!Number.isFinite(ms)) {
    throw new AuditInputError(`${shown(input.name)}: [${at}].startTime/endTime: not a time; expected ${EXPECTED}`);
  }
  return ms;
}

/** Reads one history file; anything else is an {@link AuditInputError} naming the file and what was expected. */
export function parseHistory(input: InputText): ParsedHistory {
  const json = parseJson(input, EXPECTED);
  const parsed = Array.isArray(json) ? updatesSchema.safeParse(json) : wrapped.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const isExport = typeof json === "object" && json !== null && "deployment" in json;
    const where = issue?.path.length
      ? `${issue.path.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`)).join("")}: ${issue.message}; `
      : "";
    throw new AuditInputError(
      isExport
        ? `${shown(input.name)}: is a stack export, not a history; expected ${EXPECTED}`
        : `${shown(input.name)}: ${where}expected ${EXPECTED}`,
    );
  }
  const updates = parsed.data.map((u, i) => ({
    version: u.version,
    kind: clean(u.kind, 40),
    start: millis(u.startTime, input, i),
    end: u.endTime === undefined || u.endTime === null ? null : millis(u.endTime, input, i),
    result: clean(u.result ?? "", 40),
    message: clean(u.message ?? ""),
    environment: u.environment,
    changes: u.resourceChanges ?? null,
  }));
  // The CLI lists the newest first (the backends' GetHistory order); the join wants them in time order.
  return { name: input.name, updates: updates.sort((a, b) => a.start - b.start || a.version - b.version) };
}
