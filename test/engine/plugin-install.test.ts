/**
 * The install path a user takes with a git reference (`pulumi package add <repo>/plugin@<ref>`): the CLI checks the
 * repository out and runs `npm install` in the plugin's directory, which builds the runtime (plugin/install.js); the
 * engine then starts the plugin through run-plugin. Here: a clone of this repository's HEAD, `npm install` in its
 * plugin directory, then GetSchema and one cancellation through the installed plugin. The local-path install is
 * the rest of the engine suites: they start the plugin from this checkout's own plugin directory.
 * Set RAGCANCEL_SKIP_INSTALL_TEST=1 to skip it (CI runs it once, on Node 22).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, dirname, join } from "node:path";
import type { Emulator } from "../emulator";
import { PLUGIN } from "./front-doors";
import { startPlugin } from "./harness/provider-plugin";
import { pluginResource } from "./front-doors";
import { emulator, REPO, stack, VENDOR_ENV, vendorConfig } from "./setup";
import { DRIVERS } from "./vendors";

const run = process.env.RAGCANCEL_SKIP_INSTALL_TEST === "1" ? describe.skip : describe;

run("the plugin installed from a git reference", () => {
  let emu: Emulator;
  let pluginDir: string;
  beforeAll(async () => {
    emu = await emulator();
    const clone = join(mkdtempSync(join(tmpdir(), "ragcancel-gitref-")), "repo");
    execFileSync("git", ["clone", "--quiet", "--depth", "1", `file://${REPO}`, clone]);
    pluginDir = join(clone, "plugin");
    // npm as the CLI runs it, on this Node (the engine runs plugins with the `node` first on PATH).
    const env = { ...process.env, PATH: `${dirname(process.execPath)}${delimiter}${process.env.PATH ?? ""}` };
    execFileSync("npm", ["install", "--no-audit", "--no-fund"], { cwd: pluginDir, env, stdio: "ignore" });
  }, 600_000);
  afterAll(async () => {
    await emu.close();
  });

  it("serves its schema with the package's version", async () => {
    const c = vendorConfig(emu);
    const p = await startPlugin({
      pluginDir,
      projectDir: REPO,
      project: "ragcancel-test",
      stack: "dev",
      config: c.config ?? {},
      secretConfig: c.secretConfig ?? {},
      env: VENDOR_ENV,
    });
    try {
      const { version } = JSON.parse(readFileSync(join(REPO, "package.json"), "utf8")) as { version: string };
      expect(p.version).toBe(version);
      expect(((await p.raw.getSchema()) as { name: string }).name).toBe("ragcancel");
    } finally {
      await p.close();
    }
  });

  it("cancels a job through the installed plugin", async () => {
    const d = DRIVERS[0]!;
    const s = stack(emu, { ...PLUGIN.stack, pluginDir });
    const job = d.seed(emu);
    const up = await s.engine.up(() => ({ outcome: pluginResource(d.vendor, "stop", d.jobArgs(job)).outcome }));
    expect(up.errors).toEqual([]);
    expect(up.outputs.outcome).toBe("cancelled");
    expect(d.cancels(emu)).toHaveLength(1);
  });
});
