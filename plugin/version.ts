/**
 * The plugin's version, from the one source: the root package.json's `version`. The bundler writes it into the
 * bundle (a release holds no package.json); compiled by tsc (tests that load the server), the file reads package.json.
 * @internal
 * @packageDocumentation
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";

/** Replaced by the bundler (esbuild `define`, plugin/scripts/bundle.js) with the package's version; absent under tsc. */
declare const RAGCANCEL_BUILD_VERSION: string | undefined;

/** The version GetPluginInfo and the schema report. */
export function pluginVersion(): string {
  if (typeof RAGCANCEL_BUILD_VERSION === "string") return RAGCANCEL_BUILD_VERSION;
  // Two levels up when compiled to dist/plugin, one from source.
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { name?: string; version?: string };
      if (pkg.name === "pulumi-rag-cancel" && pkg.version) return pkg.version;
    } catch {
      // not here: look one level up
    }
  }
  throw new Error("ragcancel: no version: neither built into the bundle nor in a pulumi-rag-cancel package.json above");
}
