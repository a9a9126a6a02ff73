/**
 * Vendor text is untrusted: a reply can echo the request's credential, carry terminal escape sequences, or be
 * arbitrarily long. This module is the one place that makes such text safe to put in an error, a partial-failure
 * reason (the engine stores those as plain text in state), a progress line or `details`.
 * @internal
 * @packageDocumentation
 */
/** What replaces a credential value found in vendor text. */
export const REDACTED = "[redacted]";

/** The longest vendor-sourced text kept in a message or a progress line. */
export const MAX_TEXT_CHARS = 300;

/**
 * Credential values shorter than this are not searched for: a two-letter value would redact ordinary words. No
 * vendor issues credentials that short; the check rejects shorter ones for every vendor's secret fields.
 */
export const MIN_SECRET_CHARS = 4;

// ANSI/VT escape sequences (CSI, OSC, and two-character escapes), then the C0 and C1 controls and DEL, then the
// Unicode bidirectional overrides that can make a message read differently from what it says.
// eslint-disable-next-line no-control-regex
const ESCAPES = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|\u001b[@-_]/g;
// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** Removes escape sequences and control characters; newlines and tabs become spaces. */
export function stripControls(text: string): string {
  return text
    .replace(ESCAPES, "")
    .replace(CONTROLS, "")
    .replace(/[\n\t]/g, " ");
}

/** Cuts text to `max` characters, saying how much was cut. */
export function cap(text: string, max = MAX_TEXT_CHARS): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length - max} more characters)`;
}

/** What replaces vendor text that spells a credential in a way that cannot be cut out in place. */
export const WITHHELD = "(withheld: the vendor's text echoed a credential)";

/**
 * The credential's base64 inside a longer base64 text (`base64("Bearer " + token)`): for each of the three byte
 * offsets, the characters that encode the credential's bytes alone (the first and last groups mix in other bytes).
 */
function embeddedBase64(value: string): string[] {
  const out: string[] = [];
  for (const offset of [0, 1, 2]) {
    const b64 = Buffer.concat([Buffer.alloc(offset), Buffer.from(value)]).toString("base64");
    const core = b64.slice(offset === 0 ? 0 : 4, -4);
    if (core.length >= 8) out.push(core, core.replace(/\+/g, "-").replace(/\//g, "_"));
  }
  return out;
}

/** Every spelling in which a credential value can come back: raw, JSON-escaped, URL-encoded, base64 (embedded too). */
function spellings(value: string): string[] {
  return [
    value,
    JSON.stringify(value).slice(1, -1),
    encodeURIComponent(value),
    Buffer.from(value).toString("base64"),
    Buffer.from(value).toString("base64url"),
    ...embeddedBase64(value),
  ];
}

/** The text with its percent-escapes (`+` as space) and JSON escapes (`\\uXXXX`, `\\/`) decoded, for a second look. */
function decoded(text: string): string[] {
  const percent = text
    .replace(/\+/g, " ")
    .replace(/%([0-9a-f]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
  const json = text
    .replace(/\\u([0-9a-f]{4})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16)))
    .replace(/\\\//g, "/");
  return [percent, json].filter((d) => d !== text);
}

/** Scrubs a fixed set of credential values out of text and JSON. */
export class Redactor {
  private readonly pattern: RegExp | undefined;
  /** The same alternatives, without the global flag, for a test that keeps no state between calls. */
  private readonly probe: RegExp | undefined;

  /**
   * @param values every credential value in use; `pairs` are joined as `a:b` (the Basic scheme's base64 pair).
   */
  constructor(values: readonly string[], pairs: readonly (readonly [string, string])[] = []) {
    const all = [...values, ...pairs.map(([a, b]) => `${a}:${b}`)]
      .filter((v) => v.length >= MIN_SECRET_CHARS)
      .flatMap(spellings);
    // Longest first, so a value that contains another is replaced whole.
    const secrets = [...new Set(all)].sort((a, b) => b.length - a.length);
    const source = secrets.map((v) => v.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|");
    this.pattern = secrets.length ? new RegExp(source, "gi") : undefined;
    this.probe = secrets.length ? new RegExp(source, "i") : undefined;
  }

  /**
   * The text with every credential value replaced. Case-insensitive (a vendor may upper-case what it echoes), matched
   * on the text itself so that no case mapping can shift a position; longest value first.
   */
  scrub(text: string): string {
    if (this.pattern === undefined) return text;
    const out = text.replace(this.pattern, REDACTED);
    // A credential spelled with partial escapes (`ab%2Fcd`, `\\u0030`) cannot be cut out in place: withhold the text.
    const probe = this.probe;
    return probe && decoded(out).some((d) => probe.test(d)) ? WITHHELD : out;
  }

  /**
   * Vendor text made safe for a message: stripped of controls first (a control character inside an echoed credential
   * must not hide it from the scrub), scrubbed, capped.
   */
  text(value: string, max = MAX_TEXT_CHARS): string {
    return cap(this.scrub(stripControls(value)), max);
  }

  /** A parsed JSON body with every key and string stripped of controls and scrubbed (shape and numbers unchanged). */
  json(value: unknown): unknown {
    if (typeof value === "string") return this.scrub(stripControls(value));
    if (Array.isArray(value)) return value.map((v) => this.json(v));
    if (value !== null && typeof value === "object") {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [this.scrub(stripControls(k)), this.json(v)]));
    }
    return value;
  }
}

/** A redactor that knows no secrets: still strips controls and caps. */
export const NO_SECRETS = new Redactor([]);
