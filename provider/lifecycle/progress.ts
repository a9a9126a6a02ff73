/**
 * Where an operation's progress lines go. The runtime does not print: each front door decides how its user sees a
 * line. The dynamic host's stdout is shown by the engine as info, so the dynamic classes print; the engine hides a
 * provider plugin's stdout, so the plugin sends each line through the engine's `Log` RPC.
 * @internal
 * @packageDocumentation
 */
import type { Redactor } from "../http/redact";

/** How a progress line is shown. */
export interface ProgressOptions {
  /**
   * True for a waiting line, which the next one supersedes (the engine shows it as the resource's status, then drops
   * it); false for a line worth keeping in the update's output: the outcome of a wait, a replaced run.
   */
  ephemeral: boolean;
}

/** Takes one progress line (no trailing newline) about the operation's resource; never throws, never blocks. */
export type ProgressSink = (line: string, opts: ProgressOptions) => void;

/** The longest progress line passed on: a selector's line names every job, so more than an error's vendor text. */
const MAX_LINE_CHARS = 2000;

/**
 * The dynamic host's sink: stdout, which the engine shows as info lines under the stack. Ephemeral or not, every line
 * is printed: stdout has no status line to supersede.
 *
 * No URN is attached here, and the dynamic host does not send `Log`: the URN cannot be known. The host
 * (`@pulumi/pulumi/cmd/dynamic-provider/index.js`) never reads the request's URN: it calls `create(inputs)`,
 * `read(id, props)` and `update(id, olds, news)`. Building it in the program (stack, project, parent types) and
 * passing it as an input would add an input to every resource's state (a diff on upgrade) and be wrong under aliases.
 * So the lines name their resource instead (`ragcancel: [stop-kb] …`).
 */
export const printProgress: ProgressSink = (line) => {
  console.log(line);
};

/**
 * `sink` behind the operation's redactor: the lines are built from already-scrubbed vendor text, and this is the
 * last guard, as `guarded` is for errors. A sink that throws loses its line, never the operation.
 */
export function scrubbedProgress(sink: ProgressSink, redactor: Redactor): ProgressSink {
  return (line, opts) => {
    try {
      sink(redactor.text(line, MAX_LINE_CHARS), opts);
    } catch {
      // A progress line is never worth failing a cancellation for.
    }
  };
}
