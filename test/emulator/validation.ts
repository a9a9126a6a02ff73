import type { z } from "zod";

/** A control-API input was rejected; `message` names the offending field. */
export class ControlInputError extends Error {
  /** HTTP status the control API answers with. */
  readonly status: number;

  constructor(message: string, status = 400) {
    super(message);
    this.name = "ControlInputError";
    this.status = status;
  }
}

/**
 * Parses `input` with `schema`, throwing a {@link ControlInputError} whose message names the first bad field,
 * e.g. `fault.times: Too small: expected number to be >=1`.
 */
export function parseInput<T extends z.ZodType>(schema: T, input: unknown, what: string): z.output<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue === undefined || issue.path.length === 0 ? what : `${what}.${issue.path.map(String).join(".")}`;
  throw new ControlInputError(`${field}: ${issue?.message ?? "invalid"}`);
}
