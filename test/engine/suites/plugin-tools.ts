/**
 * The plugin front door driven by the plugin-only test files (plugin.test.ts, plugin-protocol.test.ts): a stack on
 * the plugin, a program of every vendor's plugin resource, and the plugin started alone (no program), as the engine
 * starts and configures it.
 */
import type { Emulator } from "../../emulator";
import { PLUGIN, pluginResource } from "../front-doors";
import { startPlugin } from "../harness/provider-plugin";
import { REPO, stack as newStack, VENDOR_ENV, vendorConfig } from "../setup";
import { DRIVERS, type Driver } from "../vendors";
import { everyVendorProgram } from "./every-vendor";

/** The plugin-only tools, bound to the file's emulator. */
export function pluginTools(emu: () => Emulator) {
  /** A stack on the plugin front door. */
  const stack = (overrides = {}) => newStack(emu(), { ...PLUGIN.stack, ...overrides });
  /** A program of every vendor's plugin resource (`stop-<vendor>`), exporting each one's record fields by vendor. */
  const everyPlugin = (args: (d: Driver) => Record<string, unknown> | undefined, opts = {}) =>
    everyVendorProgram(
      DRIVERS.map((d) => ({
        ...d,
        create: (name: string, a: Record<string, unknown>) => pluginResource(d.vendor, name, a, opts),
      })),
      args,
    );
  /** Starts the plugin alone (no program), configured with the emulator's stack config. */
  const plugin = (config = vendorConfig(emu()), byHand = false) =>
    startPlugin({
      plugin: PLUGIN.stack.plugin!,
      byHand,
      projectDir: REPO,
      project: "ragcancel-test",
      stack: "dev",
      config: config.config ?? {},
      secretConfig: config.secretConfig ?? {},
      env: VENDOR_ENV,
    });
  return { stack, everyPlugin, plugin };
}
