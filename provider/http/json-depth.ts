/**
 * How deep a vendor's JSON may nest before it is parsed. Everything after the parse (scrubbing, the reply schemas,
 * bounding `details`) walks the value recursively: a reply nested 2,000 levels deep overflows the stack there, and the
 * `RangeError` would escape as a plain error, losing the record of a cancel the vendor accepted. No vendor API nests
 * anywhere near this deep.
 * @internal
 * @packageDocumentation
 */

/** The deepest nesting of arrays and objects read from a vendor reply. */
export const MAX_JSON_DEPTH = 64;

/**
 * The text's nesting depth, counted without parsing (brackets inside strings do not count), or undefined once it
 * passes `max`: one linear scan, no recursion.
 */
export function jsonDepthWithin(text: string, max = MAX_JSON_DEPTH): number | undefined {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // a backslash escapes the next character, a quote included
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      depth++;
      if (depth > max) return undefined;
      if (depth > deepest) deepest = depth;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return deepest;
}
