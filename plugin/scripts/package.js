// `npm run package-plugin`: the release archives a user installs with `pulumi plugin install resource ragcancel
// <version>` (from a GitHub release, a --server URL, or a --file), named as the CLI fetches them:
// pulumi-resource-ragcancel-v<version>-<os>-<arch>.tar.gz. Each holds the launcher and the two bundles, as the CLI
// unpacks it into ~/.pulumi/plugins/resource-ragcancel-v<version>/: no PulumiPlugin.yaml and no package.json, so the
// CLI runs the launcher and nothing is installed on the user's machine (it needs Node.js 22+ on PATH). The bundles are
// JavaScript, the same for every platform; only the launcher differs (a .cmd on Windows).
//
//   node plugin/scripts/package.js [--out <dir>] [--platform <os>-<arch> | --platform current]...
//
// Default: every platform the CLI installs plugins for, into dist/release; it prints the archives' paths. Run `npm run build:plugin` first (the npm script
// does).
"use strict";
const { existsSync, mkdirSync, readFileSync, writeFileSync } = require("node:fs");
const { join, resolve } = require("node:path");
const { BUNDLES, OUT } = require("./bundle");
const { tarGz } = require("./tar");
const { checkPluginVersion } = require("./version");

const ROOT = join(__dirname, "..", "..");
const PLUGIN = join(ROOT, "plugin");

/** The platforms the Pulumi CLI installs plugins for (`<os>-<arch>` as in its plugin archive names). */
const PLATFORMS = ["linux-amd64", "linux-arm64", "darwin-amd64", "darwin-arm64", "windows-amd64", "windows-arm64"];

/** Pulumi's name for this machine's platform. */
function currentPlatform() {
  const os = { linux: "linux", darwin: "darwin", win32: "windows" }[process.platform];
  const arch = { x64: "amd64", arm64: "arm64" }[process.arch];
  if (!os || !arch) throw new Error(`no Pulumi plugin platform for ${process.platform}-${process.arch}`);
  return `${os}-${arch}`;
}

/** The archive's file name for `version` and `platform`. */
function archiveName(version, platform) {
  return `pulumi-resource-ragcancel-v${version}-${platform}.tar.gz`;
}

/** The archive's entries for `platform`: the launcher at the top, the bundles under bin/, the licence. */
function entriesFor(platform) {
  const windows = platform.startsWith("windows-");
  const launcher = windows
    ? {
        name: "pulumi-resource-ragcancel.cmd",
        // cmd.exe wants CRLF, whatever the checkout's line endings.
        data: Buffer.from(
          readFileSync(join(PLUGIN, "pulumi-resource-ragcancel.cmd"), "utf8").replace(/\r?\n/g, "\r\n"),
        ),
        mode: 0o755,
      }
    : { name: "pulumi-resource-ragcancel", data: readFileSync(join(PLUGIN, "pulumi-resource-ragcancel")), mode: 0o755 };
  return [
    launcher,
    { name: "bin/" },
    ...Object.values(BUNDLES).map((b) => ({ name: `bin/${b.file}`, data: readFileSync(join(OUT, b.file)) })),
    { name: "LICENSE", data: readFileSync(join(ROOT, "LICENSE")) },
  ];
}

/** Writes one archive per platform into `out`; returns their paths. */
function packagePlugin({ out = join(ROOT, "dist", "release"), platforms = PLATFORMS } = {}) {
  const version = checkPluginVersion();
  for (const b of Object.values(BUNDLES))
    if (!existsSync(join(OUT, b.file)))
      throw new Error(`${join(OUT, b.file)} is missing: run \`npm run build:plugin\``);
  // SOURCE_DATE_EPOCH, as reproducible builds set it; else a fixed time: the same inputs give the same bytes.
  const mtime = Number(process.env.SOURCE_DATE_EPOCH ?? 315532800);
  mkdirSync(out, { recursive: true });
  return platforms.map((platform) => {
    if (!PLATFORMS.includes(platform))
      throw new Error(`unknown platform ${platform}: expected one of ${PLATFORMS.join(", ")}`);
    const file = join(out, archiveName(version, platform));
    writeFileSync(file, tarGz(entriesFor(platform), mtime));
    return file;
  });
}

module.exports = { packagePlugin, archiveName, currentPlatform, PLATFORMS };

if (require.main === module) {
  const args = process.argv.slice(2);
  const valuesOf = (flag) => args.flatMap((a, i) => (a === flag && args[i + 1] ? [args[i + 1]] : []));
  try {
    const platforms = valuesOf("--platform").map((p) => (p === "current" ? currentPlatform() : p));
    const [out] = valuesOf("--out");
    const written = packagePlugin({
      ...(out ? { out: resolve(out) } : {}),
      ...(platforms.length ? { platforms } : {}),
    });
    for (const file of written) console.log(file);
  } catch (err) {
    console.error(`package-plugin: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  }
}
