/**
 * The HTML page's picture: cancellations per vendor over time, as inline SVG (no script, no external asset). One lane
 * per vendor, one dot per cancellation at its time (the cancel, else its creation), coloured by outcome, with a
 * tooltip naming the resource.
 * @packageDocumentation
 */
import { VENDOR_NAMES } from "../../provider/model";
import { type AuditRow, rowTime } from "../row";
import { escapeHtml } from "./escape-html";

/** The colour of each outcome's dots (and of its legend entry). */
export const OUTCOME_COLOURS: Record<string, string> = {
  cancelled: "#2e7d32",
  "cancel-requested": "#f9a825",
  "already-finished": "#1565c0",
  "nothing-running": "#757575",
  unconfirmed: "#c62828",
};
const OTHER_COLOUR = "#6d4c41";

const WIDTH = 960;
const LEFT = 110;
const RIGHT = 20;
const LANE = 28;
const TOP = 30;

function x(ms: number, from: number, to: number): number {
  const span = Math.max(to - from, 1);
  return LEFT + ((ms - from) / span) * (WIDTH - LEFT - RIGHT);
}

/** The timeline as an `<svg>` element; rows without a time are counted under it. */
export function timelineSvg(rows: readonly AuditRow[]): string {
  const placed = rows.map((row) => ({ row, ms: Date.parse(rowTime(row) ?? "") })).filter((p) => Number.isFinite(p.ms));
  const present = new Set(rows.map((r) => r.vendor));
  const lanes = [
    ...VENDOR_NAMES.filter((v) => present.has(v)),
    ...[...present].filter((v) => !VENDOR_NAMES.includes(v as never)).sort(),
  ];
  const height = TOP + lanes.length * LANE + 40;
  const from = Math.min(...placed.map((p) => p.ms));
  const to = Math.max(...placed.map((p) => p.ms));
  const parts: string[] = [];
  lanes.forEach((vendor, i) => {
    const y = TOP + i * LANE + LANE / 2;
    parts.push(`<text x="${LEFT - 8}" y="${y + 4}" text-anchor="end">${escapeHtml(vendor)}</text>`);
    parts.push(`<line x1="${LEFT}" y1="${y}" x2="${WIDTH - RIGHT}" y2="${y}" stroke="#ddd"/>`);
  });
  if (placed.length > 0) {
    const ticks = from === to ? [from] : [0, 0.25, 0.5, 0.75, 1].map((f) => from + f * (to - from));
    const axisY = TOP + lanes.length * LANE + 16;
    for (const t of ticks) {
      const label = new Date(t).toISOString().replace(/\.\d{3}Z$/, "Z");
      parts.push(
        `<text class="tick" x="${x(t, from, to).toFixed(1)}" y="${axisY}" text-anchor="middle">${label}</text>`,
      );
    }
  }
  for (const { row, ms } of placed) {
    const y = TOP + lanes.indexOf(row.vendor) * LANE + LANE / 2;
    const colour = OUTCOME_COLOURS[row.outcome] ?? OTHER_COLOUR;
    const tip = `${row.stack} ${row.resource}: ${row.outcome} at ${new Date(ms).toISOString()}`;
    parts.push(
      `<circle cx="${x(ms, from, to).toFixed(1)}" cy="${y}" r="6" fill="${colour}"><title>${escapeHtml(tip)}</title></circle>`,
    );
  }
  const legend = Object.entries(OUTCOME_COLOURS)
    .map(
      ([o, c], i) =>
        `<circle cx="${LEFT + i * 150}" cy="12" r="5" fill="${c}"/><text x="${LEFT + 10 + i * 150}" y="16">${o}</text>`,
    )
    .join("");
  const unplaced = rows.length - placed.length;
  const note = unplaced > 0 ? `<text x="${LEFT}" y="${height - 4}">${unplaced} without a time, not shown</text>` : "";
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="Cancellations per vendor over time" ` +
    `width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}">${legend}${parts.join("")}${note}</svg>`
  );
}
