/**
 * One self-contained HTML page: the timeline picture and the table. No script, no external stylesheet, font or
 * image, and a Content-Security-Policy that allows none, so the page shows the same offline and cannot be made to
 * load anything. Every cell is HTML-escaped.
 * @packageDocumentation
 */
import { type AuditRow, COLUMNS } from "../row";
import { escapeHtml } from "./escape-html";
import { timelineSvg } from "./timeline-svg";

const STYLE = [
  "body{font:14px system-ui,sans-serif;margin:24px;color:#222}",
  "table{border-collapse:collapse;margin-top:16px}",
  "th,td{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}",
  "th{background:#f4f4f4}",
  "svg text{font:12px system-ui,sans-serif}",
  "svg text.tick{font-size:10px;fill:#555}",
].join("");

/** The page: a title naming what was read, the timeline, then the table. */
export function toHtml(rows: readonly AuditRow[], sources: readonly string[]): string {
  const head = `<tr>${COLUMNS.map((c) => `<th>${escapeHtml(c.header)}</th>`).join("")}</tr>`;
  const body = rows.map((r) => `<tr>${COLUMNS.map((c) => `<td>${escapeHtml(c.cell(r))}</td>`).join("")}</tr>`);
  const from = sources.map(escapeHtml).join(", ");
  return [
    "<!DOCTYPE html>",
    '<html lang="en">',
    "<head>",
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    "<title>Cancellation audit</title>",
    `<style>${STYLE}</style>`,
    "</head>",
    "<body>",
    "<h1>Cancellation audit</h1>",
    `<p>${rows.length} cancellation${rows.length === 1 ? "" : "s"}, from ${from || "no input"}.</p>`,
    timelineSvg(rows),
    "<table>",
    `<thead>${head}</thead>`,
    `<tbody>${body.join("\n")}</tbody>`,
    "</table>",
    "</body>",
    "</html>",
    "",
  ].join("\n");
}
