/**
 * HTML escaping for text and attribute values (the five characters that can end either).
 * @packageDocumentation
 */

/** Text made safe for an HTML (or SVG) text node or a quoted attribute value. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}
