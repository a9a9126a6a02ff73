/**
 * A measured figure beside its target, and the verdict. Every scenario returns these; the table, the results file
 * and the exit code are built from them.
 */

/** `pass`/`miss` against a target; `info` for figures printed for context only. */
export type Verdict = "pass" | "miss" | "info";

/** One line of the table. */
export interface Figure {
  /** The scenario, e.g. "3 overhead". */
  scenario: string;
  /** What was measured. */
  name: string;
  /** The figure; null when it could not be measured. */
  value: number | null;
  unit: string;
  /** The target as printed, e.g. "≤ 1024 B"; empty for context figures. */
  target: string;
  verdict: Verdict;
  /** How the figure was obtained, when the name does not say. */
  note?: string;
}

/** How a figure is compared with its target. */
export type Comparison = "<=" | ">=" | "=";

/** A figure judged against `limit`; a missing value misses. */
export function judged(
  scenario: string,
  name: string,
  value: number | null,
  unit: string,
  comparison: Comparison,
  limit: number,
  note?: string,
): Figure {
  const ok =
    value !== null &&
    (comparison === "<=" ? value <= limit : comparison === ">=" ? value >= limit : Math.abs(value - limit) < 1e-9);
  const shown = comparison === "=" ? "=" : comparison === "<=" ? "≤" : "≥";
  return {
    scenario,
    name,
    value,
    unit,
    target: `${shown} ${formatNumber(limit)}${unit === "" ? "" : ` ${unit}`}`,
    verdict: ok ? "pass" : "miss",
    ...(note === undefined ? {} : { note }),
  };
}

/** A context figure, printed without a target. */
export function info(scenario: string, name: string, value: number | null, unit: string, note?: string): Figure {
  return { scenario, name, value, unit, target: "", verdict: "info", ...(note === undefined ? {} : { note }) };
}

/** Numbers as the table prints them: integers plain, others with at most two decimals. */
export function formatNumber(n: number): string {
  if (Number.isInteger(n)) return String(n);
  const abs = Math.abs(n);
  return n.toFixed(abs >= 100 ? 0 : abs >= 10 ? 1 : 2);
}
