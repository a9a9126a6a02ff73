const { availableParallelism } = require("node:os");

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  transform: { "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.json" }] },
  testMatch: ["<rootDir>/test/**/*.test.ts"],
  modulePathIgnorePatterns: ["<rootDir>/dist/", "<rootDir>/dist-test/", "<rootDir>/examples/.*/node_modules/"],
  // v8 coverage leaves serialized closures untouched; istanbul's counters would be captured into __provider.
  coverageProvider: "v8",
  collectCoverageFrom: ["provider/**/*.ts", "sdk/**/*.ts", "audit/**/*.ts"],
  testTimeout: 60000,
  // One worker more than cores: the engine files wait on hosts starting and on emulated vendors much of the time.
  // On this project's 2-core machines 3 workers measured 268 s against 381 s for 2 (README, "Tests").
  maxWorkers: availableParallelism() + 1,
  // Each file's time, slowest first, at the end of every run (test/support/file-times-reporter.js).
  reporters: ["default", "<rootDir>/test/support/file-times-reporter.js"],
  // Slowest files first, from test/support/file-times.json, on a fresh clone too (test/support/longest-first-sequencer.js).
  testSequencer: "<rootDir>/test/support/longest-first-sequencer.js",
};
