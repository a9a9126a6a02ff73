// Builds the plugin's bundles (bin/ragcancel.js, bin/ragcancel-aws.js) where a folder holds the sources but not the
// bundles: a git reference (`pulumi package add <repository>/plugin@v<version>`, where the CLI clones the repository
// and runs `npm install` here) or a local path. npm runs it as this folder's install script, after installing
// package.json's dependencies into plugin/node_modules: what the plugin runs, and esbuild; no devDependency of the
// repository, no TypeScript, no root `npm ci`. Under `--ignore-scripts` npm skips it: the launcher
// (pulumi-resource-ragcancel) then runs it on its first start instead. Everything it prints goes to stderr: when the
// launcher runs it, stdout is the engine's channel for the port. Nothing happens when both bundles are there.
"use strict";
const { existsSync } = require("node:fs");
const { join } = require("node:path");
const { buildBundles, BUNDLES, OUT } = require("./scripts/bundle.js");

function fail(message) {
  process.stderr.write(`pulumi-resource-ragcancel: ${message}\n`);
  process.exit(1);
}

if (!Object.values(BUNDLES).every((b) => existsSync(join(OUT, b.file)))) {
  let esbuild;
  try {
    // This folder's node_modules first (the git route), else the repository's (a checkout).
    esbuild = require(require.resolve("esbuild", { paths: [__dirname] }));
  } catch {
    fail(
      `${join(OUT, BUNDLES.main.file)} is missing and esbuild is not installed to build it: run \`npm install\` in ${__dirname}`,
    );
  }
  buildBundles({ esbuild, nodePaths: [join(__dirname, "node_modules")] }).then(
    () => {
      process.stderr.write(`pulumi-resource-ragcancel: built ${OUT}\n`);
    },
    (err) => {
      fail(`could not build the plugin: ${err instanceof Error ? err.message : String(err)}`);
    },
  );
}
