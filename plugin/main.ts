/**
 * The `ragcancel` plugin's entry: the module `@pulumi/pulumi/cmd/run-plugin` loads (the nodejs language host's
 * RunPlugin runs `node <@pulumi/pulumi>/cmd/run-plugin <plugin dir> <engine address>`). It prints the port the
 * engine dials, as every plugin does, and exits cleanly on SIGINT or SIGTERM once in-flight calls have answered.
 * Its last argument is the engine's address, where progress lines go (the engine hides this process's output).
 * @internal
 * @packageDocumentation
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { connectEngineLog, engineAddressOf } from "./engine-log";
import { startServer } from "./server";

/** This package's version, from its package.json (two levels up when compiled to dist/plugin, one from source). */
function version(): string {
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { name?: string; version?: string };
      if (pkg.name === "pulumi-rag-cancel" && pkg.version) return pkg.version;
    } catch {
      // not here: look one level up
    }
  }
  return "0.0.0";
}

void startServer(version(), connectEngineLog(engineAddressOf(process.argv))).then(
  (server) => {
    const quit = () => {
      void server.stop().then(() => process.exit(0));
    };
    // Before the port line: the engine may signal as soon as it has read it, and a signal that arrives with no
    // listener yet kills the process with the default action instead of a clean stop.
    process.once("SIGINT", quit);
    process.once("SIGTERM", quit);
    process.stdout.write(`${server.port}\n`);
  },
  (err: unknown) => {
    console.error(`ragcancel: the plugin could not start: ${(err as Error).message}`);
    process.exit(1);
  },
);
