/**
 * The harness's history as `pulumi stack history --json` prints it (pulumi/pulumi
 * `pkg/cmd/pulumi/stack/stack_history.go`, `updateInfoJSON`): newest first, times in whole seconds formatted by
 * `cmd.FormatTime` (`2006-01-02T15:04:05.000Z07:00`, UTC), kinds of `apitype.UpdateKind` (`update`, `refresh`,
 * `destroy`, `resource-import`), `result` `succeeded` or `failed`, `resourceChanges` keyed by `apitype.OpType`, and a
 * secret config value's `value` left out (no `--show-secrets`). Printed by `ui.FprintJSON` (2-space indent).
 */
import { execFileSync } from "node:child_process";
import { z } from "zod";
import type { ChangeCounts, HistoryEntry } from "./types";

/** One update as `stack history --json` prints it. */
export interface UpdateInfoJson {
  version: number;
  kind: string;
  startTime: string;
  message: string;
  environment: Record<string, string>;
  config: Record<string, { value?: string; secret: boolean }>;
  result?: string;
  endTime?: string;
  resourceChanges?: Record<string, number>;
}

const KINDS: Record<HistoryEntry["kind"], string> = {
  up: "update",
  refresh: "refresh",
  destroy: "destroy",
  import: "resource-import",
};

/** `cmd.FormatTime(time.Unix(seconds, 0).UTC())`: the CLI keeps whole seconds. */
function formatTime(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString();
}

/** The history (oldest first, as the harness keeps it) as `stack history --json` prints it. */
export function toHistoryJson(history: readonly HistoryEntry[]): UpdateInfoJson[] {
  return history
    .map((h, i) => {
      const start = Date.parse(h.startedAt);
      const changes = Object.fromEntries(Object.entries(h.changes).filter(([, n]) => n > 0));
      return {
        version: i + 1,
        kind: KINDS[h.kind],
        startTime: formatTime(start),
        message: h.message ?? "",
        environment: h.environment ?? {},
        config: h.config ?? {},
        result: h.ok ? "succeeded" : "failed",
        endTime: formatTime(start + h.durationMs),
        resourceChanges: changes,
      };
    })
    .reverse();
}

/** The history's text, as the CLI prints it. */
export function historyText(history: readonly HistoryEntry[]): string {
  return `${JSON.stringify(toHistoryJson(history), null, 2)}\n`;
}

const historySchema = z.array(
  z.object({
    version: z.number(),
    kind: z.enum(["update", "refresh", "destroy", "resource-import"]),
    startTime: z.string(),
    endTime: z.string().optional(),
    message: z.string(),
    environment: z.record(z.string(), z.string()).nullable(),
    config: z.record(z.string(), z.object({ value: z.string().optional(), secret: z.boolean() })).nullable(),
    result: z.string().optional(),
    resourceChanges: z.record(z.string(), z.number()).optional(),
  }),
);

/** Reads a history the harness wrote back into its entries, oldest first (times to the second, as printed). */
export function fromHistoryJson(file: string, json: unknown): HistoryEntry[] {
  const parsed = historySchema.safeParse(json);
  if (!parsed.success) throw new Error(`${file} is not the output of pulumi stack history --json`);
  const kindOf = Object.fromEntries(Object.entries(KINDS).map(([k, v]) => [v, k])) as Record<
    string,
    HistoryEntry["kind"]
  >;
  return [...parsed.data]
    .sort((a, b) => a.version - b.version)
    .map((u) => {
      const start = Date.parse(u.startTime);
      const c = u.resourceChanges ?? {};
      const changes: ChangeCounts = {
        create: c.create ?? 0,
        update: c.update ?? 0,
        replace: c.replace ?? 0,
        delete: c.delete ?? 0,
        same: c.same ?? 0,
        refresh: c.refresh ?? 0,
      };
      return {
        kind: kindOf[u.kind] ?? "up",
        startedAt: u.startTime,
        durationMs: u.endTime === undefined ? 0 : Date.parse(u.endTime) - start,
        ok: u.result === "succeeded",
        changes,
        message: u.message,
        environment: u.environment ?? {},
        config: u.config ?? {},
      };
    });
}

const gitCache = new Map<string, Record<string, string>>();

/**
 * What the CLI records of the commit it ran from (pulumi/pulumi `pkg/cmd/pulumi/metadata/metadata.go`, keys of
 * `pkg/backend/updates.go`): `git.head`, `git.author`, `git.author.email`, `git.committer`, `git.committer.email`;
 * nothing outside a git work tree. Read once per directory.
 */
export function gitEnvironment(dir: string): Record<string, string> {
  let env = gitCache.get(dir);
  if (!env) {
    env = {};
    try {
      const out = execFileSync("git", ["-C", dir, "log", "-1", "--format=%H%x00%an%x00%ae%x00%cn%x00%ce"], {
        encoding: "utf8",
        stdio: ["ignore", "pipe", "ignore"],
        timeout: 5000,
      });
      const [head, author, authorEmail, committer, committerEmail] = out.trim().split("\0");
      const pairs: [string, string | undefined][] = [
        ["git.head", head],
        ["git.author", author],
        ["git.author.email", authorEmail],
        ["git.committer", committer],
        ["git.committer.email", committerEmail],
      ];
      env = Object.fromEntries(pairs.filter((p): p is [string, string] => p[1] !== undefined && p[1] !== ""));
    } catch {
      // Not a git work tree, or no git: the CLI records nothing either.
    }
    gitCache.set(dir, env);
  }
  return env;
}
