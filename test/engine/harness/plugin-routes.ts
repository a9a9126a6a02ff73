/**
 * Where the CLI finds the `ragcancel` plugin and how it starts what it found (pulumi/pulumi
 * `sdk/go/common/workspace/plugins.go` GetPluginPath: a project's `packages:` path, then `$PATH`, then the plugin cache;
 * `sdk/go/common/resource/plugin/plugin.go` ExecPlugin: `<dir>/pulumi-resource-<name>` is executed directly when it
 * exists, else the folder's PulumiPlugin.yaml names the language host whose RunPlugin starts it).
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, statSync } from "node:fs";
import { delimiter, join } from "node:path";

/** The executable the CLI looks for (`pulumi-resource-<name>`; on Windows the `.cmd` beside it). */
export const LAUNCHER = process.platform === "win32" ? "pulumi-resource-ragcancel.cmd" : "pulumi-resource-ragcancel";

/** How the engine starts the plugin. */
export type PluginRoute =
  /** `exec <file> <engine address>`, cwd the program's directory: a local path, `$PATH`, the plugin cache. */
  | { kind: "executable"; file: string }
  /**
   * The nodejs language host's RunPlugin, for a folder with PulumiPlugin.yaml and no executable:
   * `node <@pulumi/pulumi>/cmd/run-plugin <dir> <engine address>`, cwd the program's directory.
   */
  | { kind: "run-plugin"; dir: string };

/** What ExecPlugin does with a plugin folder: its executable if there is one, else its PulumiPlugin.yaml. */
export function routeOf(dir: string): PluginRoute {
  const file = join(dir, LAUNCHER);
  if (existsSync(file) && !statSync(file).isDirectory()) return { kind: "executable", file };
  if (existsSync(join(dir, "PulumiPlugin.yaml"))) return { kind: "run-plugin", dir };
  throw new Error(`${dir} holds neither ${LAUNCHER} nor PulumiPlugin.yaml: the CLI could not start a plugin from it`);
}

/** The plugin cache's folder for `version` (`$PULUMI_HOME/plugins/resource-ragcancel-v<version>`). */
export function cacheDir(pulumiHome: string, version: string): string {
  return join(pulumiHome, "plugins", `resource-ragcancel-v${version}`);
}

/** The first `pulumi-resource-ragcancel` on `path` (a `$PATH` value), as `exec.LookPath` finds it. */
export function onPath(path: string): PluginRoute {
  for (const dir of path.split(delimiter).filter(Boolean)) {
    const file = join(dir, LAUNCHER);
    if (existsSync(file)) return { kind: "executable", file };
  }
  throw new Error(`no ${LAUNCHER} on PATH`);
}

/**
 * Writes the release archive for this machine (`npm run package-plugin`'s script, from the bundles `npm run build`
 * made) into `outDir`; returns its path.
 */
export function packageRelease(repo: string, outDir: string): string {
  const printed = execFileSync(
    process.execPath,
    [join(repo, "plugin", "scripts", "package.js"), "--out", outDir, "--platform", "current"],
    { encoding: "utf8" },
  );
  return printed.trim();
}

/**
 * What `pulumi plugin install resource ragcancel <version> --file <archive>` does: unpacks the archive into the
 * plugin cache, `$PULUMI_HOME/plugins/resource-ragcancel-v<version>/`. Returns that folder.
 */
export function installRelease(archive: string, pulumiHome: string, version: string): string {
  const dir = cacheDir(pulumiHome, version);
  mkdirSync(dir, { recursive: true });
  execFileSync("tar", ["-xzf", archive, "-C", dir]);
  return dir;
}
