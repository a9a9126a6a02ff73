/**
 * The `ragcancel` plugin started as the CLI starts it, by each route (pkg/resource/plugin/plugin.go ExecPlugin): its
 * executable from a local path, `$PATH` or the plugin cache, and run-plugin for a folder with only
 * `PulumiPlugin.yaml`; each answers GetPluginInfo with the one version, and a user's tsconfig.json that ts-node
 * rejects stops only run-plugin.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { PLUGIN_DIR } from "./front-doors";
import { installRelease, LAUNCHER, onPath, packageRelease, type PluginRoute, routeOf } from "./harness";
import { loadProtoModules } from "./harness/proto-modules";
import { startHost } from "./harness/provider-host";
import { connectProvider } from "./harness/provider-rpc";
import { PACKAGE_VERSION, REPO } from "./setup";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "plugin-routes-"));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe("the ragcancel plugin, started as the CLI starts it by each route", () => {
  /** Starts the plugin by `route` with `projectDir` as its cwd; GetPluginInfo's version, or the start's error. */
  async function versionBy(route: PluginRoute, projectDir = REPO): Promise<string> {
    const host = await startHost({
      plugin: route,
      projectDir,
      project: "ragcancel-test",
      pulumiConfig: {},
      engineAddress: "127.0.0.1:1",
    });
    const raw = connectProvider(loadProtoModules(REPO), host.port);
    try {
      return await raw.getPluginInfo();
    } finally {
      raw.close();
      await host.kill();
    }
  }

  it("a local path, $PATH, the plugin cache and run-plugin: each answers GetPluginInfo with the one version", async () => {
    // $PATH: a link to the checkout's launcher, which finds its bundle beside the file the link points to.
    const pathDir = join(dir, "path-bin");
    mkdirSync(pathDir);
    symlinkSync(join(PLUGIN_DIR, LAUNCHER), join(pathDir, LAUNCHER));
    // The cache: the release archive, unpacked as `pulumi plugin install resource ragcancel <version> --file` does.
    const cached = installRelease(packageRelease(REPO, dir), join(dir, "pulumi-home"), PACKAGE_VERSION);
    const routes: Record<string, PluginRoute> = {
      "local path": routeOf(PLUGIN_DIR),
      $PATH: onPath(`${pathDir}${delimiter}${process.env.PATH ?? ""}`),
      cache: routeOf(cached),
      // What the CLI falls back to for a folder without the executable: PulumiPlugin.yaml's nodejs runtime.
      "run-plugin": { kind: "run-plugin", dir: PLUGIN_DIR },
    };
    expect(routes["local path"]).toEqual({ kind: "executable", file: join(PLUGIN_DIR, LAUNCHER) });
    expect(routes.$PATH).toEqual({ kind: "executable", file: join(pathDir, LAUNCHER) });
    const versions: Record<string, string> = {};
    for (const [name, route] of Object.entries(routes)) versions[name] = await versionBy(route);
    expect(versions).toEqual({
      "local path": PACKAGE_VERSION,
      $PATH: PACKAGE_VERSION,
      cache: PACKAGE_VERSION,
      "run-plugin": PACKAGE_VERSION,
    });
  });

  it("a project whose tsconfig.json ts-node rejects stops run-plugin, not the launcher", async () => {
    // An option of TypeScript 7 that the TypeScript run-plugin loads (5.x, or its vendored 3.8) does not know.
    const project = join(dir, "project");
    mkdirSync(project);
    writeFileSync(join(project, "tsconfig.json"), JSON.stringify({ compilerOptions: { checkers: 4 } }));
    await expect(versionBy(routeOf(PLUGIN_DIR), project)).resolves.toBe(PACKAGE_VERSION);
    await expect(versionBy({ kind: "run-plugin", dir: PLUGIN_DIR }, project)).rejects.toThrow(
      /exited before printing its port: .*Unknown compiler option 'checkers'/s,
    );
  });
});
