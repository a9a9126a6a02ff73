import { type ChildProcess, spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { pulumiPackageDir } from "./proto-modules";
import { join } from "node:path";

/**
 * How to start a provider process. By default `@pulumi/pulumi/cmd/dynamic-provider`, as the engine starts
 * `pulumi-resource-pulumi-nodejs`; with `pluginDir`, the `ragcancel` plugin exactly as the nodejs language host's
 * RunPlugin starts a nodejs plugin: `node <@pulumi/pulumi located from the plugin dir>/cmd/run-plugin <plugin dir>
 * <engine address>` (pulumi/pulumi sdk/nodejs/cmd/pulumi-language-nodejs/main.go, RunPlugin).
 */
export interface HostOptions {
  /** The directory of a nodejs plugin (its PulumiPlugin.yaml and package.json); unset for the dynamic host. */
  pluginDir?: string;
  projectDir: string;
  project: string;
  /** `PULUMI_CONFIG` for the host (the engine passes only the `pulumi-nodejs:*` keys). */
  pulumiConfig: Record<string, string>;
  env?: Record<string, string | undefined>;
  /** The Engine service's address: the engine passes it to every plugin as the last argument. */
  engineAddress: string;
}

/** A running host process. */
export interface HostProcess {
  pid: number;
  port: number;
  /**
   * stdout/stderr lines printed after the port line that the engine shows (appended while the host runs): only a
   * dynamic provider host's; the engine hides every other resource plugin's (pkg/resource/plugin/plugin.go).
   */
  log: string[];
  /** The lines the engine hides, at debug level: the plugin's stdout/stderr after its port line. */
  hiddenLog: string[];
  /** Milliseconds from spawn to the port line. */
  startMs: number;
  /** Stops the host and waits until it exited (its gRPC server would keep it alive forever). */
  kill(): Promise<void>;
}

const PORT_TIMEOUT_MS = 30_000;

function hostEnv(opts: HostOptions): NodeJS.ProcessEnv {
  const merged: Record<string, string | undefined> = {
    ...process.env,
    PULUMI_NODEJS_PROJECT: opts.project,
    PULUMI_PROJECT: opts.project,
    PULUMI_CONFIG: JSON.stringify(opts.pulumiConfig),
    ...opts.env,
  };
  return Object.fromEntries(Object.entries(merged).filter(([, v]) => v !== undefined));
}

function stopProcess(proc: ChildProcess, closed: Promise<void>): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return closed;
  proc.kill("SIGTERM");
  const hard = setTimeout(() => {
    proc.kill("SIGKILL");
  }, 2_000);
  return closed.finally(() => {
    clearTimeout(hard);
  });
}

/** Spawns the host with the engine's argv/cwd/env and waits for the port it prints first. */
export async function startHost(opts: HostOptions): Promise<HostProcess> {
  // Both take the engine's address last; the dynamic host never dials it, the plugin sends its progress there.
  const args = opts.pluginDir
    ? [
        require.resolve("@pulumi/pulumi/cmd/run-plugin", { paths: [opts.pluginDir] }),
        opts.pluginDir,
        opts.engineAddress,
      ]
    : [join(pulumiPackageDir(opts.projectDir), "cmd", "dynamic-provider", "index.js"), opts.engineAddress];
  const started = Date.now();
  const proc = spawn(process.execPath, args, {
    cwd: opts.projectDir,
    env: hostEnv(opts),
    stdio: ["ignore", "pipe", "pipe"],
  });
  const shown: string[] = [];
  const hiddenLog: string[] = [];
  // Where the host's lines go: shown or hidden, as the engine decides by the binary's name (isDynamicPluginBinary).
  const log = opts.pluginDir === undefined ? shown : hiddenLog;
  const early: string[] = [];
  const closed = new Promise<void>((resolve) => {
    proc.once("close", () => {
      resolve();
    });
  });
  const stdout = createInterface({ input: proc.stdout });
  const stderr = createInterface({ input: proc.stderr });
  let portLine: ((line: string) => void) | undefined;
  stdout.on("line", (line) => {
    if (portLine) {
      const take = portLine;
      portLine = undefined;
      take(line);
    } else log.push(line);
  });
  stderr.on("line", (line) => {
    (portLine ? early : log).push(line);
  });

  let timer: NodeJS.Timeout | undefined;
  try {
    const line = await new Promise<string>((resolve, reject) => {
      portLine = resolve;
      proc.once("error", reject);
      void closed.then(() => {
        reject(new Error(`provider host exited before printing its port: ${early.join("\n")}`));
      });
      timer = setTimeout(() => {
        reject(new Error(`provider host printed no port within ${PORT_TIMEOUT_MS} ms`));
      }, PORT_TIMEOUT_MS);
    });
    const port = Number(line.trim());
    if (!Number.isInteger(port) || port <= 0)
      throw new Error(`provider host printed ${JSON.stringify(line)}, not a port`);
    log.push(...early);
    return {
      pid: proc.pid!,
      port,
      log: shown,
      hiddenLog,
      startMs: Date.now() - started,
      kill: () => stopProcess(proc, closed),
    };
  } catch (e) {
    await stopProcess(proc, closed);
    throw e;
  } finally {
    clearTimeout(timer);
  }
}
