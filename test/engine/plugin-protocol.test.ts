/**
 * The plugin at the protocol's edges, started as the CLI starts it from a local path (its executable): malformed
 * requests answered with a bounded error while it keeps serving, a Read after the Cancel RPC, the executable's exit on
 * SIGINT and SIGTERM, a rejection nothing handled, Attach to a plugin started by hand, and requests over gRPC's
 * default 4 MiB.
 */
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { resourceToken } from "../../plugin/schema";
import { delimiter, dirname, join } from "node:path";
import { PLUGIN, PLUGIN_DIR } from "./front-doors";
import { LAUNCHER } from "./harness";
import { useEmulator, PACKAGE_VERSION, REPO, resources, vendorConfig } from "./setup";
import { byVendor, named, nameOf, opsByVendor } from "./suites/every-vendor";
import { DRIVERS, type Driver } from "./vendors";
import { pluginTools } from "./suites/plugin-tools";

const emu = useEmulator();
const { stack, everyPlugin, plugin } = pluginTools(emu);

/** The engine's reference to a resource of this type named `name`. */
const ref = (type: string, name: string) => ({ urn: `urn:pulumi:dev::ragcancel-test::${type}::${name}`, name, type });

describe("a malformed request is answered with an error, and the plugin keeps serving", () => {
  const drivers = DRIVERS.map(PLUGIN.driver);

  it("every vendor: a Create holding a Value with no kind set, then a 3 MB type token, each get a bounded gRPC error", async () => {
    const p = await plugin();
    try {
      const jobs = byVendor(drivers, (d) => d.seed(emu()));
      const args = (d: Driver) => ({ ...d.jobArgs(jobs[d.vendor]!), waitForTerminal: false });
      const failed = async (call: Promise<unknown>) =>
        await call.then(
          () => "answered",
          (e: unknown) => (e as Error).message,
        );
      // The bad value in an ordinary input, and in the credentials, whose secret marks the error path reads.
      for (const key of ["reason", "credentials"]) {
        const malformed = await Promise.all(
          drivers.map((d) => failed(p.raw.create(ref(resourceToken(d.vendor), "bad"), args(d), { kindless: [key] }))),
        );
        expect(malformed).toEqual(
          drivers.map(
            () =>
              `the request holds a malformed property "${key}": a protobuf Value with no kind set (or nested too deep)`,
          ),
        );
      }
      const huge = `ragcancel:digitalocean:${"X".repeat(3 * 1024 * 1024)}`;
      // Under gRPC's 4 MiB receive limit: the type alone is huge, not the URN.
      const hugeRef = { ...ref("ragcancel:digitalocean:Huge", "huge"), type: huge };
      for (const call of [p.raw.check(hugeRef, {}, {}), p.raw.create(hugeRef, {})]) {
        const message = await failed(call);
        expect(message).toMatch(
          /^unknown resource type "ragcancel:digitalocean:X+… \(\d+ more characters\)"; this plugin serves /,
        );
        expect(message.length).toBeLessThan(2000);
      }
      // Still serving: every vendor's create goes through, the vendor sees one cancel each.
      const created = await Promise.all(
        drivers.map((d) => p.raw.create(ref(resourceToken(d.vendor), "good"), args(d))),
      );
      expect(created.map((c) => c.properties.outcome)).toEqual(drivers.map(() => "cancel-requested"));
      expect(byVendor(drivers, (d) => d.cancels(emu()).length)).toEqual(byVendor(drivers, () => 1));
    } finally {
      await p.close();
    }
  });

  it("every vendor: after the Cancel RPC, a Read says the engine asked the provider to stop, not that a deadline passed", async () => {
    const p = await plugin();
    try {
      const jobs = byVendor(drivers, (d) => d.seed(emu(), { cancelSettleMs: 3_600_000 }));
      const created = await Promise.all(
        drivers.map((d) =>
          p.raw.create(ref(resourceToken(d.vendor), "stop"), { ...d.jobArgs(jobs[d.vendor]!), waitForTerminal: false }),
        ),
      );
      await p.raw.cancel();
      const reads = await Promise.all(
        drivers.map((d, i) =>
          p.raw.read(ref(resourceToken(d.vendor), "stop"), created[i]!.id, created[i]!.properties, {}).then(
            () => "read",
            (e: unknown) => (e as Error).message,
          ),
        ),
      );
      expect(reads).toEqual(drivers.map(() => expect.stringContaining("the engine asked the provider to stop")));
      for (const r of reads) expect(r).not.toContain("deadline");
    } finally {
      await p.close();
    }
  });
});

it.each(["SIGINT", "SIGTERM"])("the plugin's executable exits cleanly (code 0) on %s", (signal) => {
  // SIGINT is how the CLI stops an executable plugin (its process group); the launcher execs node, so node gets it.
  const launcher = join(PLUGIN_DIR, LAUNCHER);
  const script = `
    const { spawn } = require("node:child_process");
    const p = spawn(${JSON.stringify(launcher)}, ["127.0.0.1:1"], { stdio: ["ignore", "pipe", "inherit"] });
    p.stdout.once("data", () => p.kill(${JSON.stringify(signal)}));
    p.on("exit", (code, signal) => { console.log(JSON.stringify({ code, signal })); });
  `;
  const env = { ...process.env, PATH: `${dirname(process.execPath)}${delimiter}${process.env.PATH ?? ""}` };
  const res = spawnSync(process.execPath, ["-e", script], { cwd: REPO, env, encoding: "utf8", timeout: 30_000 });
  expect(JSON.parse(res.stdout.trim())).toEqual({ code: 0, signal: null });
});

it("the plugin's bundle, run directly, logs a rejection nothing handled and keeps serving instead of exiting", () => {
  // A rejection that escapes every call, scheduled by a preloaded module once the plugin serves.
  const escape = `setTimeout(() => { Promise.reject(new Error("escaped every handler")); }, 300);`;
  const script = `
    const { spawn } = require("node:child_process");
    const p = spawn(process.execPath, ["-e", ${JSON.stringify(escape)}, "-r", ${JSON.stringify(join(PLUGIN_DIR, "bin", "ragcancel.js"))}], { stdio: ["ignore", "pipe", "pipe"] });
    let err = "";
    p.stderr.on("data", (d) => { err += d; });
    p.stdout.once("data", () => setTimeout(() => {
      console.log(JSON.stringify({ running: p.exitCode === null, stderr: err }));
      p.kill("SIGTERM");
    }, 1500));
  `;
  const res = spawnSync(process.execPath, ["-e", script], { cwd: REPO, encoding: "utf8", timeout: 30_000 });
  expect(JSON.parse(res.stdout.trim())).toEqual({
    running: true,
    stderr: expect.stringContaining(
      "ragcancel: an unhandled rejection (the plugin keeps serving): escaped every handler",
    ) as string,
  });
});

describe("the protocol's edges", () => {
  it("Attach: a plugin started by hand serves the engine that attached, and a new run after that engine's Cancel", async () => {
    const p = await plugin(vendorConfig(emu()), true);
    try {
      expect(p.version).toBe(PACKAGE_VERSION);
      await expect(p.raw.attach("not an address")).rejects.toThrow(
        /Attach: expected the engine's address as host:port/,
      );
      // The engine cancels every provider as it closes; the next engine to attach must find it serving.
      await p.raw.cancel();
      // The next engine: nothing listens here, so its lines would go to stderr; then the harness's engine again.
      await p.raw.attach("127.0.0.1:2");
      await p.raw.attach(p.engineAddress!);
      for (const d of DRIVERS) {
        const job = d.seed(emu());
        const r = {
          urn: `urn:pulumi:dev::ragcancel-test::${resourceToken(d.vendor)}::hand-${d.vendor}`,
          name: `hand-${d.vendor}`,
          type: resourceToken(d.vendor),
        };
        const created = await p.create(r, d.jobArgs(job));
        expect([d.vendor, created.outputs.outcome]).toEqual([d.vendor, "cancelled"]);
      }
      // Progress went to the engine that attached last, each outcome attached to its resource.
      expect(
        DRIVERS.map((d) =>
          p.engineLog.some(
            (m) => m.urn.endsWith(`::hand-${d.vendor}`) && !m.ephemeral && / cancelled \(/.test(m.message),
          ),
        ),
      ).toEqual(DRIVERS.map(() => true));
      expect(p.host.hiddenLog.filter((l) => l.startsWith("ragcancel: ["))).toEqual([]);
    } finally {
      await p.close();
    }
  });

  it("every vendor: a record over 4 MiB comes back through Read, and passes Diff and Delete", async () => {
    const s = stack();
    const jobs = byVendor(DRIVERS, (d) => d.seed(emu()));
    const program = everyPlugin((d) => d.jobArgs(jobs[d.vendor]!));
    expect((await s.engine.up(program)).errors).toEqual([]);
    // A record grown past gRPC's default limit (4 MiB): a job the vendor no longer knows, with its vendor details.
    // Just over it: google-protobuf encodes a string in JS, a character at a time, four times per round trip.
    const blob = "x".repeat(4.25 * 1024 * 1024);
    // The stack's export, as `pulumi stack export` prints it and `pulumi stack import` takes it back.
    const exported = JSON.parse(readFileSync(s.stateFile, "utf8")) as {
      deployment: { resources: { type: string; outputs: Record<string, unknown> }[] };
    };
    for (const r of exported.deployment.resources.filter((x) => x.type.startsWith("ragcancel:"))) {
      const o = r.outputs as { jobs: unknown[]; details: Record<string, unknown> };
      o.jobs.push({
        id: "gone",
        phaseBefore: "cancelled",
        phase: "cancelled",
        vendorStatus: "",
        cancelRequested: false,
        cancelUnclear: false,
        found: false,
        replacedBy: null,
      });
      o.details.gone = { note: blob };
    }
    writeFileSync(s.stateFile, JSON.stringify(exported));

    const refreshed = await s.engine.refresh();
    expect(refreshed.errors).toEqual([]);
    const kept = byVendor(
      DRIVERS,
      (d) => ((named(s, nameOf(d)).outputs.details as Record<string, { note?: string }>).gone?.note ?? "").length,
    );
    expect(kept).toEqual(byVendor(DRIVERS, () => blob.length));
    const up = await s.engine.up(program);
    expect(up.errors).toEqual([]);
    expect(opsByVendor(up, DRIVERS)).toEqual(byVendor(DRIVERS, () => ["same"]));
    const destroyed = await s.engine.destroy();
    expect(destroyed.errors).toEqual([]);
    expect(resources(s)).toEqual([]);
    expect(readFileSync(s.stateFile, "utf8").length).toBeLessThan(1024 * 1024);
  }, 300_000);
});
