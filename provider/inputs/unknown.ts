/**
 * Pulumi's unknown sentinel: the value the engine sends during preview for an input that is not known yet.
 * @internal
 * @packageDocumentation
 */

/** The value Pulumi sends during preview for an input that is not known yet. */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
