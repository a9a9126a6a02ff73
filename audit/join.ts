/**
 * Joins each cancellation with the update of its stack's history that created it: the update whose run covers the
 * resource's `created` time (ResourceV3.created, written when the resource entered the state). The history keeps
 * whole seconds (stack_history.go formats `time.Unix(StartTime, 0)`), so an update covers `[start, end + 1 s)`, and
 * two updates can cover the same second: then the one that created something wins (its `resourceChanges`).
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

/** Whether an update can have added a resource: it created, replaced or imported one, or does not say. */
function adds(u: HistoryUpdate): boolean {
  if (u.kind === "preview" || u.kind === "refresh" || u.kind === "destroy") return false; // none adds a resource
  if (u.changes === null) return true;
  return ["create", "replace", "create-replacement", "import", "import-replacement"].some(
    (op) => (u.changes?.[op] ?? 0) > 0,
  );
}

/** The update that added a resource at `at` (milliseconds): the latest one started before it that covers it and adds. */
export function updateAt(updates: readonly HistoryUpdate[], at: number): HistoryUpdate | undefined {
  let found: HistoryUpdate | undefined;
  for (const u of updates) {
    const end = u.end === null ? Infinity : u.end + SECOND;
    if (adds(u) && u.start <= at && at < end && (!found || u.start >= found.start)) found = u;
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
