/**
 * The install path a user takes with a git reference (`pulumi package add <repo>/plugin@v<version>`): the CLI clones
 * the repository and runs `npm install` in the plugin's directory, then, finding pulumi-resource-ragcancel there,
 * executes it. Here: a clone of this repository's HEAD, `npm install` in its plugin directory with npm's strictest
 * settings a user may have (`omit=dev`, `ignore-scripts`), so the launcher builds the bundle on its first start;
 * then `npm install` with scripts, so install.js builds it. Only plugin/package.json's dependencies are installed: no
 * root `npm ci`, no devDependency. The local-path install is the rest of the engine suites (this checkout's own
 * plugin directory); the release archive is packaging.test.ts.
 * Set RAGCANCEL_SKIP_INSTALL_TEST=1 to skip it (CI runs it once, on Node 22).
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, dirname, join } from "node:path";
import type { Emulator } from "../emulator";
import { PLUGIN } from "./front-doors";
import { routeOf } from "./harness";
import { startPlugin } from "./harness/provider-plugin";
import { emulator, PACKAGE_VERSION, REPO, stack, VENDOR_ENV, vendorConfig } from "./setup";
import { byVendor, everyVendorProgram, outputsByVendor } from "./suites/every-vendor";
import { DRIVERS } from "./vendors";

const run = process.env.RAGCANCEL_SKIP_INSTALL_TEST === "1" ? describe.skip : describe;

/** npm as the CLI runs it, on this Node (the engine runs plugins with the `node` first on PATH). */
function npmInstall(cwd: string, ...flags: string[]): void {
  const env = { ...process.env, PATH: `${dirname(process.execPath)}${delimiter}${process.env.PATH ?? ""}` };
  execFileSync("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", ...flags], {
    cwd,
    env,
    stdio: "ignore",
  });
}

run("the plugin installed from a git reference", () => {
  let emu: Emulator;
  let clone: string;
  let pluginDir: string;
  beforeAll(async () => {
    emu = await emulator();
    clone = join(mkdtempSync(join(tmpdir(), "ragcancel-gitref-")), "repo");
    execFileSync("git", ["clone", "--quiet", "--depth", "1", `file://${REPO}`, clone]);
    pluginDir = join(clone, "plugin");
    npmInstall(pluginDir, "--omit=dev", "--ignore-scripts");
  }, 300_000);
  afterAll(async () => {
    await emu.close();
    rmSync(dirname(clone), { recursive: true, force: true });
  });

  it("installs only what the plugin runs, in the plugin's folder", () => {
    expect(existsSync(join(clone, "node_modules"))).toBe(false);
    const installed = readdirSync(join(pluginDir, "node_modules"));
    expect(installed).toEqual(expect.arrayContaining(["@pulumi", "@grpc", "zod", "undici", "esbuild"]));
    // The repository's devDependencies: none is needed to build or run the plugin.
    for (const dev of ["typescript", "jest", "ts-jest", "eslint", "typedoc", "prettier", "node"])
      expect([dev, installed.includes(dev)]).toEqual([dev, false]);
    // ignore-scripts: npm did not run install.js.
    expect(existsSync(join(pluginDir, "bin"))).toBe(false);
  });

  it("the launcher builds the bundle on its first start and reports the one version", async () => {
    const c = vendorConfig(emu);
    const p = await startPlugin({
      plugin: routeOf(pluginDir),
      projectDir: REPO,
      project: "ragcancel-test",
      stack: "dev",
      config: c.config ?? {},
      secretConfig: c.secretConfig ?? {},
      env: VENDOR_ENV,
    });
    try {
      expect(p.host.hiddenLog.join("\n")).toContain(`built ${join(pluginDir, "bin")}`);
      expect(p.version).toBe(PACKAGE_VERSION);
      expect(((await p.raw.getSchema()) as { version: string }).version).toBe(PACKAGE_VERSION);
    } finally {
      await p.close();
    }
  });

  it("every vendor: cancels a job through the installed plugin", async () => {
    const s = stack(emu, { plugin: routeOf(pluginDir) });
    const drivers = DRIVERS.map(PLUGIN.driver);
    const jobs = byVendor(drivers, (d) => d.seed(emu));
    const up = await s.engine.up(everyVendorProgram(drivers, (d) => d.jobArgs(jobs[d.vendor]!)));
    expect(up.errors).toEqual([]);
    expect(outputsByVendor(up, drivers)).toMatchObject(byVendor(drivers, () => ({ outcome: "cancelled" })));
    expect(byVendor(drivers, (d) => d.cancels(emu).length)).toEqual(byVendor(drivers, () => 1));
  });

  it("npm install with scripts builds the bundle itself (install.js)", () => {
    rmSync(join(pluginDir, "bin"), { recursive: true });
    npmInstall(pluginDir, "--omit=dev");
    expect(readdirSync(join(pluginDir, "bin")).sort()).toEqual(["ragcancel-aws.js", "ragcancel.js"]);
  }, 120_000);
});
