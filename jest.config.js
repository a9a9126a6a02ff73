/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  transform: { "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.json" }] },
  testMatch: ["<rootDir>/test/**/*.test.ts"],
  modulePathIgnorePatterns: ["<rootDir>/dist/", "<rootDir>/dist-test/", "<rootDir>/examples/.*/node_modules/"],
  // v8 coverage leaves serialized closures untouched; istanbul's counters would be captured into __provider.
  coverageProvider: "v8",
  collectCoverageFrom: ["provider/**/*.ts", "sdk/**/*.ts"],
  testTimeout: 60000,
  // Each file's time, slowest first, at the end of every run (test/support/file-times-reporter.js).
  reporters: ["default", "<rootDir>/test/support/file-times-reporter.js"],
};
