/** The table on stdout: every figure beside its target, then the misses and the scenarios that crashed. */
import { formatNumber, type Figure } from "./figures";

const MARK = { pass: "ok", miss: "MISS", info: "" } as const;

function cell(f: Figure): string {
  if (f.value === null) return "n/a";
  return `${formatNumber(f.value)}${f.unit === "" ? "" : ` ${f.unit}`}`;
}

/** Formats the table (and the lists below it) as lines. */
export function table(figures: readonly Figure[], crashed: readonly string[]): string[] {
  const rows = figures.map((f) => [f.scenario, f.name, cell(f), f.target, MARK[f.verdict], f.note ?? ""]);
  const head = ["scenario", "figure", "value", "target", "", "how"];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]): string =>
    r
      .map((c, i) => (i === 2 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join("  ")
      .trimEnd();
  const out = [line(head), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)];
  const misses = figures.filter((f) => f.verdict === "miss");
  out.push("");
  out.push(
    misses.length === 0
      ? "every target met"
      : `${misses.length} target(s) missed: ${misses.map((f) => `${f.scenario}: ${f.name}`).join("; ")}`,
  );
  for (const c of crashed) out.push(`CRASHED: ${c}`);
  return out;
}
