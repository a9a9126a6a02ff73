// Runs when the plugin directory's dependencies are installed: by the Pulumi CLI, which runs `npm install` in a
// plugin added from a local path or a git reference (`pulumi package add`), or by hand. The plugin runs the
// package's compiled runtime (../dist), which a git checkout does not hold: install the package and build it once.
"use strict";
const { execFileSync } = require("node:child_process");
const { existsSync } = require("node:fs");
const { join } = require("node:path");

const root = join(__dirname, "..");
if (!existsSync(join(root, "dist", "plugin", "main.js"))) {
  // npm runs this script with npm_execpath set to its own CLI: use the same npm, not whichever is first on PATH.
  const npm = (...args) =>
    process.env.npm_execpath
      ? execFileSync(process.execPath, [process.env.npm_execpath, ...args], { cwd: root, stdio: "inherit" })
      : execFileSync("npm", args, { cwd: root, stdio: "inherit", shell: process.platform === "win32" });
  if (!existsSync(join(root, "node_modules", "@pulumi", "pulumi"))) npm("ci", "--no-audit", "--no-fund");
  npm("run", "build");
}
