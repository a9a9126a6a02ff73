/** `bench/results.json`: the figures with their targets and verdicts, and the machine they were measured on. */
import { readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg, totalmem } from "node:os";
import { join } from "node:path";
import { ROOT } from "./bench-env";
import type { Figure } from "./figures";
import type { BenchOptions } from "./options";

/** Where this machine and toolchain stand. */
export interface MachineFacts {
  cpus: number;
  cpuModel: string;
  memoryGb: number;
  platform: string;
  node: string;
  /** 1-minute load average when the results were written: other work on the machine skews every timing. */
  loadAverage: number;
  packages: Record<string, string>;
}

function versionOf(dir: string): string {
  const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { version?: unknown };
  return typeof pkg.version === "string" ? pkg.version : "?";
}

/** CPU count, Node version and the versions of the packages that shape the figures. */
export function machineFacts(): MachineFacts {
  const packages: Record<string, string> = { "pulumi-rag-cancel": versionOf(ROOT) };
  for (const name of ["@pulumi/pulumi", "undici", "zod"]) packages[name] = versionOf(join(ROOT, "node_modules", name));
  return {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? "?",
    memoryGb: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    platform: `${process.platform} ${process.arch}`,
    node: process.version,
    loadAverage: Math.round((loadavg()[0] ?? 0) * 100) / 100,
    packages,
  };
}

/** Writes the results file and returns its path. */
export function writeResults(
  dir: string,
  run: { options: BenchOptions; startedAt: string; durationS: number; figures: Figure[]; crashed: string[] },
): string {
  const path = join(dir, "results.json");
  const doc = {
    ...run,
    machine: machineFacts(),
    misses: run.figures.filter((f) => f.verdict === "miss").map((f) => `${f.scenario}: ${f.name}`),
  };
  writeFileSync(path, `${JSON.stringify(doc, null, 2)}\n`);
  return path;
}
