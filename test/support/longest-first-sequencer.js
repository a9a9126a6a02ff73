/**
 * Runs the slowest test files first, so that no worker is left with a long file at the end of the run (longest
 * processing time first: the classic greedy for the shortest makespan). Jest does this by itself only from its own
 * cache of earlier runs, which a fresh clone (CI, a new contributor) does not have; there it falls back to file size,
 * which here puts the 2-minute files late. The times come from `test/support/file-times.json`, written by the
 * file-times reporter (`npm run test:times`); a file not listed there yet is taken as slow, so a new suite starts early.
 */
const { readFileSync } = require("node:fs");
const { join, relative } = require("node:path");
const Sequencer = require("@jest/test-sequencer").default;

/** @returns {Map<string, number>} seconds by path relative to the repository root */
function knownTimes() {
  try {
    /** @type {{ file: string; seconds: number }[]} */
    const rows = JSON.parse(readFileSync(join(__dirname, "file-times.json"), "utf8"));
    return new Map(rows.map((r) => [r.file, r.seconds]));
  } catch {
    return new Map();
  }
}

class LongestFirstSequencer extends Sequencer {
  /** @param {import("@jest/test-result").Test[]} tests */
  sort(tests) {
    const times = knownTimes();
    const unknown = Math.max(0, ...times.values());
    /** @param {import("@jest/test-result").Test} t */
    const seconds = (t) => times.get(relative(t.context.config.rootDir, t.path)) ?? unknown;
    /** @param {import("@jest/test-result").Test} t */
    const failed = (t) => (this.hasFailed(t) ? 1 : 0);
    // Files that failed last time first (feedback soonest), then slowest first.
    return [...tests].sort((a, b) => failed(b) - failed(a) || seconds(b) - seconds(a) || (a.path < b.path ? -1 : 1));
  }
}

module.exports = LongestFirstSequencer;
