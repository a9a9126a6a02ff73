import { z } from "zod";
import { parseInput } from "./validation";

/**
 * A vendor's answer to a cancel on a job that has already finished: "echo" (the job as it is, the default) or the
 * HTTP status of a refusal. Vendors leave this undocumented, so tests switch between the plausible answers.
 */
export class CancelFinished<M extends number> {
  readonly #schema: z.ZodType<{ mode: "echo" | M }>;
  #mode: "echo" | M = "echo";

  /** @param statuses the refusals this vendor could plausibly send, besides "echo". */
  constructor(statuses: readonly [M, ...M[]]) {
    // A union of literals, not one multi-value literal, so a bad mode is refused with the same words as before.
    const [first, ...rest] = statuses;
    this.#schema = z.strictObject({
      mode: z.union([z.literal("echo"), z.literal(first), ...rest.map((s) => z.literal(s))]),
    });
  }

  /** The answer now in force. */
  get mode(): "echo" | M {
    return this.#mode;
  }

  /** Applies a control-API body `{ mode }` and returns the mode now in force; throws ControlInputError naming the field. */
  set(body: unknown): "echo" | M {
    this.#mode = parseInput(this.#schema, body, "body").mode;
    return this.#mode;
  }

  /** Back to "echo". */
  reset(): void {
    this.#mode = "echo";
  }
}
