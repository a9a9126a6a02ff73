/**
 * Joins each cancellation with the update of its stack's history that created it: the update whose run covers the
 * resource's `created` time (ResourceV3.created, written when the resource entered the state). The history keeps
 * whole seconds (stack_history.go formats `time.Unix(StartTime, 0)`), so an update covers `[start, end + 1 s)`.
 * @packageDocumentation
 */
import type { HistoryUpdate, ParsedHistory } from "./parse/history";
import type { AuditRow, UpdateRef } from "./row";
import { clean } from "./text";

const SECOND = 1000;

/** Who ran an update, from the environment keys the CLI records (pkg/backend/updates.go). */
export function identity(env: Record<string, string>): string {
  const person = env["git.author"] ?? env["git.committer"] ?? "";
  const email = env["git.author.email"] ?? env["git.committer.email"] ?? "";
  const who = person && email ? `${person} <${email}>` : person || email;
  const ci = env["ci.system"];
  const build = env["ci.build.number"] ?? env["ci.build.id"];
  const pipeline = ci ? `${ci}${build ? ` #${build}` : ""}` : (env["exec.agent"] ?? "");
  return clean(who && pipeline ? `${who} via ${pipeline}` : who || pipeline, 200);
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function refOf(u: HistoryUpdate): UpdateRef {
  return {
    version: u.version,
    kind: u.kind,
    startTime: iso(u.start),
    endTime: u.end === null ? null : iso(u.end),
    result: u.result,
    message: u.message,
    by: identity(u.environment),
  };
}

/** The update that covers `at` (milliseconds): the latest one started before it whose end is not before it. */
export function updateAt(updates: readonly HistoryUpdate[], at: number): HistoryUpdate | undefined {
  let found: HistoryUpdate | undefined;
  for (const u of updates) {
    if (u.kind === "preview") continue; // a preview changes no state
    const end = u.end === null ? Infinity : u.end + SECOND;
    if (u.start <= at && at < end && (!found || u.start >= found.start)) found = u;
  }
  return found;
}

/**
 * The rows with their creating update, from the history given with their export (`history` undefined: none given).
 * A row whose creation time is unknown, or that no update covers, keeps `update: null`.
 */
export function joinHistory(rows: readonly AuditRow[], history: ParsedHistory | undefined): AuditRow[] {
  if (!history) return [...rows];
  return rows.map((row) => {
    const created = row.createdAt === null ? NaN : Date.parse(row.createdAt);
    const at = Number.isFinite(created) ? created : row.requestedAt === null ? NaN : Date.parse(row.requestedAt);
    const u = Number.isFinite(at) ? updateAt(history.updates, at) : undefined;
    return { ...row, update: u ? refOf(u) : null };
  });
}
