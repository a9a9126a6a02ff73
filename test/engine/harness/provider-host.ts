import { type ChildProcess, spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { pulumiPackageDir } from "./proto-modules";
import { delimiter, dirname, join } from "node:path";
import type { PluginRoute } from "./plugin-routes";

/**
 * How to start a provider process. By default `@pulumi/pulumi/cmd/dynamic-provider`, as the engine starts
 * `pulumi-resource-pulumi-nodejs`; with `plugin`, the `ragcancel` plugin by the route the CLI took (plugin-routes.ts):
 * its executable run directly, or the nodejs language host's RunPlugin, `node <@pulumi/pulumi located from the plugin
 * dir>/cmd/run-plugin <plugin dir> <engine address>` (pulumi/pulumi sdk/nodejs/cmd/pulumi-language-nodejs/main.go).
 */
export interface HostOptions {
  /** How the CLI starts the `ragcancel` plugin; unset for the dynamic host. */
  plugin?: PluginRoute;
  /**
   * Started by hand, as a user does for `PULUMI_DEBUG_PROVIDERS=ragcancel:<port>`: no engine address on the command
   * line (the engine sends it in Attach). Only with an executable route.
   */
  byHand?: boolean;
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

/**
 * The engine's environment for a provider (provider_plugin.go NewProvider): its own, `PULUMI_PROJECT`,
 * `PULUMI_CONFIG`, and `PULUMI_NODEJS_PROJECT` for the dynamic host only. `node` on PATH is this Node: the user's
 * machine has Node 22+ first on PATH, which the launcher runs.
 */
function hostEnv(opts: HostOptions): NodeJS.ProcessEnv {
  const merged: Record<string, string | undefined> = {
    ...process.env,
    PATH: [dirname(process.execPath), process.env.PATH].filter(Boolean).join(delimiter),
    ...(opts.plugin ? {} : { PULUMI_NODEJS_PROJECT: opts.project }),
    PULUMI_PROJECT: opts.project,
    PULUMI_CONFIG: JSON.stringify(opts.pulumiConfig),
    ...opts.env,
  };
  return Object.fromEntries(Object.entries(merged).filter(([, v]) => v !== undefined));
}

/** The command the engine runs for `opts`: the program and its arguments, the engine's address last. */
function commandOf(opts: HostOptions, engineAddress: string): [string, string[]] {
  const plugin = opts.plugin;
  if (!plugin)
    return [
      process.execPath,
      [join(pulumiPackageDir(opts.projectDir), "cmd", "dynamic-provider", "index.js"), engineAddress],
    ];
  if (plugin.kind === "executable") return [plugin.file, opts.byHand ? [] : [engineAddress]];
  if (opts.byHand) throw new Error("a plugin started by hand is its executable, not run-plugin");
  const runPlugin = require.resolve("@pulumi/pulumi/cmd/run-plugin", { paths: [plugin.dir] });
  return [process.execPath, [runPlugin, plugin.dir, engineAddress]];
}

/**
 * Stops the process and waits for it. The CLI interrupts an executable plugin (SIGINT, cmdutil.InterruptChildren)
 * and kills it 5 s later; here SIGKILL follows after 2 s.
 */
function stopProcess(proc: ChildProcess, closed: Promise<void>, signal: NodeJS.Signals): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return closed;
  proc.kill(signal);
  const hard = setTimeout(() => {
    proc.kill("SIGKILL");
  }, 2_000);
  return closed.finally(() => {
    clearTimeout(hard);
  });
}

/** Spawns the host with the engine's argv/cwd/env and waits for the port it prints first. */
export async function startHost(opts: HostOptions): Promise<HostProcess> {
  // Every route takes the engine's address last; the dynamic host never dials it, the plugin sends its progress there.
  const [command, args] = commandOf(opts, opts.engineAddress);
  const signal = opts.plugin?.kind === "executable" ? "SIGINT" : "SIGTERM";
  const started = Date.now();
  const proc = spawn(command, args, {
    cwd: opts.projectDir,
    env: hostEnv(opts),
    stdio: ["ignore", "pipe", "pipe"],
  });
  const shown: string[] = [];
  const hiddenLog: string[] = [];
  // Where the host's lines go: shown or hidden, as the engine decides by the binary's name (isDynamicPluginBinary).
  const log = opts.plugin === undefined ? shown : hiddenLog;
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
      kill: () => stopProcess(proc, closed, signal),
    };
  } catch (e) {
    await stopProcess(proc, closed, signal);
    throw e;
  } finally {
    clearTimeout(timer);
  }
}
