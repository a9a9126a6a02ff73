import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Emulator } from "../emulator";
import { Engine, installRelease, packageRelease, programFromModule, routeOf } from "./harness";
import { PLUGIN } from "./front-doors";
import { CANARY, emulator, PACKAGE_VERSION, REPO, stack, VENDOR_ENV } from "./setup";
import { byVendor, everyVendorProgram, outputsByVendor } from "./suites/every-vendor";
import { DRIVERS } from "./vendors";
import { VENDOR_NAMES } from "../../provider/model";

interface PackEntry {
  filename: string;
  files: { path: string }[];
}

const pulumiVersion = (
  JSON.parse(readFileSync(join(REPO, "node_modules/@pulumi/pulumi/package.json"), "utf8")) as { version: string }
).version;

let emu: Emulator;
beforeAll(async () => {
  emu = await emulator();
});
afterAll(async () => {
  await emu.close();
});

describe("the packed package, installed into a fresh project outside the repository", () => {
  it("ships only the runtime, the SDK and the audit command, installs, and runs a program through the provider host", async () => {
    const out = mkdtempSync(join(tmpdir(), "ragcancel-pack-"));
    // dist/ is fresh: `npm test` builds before jest runs.
    const packed = JSON.parse(
      execFileSync("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", out], {
        cwd: REPO,
        encoding: "utf8",
      }),
    ) as PackEntry[];
    const files = packed[0]!.files.map((f) => f.path);
    expect(files).toContain("dist/provider/index.js");
    expect(files).toContain("dist/sdk/index.d.ts");
    expect(files).toContain("dist/audit/cli.js");
    expect(
      files.filter(
        (f) => !/^(dist\/(sdk|provider|audit)\/|README\.md$|CHANGELOG\.md$|LICENSE$|package\.json$)/.test(f),
      ),
    ).toEqual([]);
    expect(files).toEqual(expect.arrayContaining(["README.md", "CHANGELOG.md", "LICENSE", "package.json"]));
    expect(files.filter((f) => f.endsWith(".map"))).toEqual([]);

    const project = mkdtempSync(join(tmpdir(), "ragcancel-user-"));
    writeFileSync(
      join(project, "package.json"),
      JSON.stringify({
        name: "fresh",
        private: true,
        dependencies: {
          "pulumi-rag-cancel": `file:${join(out, packed[0]!.filename)}`,
          "@pulumi/pulumi": pulumiVersion,
        },
      }),
    );
    writeFileSync(
      join(project, "index.js"),
      [
        'const pulumi = require("@pulumi/pulumi");',
        'const { digitalocean } = require("pulumi-rag-cancel");',
        "const config = new pulumi.Config();",
        'const stop = new digitalocean.IndexingJobCancellation("stop", { jobUuid: config.require("jobUuid"), reason: "packaging" });',
        "exports.outcome = stop.outcome;",
        "exports.phase = stop.phase;",
      ].join("\n"),
    );
    execFileSync("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--ignore-scripts"], {
      cwd: project,
      stdio: "ignore",
    });

    // Every example type-checks against the installed package, as a user's copy would.
    // The TypeScript examples (yaml/ and python/ use the plugin, through the SDKs `pulumi package add` generates).
    for (const example of readdirSync(join(REPO, "examples")).filter((e) =>
      existsSync(join(REPO, "examples", e, "index.ts")),
    )) {
      copyFileSync(join(REPO, "examples", example, "index.ts"), join(project, `example-${example}.ts`));
    }
    const tsc = join(REPO, "node_modules/typescript/bin/tsc");
    const examples = readdirSync(project).filter((f) => f.startsWith("example-"));
    // One example per vendor, and the multi-vendor demo.
    expect(examples.sort()).toEqual([...VENDOR_NAMES, "multi-vendor"].map((e) => `example-${e}.ts`).sort());
    const compilerOptions = {
      strict: true,
      noEmit: true,
      module: "commonjs",
      target: "es2022",
      skipLibCheck: true,
      types: [],
    };
    writeFileSync(join(project, "tsconfig.json"), JSON.stringify({ compilerOptions, files: examples }));
    try {
      execFileSync(process.execPath, [tsc, "-p", project], { cwd: project, encoding: "utf8" });
    } catch (e) {
      throw new Error(
        `the examples do not type-check against the packed package:\n${String((e as { stdout?: string }).stdout)}`,
        { cause: e },
      );
    }

    const job = emu.digitalocean.seedJob({});
    const engine = new Engine({
      projectDir: project,
      project: "fresh",
      stack: "dev",
      stateFile: join(project, "state.json"),
      config: { "fresh:jobUuid": job.uuid, "ragcancel:digitaloceanApiUrl": emu.endpoints.digitalocean },
      secretConfig: { "ragcancel:digitaloceanToken": CANARY.doToken },
      env: VENDOR_ENV,
    });
    const up = await engine.up(programFromModule(join(project, "index.js")));
    expect(up.errors).toEqual([]);
    expect(up.outputs).toEqual({ outcome: "cancelled", phase: "cancelled" });

    const [resource] = engine.state().resources;
    const shim = resource?.inputs.__provider;
    expect(typeof shim).toBe("string");
    expect((shim as string).length).toBeLessThan(1024);
    expect(shim).toBe('exports.handler = () => require("pulumi-rag-cancel/provider").providers["digitalocean"];\n');
    expect(resource?.outputs.__provider).toBe(shim);

    // The package's command, as npm installed it (bin link, shebang, dist/audit in the tarball), over the export.
    const csv = execFileSync(
      join(project, "node_modules", ".bin", "ragcancel"),
      ["audit", "state.json", "--format", "csv"],
      {
        cwd: project,
        encoding: "utf8",
      },
    );
    expect(csv.split("\r\n")[1]).toMatch(/^fresh\/dev,[^,]+,dynamic,digitalocean,[^,]+,running → cancelled,cancelled,/);
  }, 180_000);
});

describe("the plugin's release archive, installed into the CLI's plugin cache", () => {
  it("one version: plugin/package.json repeats package.json's; it depends on every runtime dependency, same range", () => {
    const read = (f: string) =>
      JSON.parse(readFileSync(join(REPO, f), "utf8")) as { version: string; dependencies: Record<string, string> };
    const root = read("package.json");
    const plugin = read("plugin/package.json");
    expect(plugin.version).toBe(root.version);
    // The git route installs plugin/package.json alone and bundles provider/ from it: a runtime dependency missing
    // here fails the plugin's first start on the user's machine, not any test that runs from the checkout.
    expect(Object.fromEntries(Object.keys(root.dependencies).map((k) => [k, plugin.dependencies[k]]))).toEqual(
      root.dependencies,
    );
  });

  it("AWS's libraries stay out of the runtime's start: the main bundle holds none, and dist/ loads none until Bedrock", () => {
    // A static import of one of them anywhere in provider/ would put it in the main bundle and in every host's start.
    const main = readFileSync(join(REPO, "plugin", "bin", "ragcancel.js"), "utf8");
    expect(main.match(/@smithy\/[a-z-]+|@aws-sdk\/[a-z-]+|@aws-crypto\/[a-z0-9-]+/g) ?? []).toEqual([]);
    const loaded = execFileSync(
      process.execPath,
      [
        "-e",
        `require(${JSON.stringify(join(REPO, "dist", "provider"))});` +
          "console.log(JSON.stringify(Object.keys(require.cache).filter((k) => /@smithy|@aws-sdk|@aws-crypto/.test(k))))",
      ],
      { encoding: "utf8" },
    );
    expect(JSON.parse(loaded)).toEqual([]);
  });

  it("holds the launcher and the bundles, named by the one version, and cancels every vendor's job with no node_modules", async () => {
    const out = mkdtempSync(join(tmpdir(), "ragcancel-release-"));
    // plugin/bin is fresh: `npm test` builds before jest runs.
    const archive = packageRelease(REPO, out);
    expect(archive).toMatch(
      new RegExp(
        `/pulumi-resource-ragcancel-v${PACKAGE_VERSION.replace(/\./g, "\\.")}-(linux|darwin|windows)-(amd64|arm64)\\.tar\\.gz$`,
      ),
    );
    const listed = execFileSync("tar", ["-tzf", archive], { encoding: "utf8" }).trim().split("\n").sort();
    // No PulumiPlugin.yaml, no package.json: the CLI runs the launcher and installs nothing.
    expect(listed).toEqual([
      "LICENSE",
      "bin/",
      "bin/ragcancel-aws.js",
      "bin/ragcancel.js",
      "pulumi-resource-ragcancel",
    ]);

    const pulumiHome = mkdtempSync(join(tmpdir(), "ragcancel-pulumi-home-"));
    const dir = installRelease(archive, pulumiHome, PACKAGE_VERSION);
    expect(dir).toBe(join(pulumiHome, "plugins", `resource-ragcancel-v${PACKAGE_VERSION}`));
    // Nothing resolves from there: the bundles carry every module they load.
    expect(() => require.resolve("@grpc/grpc-js", { paths: [dir] })).toThrow();

    const s = stack(emu, { plugin: routeOf(dir) });
    const drivers = DRIVERS.map(PLUGIN.driver);
    emu.clearRequests();
    const jobs = byVendor(drivers, (d) => d.seed(emu));
    const up = await s.engine.up(everyVendorProgram(drivers, (d) => d.jobArgs(jobs[d.vendor]!)));
    expect(up.errors).toEqual([]);
    expect(outputsByVendor(up, drivers)).toMatchObject(byVendor(drivers, () => ({ outcome: "cancelled" })));
    expect(byVendor(drivers, (d) => d.cancels(emu).length)).toEqual(byVendor(drivers, () => 1));
  }, 120_000);
});
