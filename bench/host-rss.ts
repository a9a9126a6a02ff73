/**
 * The provider host's peak resident memory. The engine kills the host as the run ends, with no hook before, so
 * `VmHWM` (the kernel's own high-water mark) is polled while it lives and the last reading is the peak up to then.
 */
import { readFileSync } from "node:fs";
import type { PluginRoute } from "../test/engine/harness";
import { startHost } from "../test/engine/harness/provider-host";

const POLL_MS = 20;

/** Polls one process's `VmHWM` until stopped. */
export class HostRss {
  #peakKb = 0;
  #timer: NodeJS.Timeout | undefined;

  /** Starts watching `pid` (call it from the engine's `onHostStarted`). */
  watch(pid: number): void {
    this.stop();
    const read = (): void => {
      try {
        const status = readFileSync(`/proc/${pid}/status`, "utf8");
        const kb = Number(/^VmHWM:\s+(\d+)\s+kB/m.exec(status)?.[1] ?? 0);
        this.#peakKb = Math.max(this.#peakKb, kb);
      } catch {
        this.stop(); // the host has exited
      }
    };
    read();
    this.#timer = setInterval(read, POLL_MS);
  }

  /** Stops polling. */
  stop(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
  }

  /** The highest `VmHWM` seen, in MB; null when /proc gave nothing (not Linux). */
  get peakMb(): number | null {
    return this.#peakKb === 0 ? null : this.#peakKb / 1024;
  }
}

/** How long a started host idles before its peak is read. */
export const IDLE_MS = 500;

/**
 * Starts a provider host (the plugin by `route`, else the dynamic host, which loads nothing of ours until a call
 * comes) with no engine to dial, lets it idle, and stops it: ms to its port and its peak RSS in MB.
 */
export async function idleStart(
  projectDir: string,
  route?: PluginRoute,
): Promise<{ portMs: number; idleMb: number | null }> {
  const host = await startHost({
    ...(route ? { plugin: route } : {}),
    projectDir,
    project: "ragcancel-bench",
    pulumiConfig: {},
    // No engine: nothing is logged while idle.
    engineAddress: "127.0.0.1:1",
  });
  const rss = new HostRss();
  try {
    rss.watch(host.pid);
    await new Promise((resolve) => setTimeout(resolve, IDLE_MS));
    return { portMs: host.startMs, idleMb: rss.peakMb };
  } finally {
    rss.stop();
    await host.kill();
  }
}
