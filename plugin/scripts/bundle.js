// Builds the plugin's two bundles with esbuild, straight from the TypeScript sources (no tsc needed, so the git route
// can build with esbuild alone): bin/ragcancel.js, everything the plugin runs except AWS's libraries, and
// bin/ragcancel-aws.js, those libraries, which the first bundle requires from beside itself on the first Bedrock
// request only. `node plugin/scripts/bundle.js` (npm run build:plugin) builds them with this checkout's packages.
"use strict";
const { join } = require("node:path");
const { checkPluginVersion } = require("./version");

const ROOT = join(__dirname, "..", "..");
const OUT = join(ROOT, "plugin", "bin");

/** The bundles, by file name under plugin/bin, and the source each is built from. */
const BUNDLES = {
  main: { file: "ragcancel.js", entry: join(ROOT, "plugin", "main.ts") },
  aws: { file: "ragcancel-aws.js", entry: join(ROOT, "provider", "vendors", "aws-libraries.ts") },
};

/** The oldest Node the bundles are built for; the main bundle's first statement refuses anything older. */
const NODE_MAJOR = 22;

// The first thing the bundle runs: an older Node gets one line naming what is needed (the engine shows a hidden
// plugin's output when it fails to start, so the line is all the user sees). It stays plain ES5 so that any Node parses it,
// and starts with the bundle's "use strict", which must be the file's first statement to apply.
const NODE_CHECK = [
  '"use strict";',
  `if (Number(process.versions.node.split(".")[0]) < ${NODE_MAJOR}) {`,
  `  process.stderr.write("pulumi-resource-ragcancel: needs Node.js ${NODE_MAJOR} or later on PATH; the node found (" + process.execPath + ") is " + process.version + "\\n");`,
  "  process.exit(1);",
  "}",
].join("\n");

/**
 * An esbuild plugin: the lazy `require("./aws-libraries")` of aws-config.ts becomes a require of the sibling
 * bundle, resolved by Node next to bin/ragcancel.js at run time, so AWS's code is neither in the main bundle nor
 * read when no Bedrock resource is used.
 */
const awsApart = {
  name: "aws-libraries-apart",
  setup(build) {
    build.onResolve({ filter: /^\.\/aws-libraries$/ }, () => ({ path: `./${BUNDLES.aws.file}`, external: true }));
  },
};

/**
 * Builds both bundles into plugin/bin. `esbuild` and `nodePaths` let the git route (plugin/install.js) build with
 * packages installed outside the repository; a checkout passes neither. Returns esbuild's metafiles.
 */
async function buildBundles({ esbuild = require("esbuild"), nodePaths = [] } = {}) {
  const common = {
    bundle: true,
    platform: "node",
    target: `node${NODE_MAJOR}`,
    format: "cjs",
    absWorkingDir: ROOT,
    nodePaths,
    metafile: true,
    logLevel: "warning",
    // Whitespace and syntax only: Node parses less, and stack traces keep the functions' own names.
    minifyWhitespace: true,
    minifySyntax: true,
  };
  // The one version (plugin/scripts/version.js): a plugin/package.json that says another fails the build.
  const version = checkPluginVersion();
  const main = await esbuild.build({
    ...common,
    entryPoints: [BUNDLES.main.entry],
    outfile: join(OUT, BUNDLES.main.file),
    plugins: [awsApart],
    define: { RAGCANCEL_BUILD_VERSION: JSON.stringify(version) },
    banner: { js: NODE_CHECK },
  });
  const aws = await esbuild.build({
    ...common,
    entryPoints: [BUNDLES.aws.entry],
    outfile: join(OUT, BUNDLES.aws.file),
  });
  return { main: main.metafile, aws: aws.metafile };
}

module.exports = { buildBundles, BUNDLES, NODE_MAJOR, OUT };

if (require.main === module) {
  buildBundles().catch((err) => {
    console.error(`plugin bundle: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  });
}
