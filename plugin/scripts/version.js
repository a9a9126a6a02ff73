// The plugin's one version: the root package.json's `version`. The bundler builds it into the bundle (GetPluginInfo
// and the schema report it), the release is named by it, and plugin/package.json must repeat it (npm reads that file
// in the git route). `npm version <new>` runs `node plugin/scripts/version.js --write` (the root's `version`
// script), which copies the new version into plugin/package.json before npm commits; the build refuses a mismatch.
"use strict";
const { readFileSync, writeFileSync } = require("node:fs");
const { join } = require("node:path");

const ROOT = join(__dirname, "..", "..");
const PLUGIN_PACKAGE = join(ROOT, "plugin", "package.json");

/** A semantic version, as Pulumi's plugin names need it (`resource-ragcancel-v<version>`). */
const SEMVER = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;

/** The root package.json's version. */
function packageVersion() {
  const { version } = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
  if (typeof version !== "string" || !SEMVER.test(version))
    throw new Error(`package.json: version ${JSON.stringify(version)} is not a semantic version`);
  return version;
}

/** Throws unless plugin/package.json says the root's version. */
function checkPluginVersion() {
  const version = packageVersion();
  const plugin = JSON.parse(readFileSync(PLUGIN_PACKAGE, "utf8")).version;
  if (plugin !== version)
    throw new Error(
      `plugin/package.json says version ${JSON.stringify(plugin)}, package.json ${version}: run \`node plugin/scripts/version.js --write\``,
    );
  return version;
}

/** Copies the root's version into plugin/package.json, keeping the rest of the file as it is. */
function writePluginVersion() {
  const version = packageVersion();
  const text = readFileSync(PLUGIN_PACKAGE, "utf8");
  writeFileSync(PLUGIN_PACKAGE, text.replace(/("version":\s*)"[^"]*"/, `$1${JSON.stringify(version)}`));
  return version;
}

module.exports = { packageVersion, checkPluginVersion, writePluginVersion };

if (require.main === module) {
  try {
    console.log(process.argv.includes("--write") ? writePluginVersion() : checkPluginVersion());
  } catch (err) {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  }
}
