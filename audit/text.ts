/**
 * Text from a state file is hostile: a resource name, a reason, a vendor's words or an update message may carry
 * terminal escape sequences, control characters, bidirectional overrides, or be arbitrarily long. Every string the
 * audit prints passes through {@link clean} first; each format then escapes what is special to it.
 * @packageDocumentation
 */
import { stripControls } from "../provider/http/redact";

/** What an encrypted (or plaintext-exported) secret shows as. The audit never decrypts. */
export const SECRET_TEXT = "[secret]";

/** The longest text kept in one cell (the provider's own bound for vendor text in messages is 300 too). */
export const MAX_CELL_CHARS = 300;

/**
 * Strips escapes and controls (the provider's own rule, `provider/http/redact.ts`: the record was written under it,
 * but a state file can be edited by hand) and cuts to `max` characters with an ellipsis.
 */
export function clean(text: string, max = MAX_CELL_CHARS): string {
  const stripped = stripControls(text).trim();
  return stripped.length <= max ? stripped : `${stripped.slice(0, max - 1)}…`;
}
