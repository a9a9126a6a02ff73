/**
 * A jest reporter that prints each test file's wall time, slowest first, after the run, so a slow-down shows in every
 * `npm test` and CI log the day it lands. Plain CommonJS: jest loads reporters untransformed, before any compile.
 * `FILE_TIMES_JSON=<file>` also writes the figures as JSON (the bench and the closing notes read them).
 */
const { writeFileSync } = require("node:fs");
const { relative } = require("node:path");

class FileTimesReporter {
  /** @param {{ rootDir: string }} globalConfig */
  constructor(globalConfig) {
    this.rootDir = globalConfig.rootDir;
    /** @type {{ file: string; seconds: number; passed: number; failed: number; skipped: number }[]} */
    this.files = [];
  }

  /**
   * @param {{ path: string }} test
   * @param {{ perfStats: { start: number; end: number }; numPassingTests: number; numFailingTests: number; numPendingTests: number; numTodoTests: number }} result
   */
  onTestResult(test, result) {
    this.files.push({
      file: relative(this.rootDir, test.path),
      seconds: (result.perfStats.end - result.perfStats.start) / 1000,
      passed: result.numPassingTests,
      failed: result.numFailingTests,
      skipped: result.numPendingTests + result.numTodoTests,
    });
  }

  /** @param {unknown} _contexts @param {{ startTime: number }} results */
  onRunComplete(_contexts, results) {
    const rows = [...this.files].sort((a, b) => b.seconds - a.seconds);
    const width = Math.max(4, ...rows.map((r) => r.file.length));
    const line = (/** @type {string} */ file, /** @type {string} */ s, /** @type {string} */ counts) =>
      `${file.padEnd(width)}  ${s.padStart(8)}  ${counts}`;
    const out = [
      "",
      "Time per test file (wall seconds, slowest first; files run in parallel, so they add up to more than the run):",
      line("file", "seconds", "passed/failed/skipped"),
      ...rows.map((r) => line(r.file, r.seconds.toFixed(1), `${r.passed}/${r.failed}/${r.skipped}`)),
      line("sum of files", rows.reduce((t, r) => t + r.seconds, 0).toFixed(1), ""),
      line("whole run", ((Date.now() - results.startTime) / 1000).toFixed(1), ""),
      "",
    ];
    process.stdout.write(out.join("\n"));
    const json = process.env.FILE_TIMES_JSON;
    if (json) writeFileSync(json, JSON.stringify(rows, null, 2) + "\n");
  }
}

module.exports = FileTimesReporter;
