/**
 * The `ragcancel` plugin's entry. The bundler builds `plugin/bin/ragcancel.js` from it, which the executable
 * `pulumi-resource-ragcancel` runs with `node` (the route the CLI takes when the plugin's folder holds that file),
 * and which `@pulumi/pulumi/cmd/run-plugin` loads as plugin/package.json's `main` for the PulumiPlugin.yaml route.
 * It prints the port the engine dials, as every plugin does, and exits cleanly on SIGINT (the CLI's signal to the
 * plugin's process group) or SIGTERM once in-flight calls have answered. Its last argument is the engine's address,
 * where progress lines go (the engine hides this process's output).
 * @internal
 * @packageDocumentation
 */
import { installLastResort } from "./answer";
import { connectEngineLog, engineAddressOf } from "./engine-log";
import { startServer } from "./server";
import { pluginVersion } from "./version";

// First, before anything can throw outside a call: whatever escapes is logged, and the process keeps serving.
installLastResort();

// Inside the chain, so a missing version is reported as a failed start like any other.
void Promise.resolve()
  .then(() => startServer(pluginVersion(), connectEngineLog(engineAddressOf(process.argv))))
  .then(
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
