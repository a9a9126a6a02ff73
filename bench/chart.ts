/**
 * `bench/chart.svg`, written by hand: wall time (left axis) and the host's peak RSS (right axis) against the number
 * of cancellations (logarithmic axis, since the sizes grow tenfold).
 */
import { formatNumber } from "./figures";
import type { ScalePoint } from "./scale";

const W = 640;
const H = 400;
const M = { left: 70, right: 70, top: 40, bottom: 60 };
const WALL = "#1f77b4";
const RSS = "#d62728";

function niceCeiling(v: number): number {
  if (v <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  const step = [1, 2, 2.5, 5, 10].find((s) => s * p >= v) ?? 10;
  return step * p;
}

function esc(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function text(x: number, y: number, s: string, attrs = ""): string {
  return `<text x="${x.toFixed(1)}" y="${y.toFixed(1)}" ${attrs}>${esc(s)}</text>`;
}

function series(points: [number, number][], colour: string, marker: "circle" | "square"): string {
  const line = points.map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`).join(" ");
  const marks = points.map(([x, y]) =>
    marker === "circle"
      ? `<circle cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" r="4" fill="${colour}"/>`
      : `<rect x="${(x - 4).toFixed(1)}" y="${(y - 4).toFixed(1)}" width="8" height="8" fill="${colour}"/>`,
  );
  return [`<polyline points="${line}" fill="none" stroke="${colour}" stroke-width="2"/>`, ...marks].join("\n");
}

/** The SVG document for the scale points (sizes ascending); `title` goes above the plot. */
export function scaleChart(points: readonly ScalePoint[], title: string): string {
  const plotW = W - M.left - M.right;
  const plotH = H - M.top - M.bottom;
  const sizes = points.map((p) => p.cancellations);
  const lo = Math.log10(Math.min(...sizes));
  const hi = Math.log10(Math.max(...sizes));
  const xOf = (n: number): number => M.left + (hi === lo ? plotW / 2 : ((Math.log10(n) - lo) / (hi - lo)) * plotW);
  const wallMax = niceCeiling(Math.max(...points.map((p) => p.wallMs / 1000)));
  const rssMax = niceCeiling(Math.max(...points.map((p) => p.rssMb ?? 0)));
  const yOf = (v: number, max: number): number => M.top + plotH - (v / max) * plotH;

  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    text(W / 2, 22, title, 'text-anchor="middle" font-size="14"'),
    `<rect x="${M.left}" y="${M.top}" width="${plotW}" height="${plotH}" fill="none" stroke="#999"/>`,
  ];
  for (let i = 0; i <= 5; i++) {
    const y = M.top + plotH - (i / 5) * plotH;
    parts.push(`<line x1="${M.left}" x2="${M.left + plotW}" y1="${y}" y2="${y}" stroke="#eee"/>`);
    parts.push(text(M.left - 8, y + 4, formatNumber((wallMax * i) / 5), `text-anchor="end" fill="${WALL}"`));
    parts.push(text(M.left + plotW + 8, y + 4, formatNumber((rssMax * i) / 5), `fill="${RSS}"`));
  }
  for (const n of sizes) {
    const x = xOf(n);
    parts.push(`<line x1="${x}" x2="${x}" y1="${M.top + plotH}" y2="${M.top + plotH + 5}" stroke="#999"/>`);
    parts.push(text(x, M.top + plotH + 20, n.toLocaleString("en-US"), 'text-anchor="middle"'));
  }
  parts.push(text(M.left + plotW / 2, H - 18, "cancellations in one up (log scale)", 'text-anchor="middle"'));
  const midY = M.top + plotH / 2;
  parts.push(text(18, midY, "wall time (s)", `text-anchor="middle" fill="${WALL}" transform="rotate(-90 18 ${midY})"`));
  const rx = W - 18;
  parts.push(
    text(rx, midY, "host peak RSS (MB)", `text-anchor="middle" fill="${RSS}" transform="rotate(90 ${rx} ${midY})"`),
  );
  parts.push(
    series(
      points.map((p) => [xOf(p.cancellations), yOf(p.wallMs / 1000, wallMax)]),
      WALL,
      "circle",
    ),
  );
  const withRss = points.filter((p) => p.rssMb !== null);
  parts.push(
    series(
      withRss.map((p) => [xOf(p.cancellations), yOf(p.rssMb ?? 0, rssMax)]),
      RSS,
      "square",
    ),
  );
  parts.push(`<circle cx="${M.left + 16}" cy="${M.top + 16}" r="4" fill="${WALL}"/>`);
  parts.push(text(M.left + 26, M.top + 20, "wall time"));
  parts.push(`<rect x="${M.left + 12}" y="${M.top + 30}" width="8" height="8" fill="${RSS}"/>`);
  parts.push(text(M.left + 26, M.top + 38, "host peak RSS"));
  parts.push("</svg>", "");
  return parts.join("\n");
}
