/**
 * What a run printed, read per front door. The engine shows the dynamic host's stdout as info lines under the stack;
 * it hides the plugin's output, so the plugin's progress reaches the user only as the engine's `Log` messages, each
 * attached to its resource's URN.
 */
import type { FrontDoor } from "../front-doors";
import type { RunResult } from "../harness";

/** How the engine shows a progress line: as the resource's status until the next (ephemeral), or kept. */
export type Shown = "status" | "kept";

/**
 * The progress lines about the resource `name` as its user sees them. Dynamic host: the stdout lines naming it
 * (`[name]`), status and kept alike, since stdout has no status line. Plugin: the engine's info `Log` messages with
 * the URN of the run's step on that resource (exactly: a message with no URN or another's is shown elsewhere),
 * ephemeral for `status`, not for `kept`.
 */
export function progressShown(run: RunResult, door: FrontDoor, name: string, shown: Shown): string[] {
  if (door.stack.plugin === undefined) return run.hostLog.filter((l) => l.includes(`[${name}]`));
  const urns = new Set(run.steps.filter((s) => s.name === name).map((s) => s.urn));
  return run.engineLog
    .filter((m) => urns.has(m.urn) && m.severity === "info" && m.ephemeral === (shown === "status"))
    .map((m) => m.message);
}

/**
 * The run's progress lines that went where this door does not send them: for the plugin, its stdout or stderr, which
 * the engine hides; for the dynamic host, the engine's `Log`, which it never calls (nor prints anything hidden).
 */
export function progressElsewhere(run: RunResult, door: FrontDoor): string[] {
  const progress = (l: string) => l.startsWith("ragcancel: [");
  if (door.stack.plugin === undefined) return [...run.hiddenLog, ...run.engineLog.map((m) => m.message)];
  return [...run.hostLog, ...run.hiddenLog].filter(progress);
}

/** Everything the provider printed or logged in these runs, shown or hidden, for a search for secrets. */
export function everythingPrinted(...runs: RunResult[]): string {
  return runs.flatMap((r) => [...r.hostLog, ...r.hiddenLog, ...r.engineLog.map((m) => m.message)]).join("\n");
}
