/**
 * What only the `ragcancel` plugin does, through the plugin started as the CLI starts it from a local path (its
 * executable) and driven over gRPC as the engine drives it: GetSchema, provider config with secrets (CheckConfig,
 * Configure), import, customTimeouts, the Cancel RPC (Ctrl-C), progress with no engine to log to, predicted outputs
 * in preview, AWS's credential chain under customTimeouts and Cancel, and the protocol's edges: Attach to a plugin
 * started by hand, requests over gRPC's default 4 MiB.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { packageSchema, resourceToken } from "../../plugin/schema";
import { adapters } from "../../provider";
import { UNKNOWN } from "../../provider/inputs/inputs";
import { delimiter, dirname, join } from "node:path";
import { PLUGIN, PLUGIN_DIR, pluginResource } from "./front-doors";
import { LAUNCHER } from "./harness";
import { startPlugin } from "./harness/provider-plugin";
import {
  useEmulator,
  PACKAGE_VERSION,
  REPO,
  resources,
  stack as newStack,
  stateText,
  VENDOR_ENV,
  vendorConfig,
} from "./setup";
import {
  byVendor,
  errorsByVendor,
  everyVendorProgram,
  named,
  nameOf,
  opsByVendor,
  outputsByVendor,
} from "./suites/every-vendor";
import { everythingPrinted } from "./suites/run-output";
import { DRIVERS, SECRET_CANARIES, expectNoSecret, type Driver } from "./vendors";

const emu = useEmulator();

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
function plugin(config = vendorConfig(emu()), byHand = false) {
  return startPlugin({
    plugin: PLUGIN.stack.plugin!,
    byHand,
    projectDir: REPO,
    project: "ragcancel-test",
    stack: "dev",
    config: config.config ?? {},
    secretConfig: config.secretConfig ?? {},
    env: VENDOR_ENV,
  });
}

describe("GetSchema and provider config", () => {
  it("serves the schema generated from the zod schemas, with the package's version", async () => {
    const p = await plugin();
    try {
      const served = (await p.raw.getSchema()) as ReturnType<typeof packageSchema>;
      expect(p.version).toBe(PACKAGE_VERSION);
      expect(served).toEqual(packageSchema(PACKAGE_VERSION));
      expect(served.pluginDownloadURL).toBe("github://api.github.com/pulumi-rag-cancel/pulumi-rag-cancel");
      for (const d of DRIVERS) expect(Object.keys(served.resources)).toContain(resourceToken(d.vendor));
    } finally {
      await p.close();
    }
  });

  it("CheckConfig names the key and what is expected; DiffConfig reports a change without replacing", async () => {
    const p = await plugin();
    const urn = "urn:pulumi:dev::ragcancel-test::pulumi:providers:ragcancel::default";
    try {
      const bad = await p.raw.checkConfig(
        urn,
        {},
        {
          digitaloceanApiUrl: "http://api.example.com",
          digitaloceanToken: "abc",
          allowInsecureHttp: "yes",
          digitalOceanToken: "a-typo-of-a-key",
          openaiOrganization: "org\r\nX-Evil: 1",
          cloudflareAccountId: "../acct",
        },
      );
      const byKey = Object.fromEntries(bad.failures.map((f) => [f.property, f.reason]));
      expect(byKey.digitaloceanApiUrl).toMatch(/ragcancel:digitaloceanApiUrl/);
      expect(byKey.digitaloceanToken).toMatch(/shorter than 4 characters/);
      expect(byKey.allowInsecureHttp).toMatch(/must be true or false/);
      expect(byKey.openaiOrganization).toMatch(/ragcancel:openaiOrganization: expected an OpenAI organization id/);
      expect(byKey.cloudflareAccountId).toMatch(/ragcancel:cloudflareAccountId: expected a Cloudflare account id/);
      expect(byKey.digitalOceanToken).toMatch(/not a setting of this provider; known: .*digitaloceanToken/);
      expect(JSON.stringify(bad.failures)).not.toContain("a-typo-of-a-key");

      const diff = await p.raw.diffConfig(urn, { groundxApiKey: "key-1" }, { groundxApiKey: "key-2" });
      expect(diff).toMatchObject({ changes: "some", replaces: [], diffs: ["groundxApiKey"] });
      const same = await p.raw.diffConfig(urn, { groundxApiKey: "key-1" }, { groundxApiKey: "key-1" });
      expect(same.changes).toBe("none");
    } finally {
      await p.close();
    }
  });

  it("every vendor: a secret provider-config credential reaches no state, output, host output or error", async () => {
    const s = stack();
    const jobs = byVendor(DRIVERS, (d) => d.seed(emu()));
    const up = await s.engine.up(everyPlugin((d) => d.jobArgs(jobs[d.vendor]!)));
    expect(up.errors).toEqual([]);
    expect(outputsByVendor(up, DRIVERS)).toMatchObject(byVendor(DRIVERS, () => ({ outcome: "cancelled" })));
    const refreshed = await s.engine.refresh();
    expect(refreshed.ok).toBe(true);
    expectNoSecret(
      {
        state: stateText(s),
        outputs: JSON.stringify(up.outputs),
        "the plugin's output and engine log": everythingPrinted(up, refreshed),
        errors: JSON.stringify([...up.errors, ...refreshed.errors]),
      },
      SECRET_CANARIES,
    );
  });
});

describe("every vendor through the plugin", () => {
  const drivers = DRIVERS.map(PLUGIN.driver);
  const none = byVendor(drivers, () => []);

  it("imports cancelled jobs by their ids, and the next up with the matching program shows no changes", async () => {
    const source = stack();
    const jobs = byVendor(drivers, (d) => d.seed(emu()));
    await source.engine.up(everyPlugin((d) => d.jobArgs(jobs[d.vendor]!)));
    const ids = byVendor(drivers, (d) => named(source, nameOf(d)).id);
    emu().clearRequests();

    const s = stack();
    const imported = await s.engine.importAll(
      drivers.map((d) => ({ type: resourceToken(d.vendor), name: nameOf(d), id: ids[d.vendor]! })),
    );
    expect(imported.errors).toEqual([]);
    expect(byVendor(drivers, (d) => d.cancels(emu()))).toEqual(none);
    expect(byVendor(drivers, (d) => named(s, nameOf(d)).id)).toEqual(ids);
    expect(byVendor(drivers, (d) => named(s, nameOf(d)).outputs)).toMatchObject(
      byVendor(drivers, (d) => ({ vendor: d.vendor, requestedAt: null })),
    );
    const inputs = byVendor(drivers, (d) => named(s, nameOf(d)).inputs);
    expect(inputs).toEqual(byVendor(drivers, (d) => d.jobArgs(jobs[d.vendor]!)));

    emu().clearRequests();
    const up = await s.engine.up(everyPlugin((d) => inputs[d.vendor]));
    expect(up.errors).toEqual([]);
    expect(opsByVendor(up, drivers)).toEqual(byVendor(drivers, () => ["same"]));
    expect(byVendor(drivers, (d) => d.cancels(emu()))).toEqual(none);
  });

  it("refuses to import jobs that still run, and sends nothing", async () => {
    const s = stack();
    const specs = drivers.map((d) => {
      const job = d.seed(emu());
      const target = d.selectorArgs ? d.selectorArgs(job.group) : d.jobArgs(job);
      return { type: resourceToken(d.vendor), name: nameOf(d), id: adapters[d.vendor].resourceId(target) };
    });
    const imported = await s.engine.importAll(specs);
    expect(imported.ok).toBe(false);
    expect(errorsByVendor(imported, drivers)).toEqual(
      byVendor(drivers, () => [
        expect.stringContaining("`pulumi import` adopts a cancellation that has already happened"),
      ]),
    );
    expect(resources(s)).toEqual([]);
    expect(byVendor(drivers, (d) => d.cancels(emu()))).toEqual(none);
  });

  it("customTimeouts bound the wait when smaller than timeoutSeconds; the record is kept", async () => {
    const s = stack({ continueOnError: true });
    const jobs = byVendor(drivers, (d) => d.seed(emu(), { cancelSettleMs: 3_600_000 }));
    const up = await s.engine.up(
      everyPlugin((d) => ({ ...d.jobArgs(jobs[d.vendor]!), timeoutSeconds: 600 }), {
        customTimeouts: { create: "1s" },
      }),
    );
    expect(up.ok).toBe(false);
    expect(errorsByVendor(up, drivers)).toEqual(
      byVendor(drivers, () => [expect.stringContaining("not confirmed within the resource's customTimeouts (1 s)")]),
    );
    expect(byVendor(drivers, (d) => named(s, nameOf(d)).outputs)).toMatchObject(
      byVendor(drivers, (d) => ({ outcome: "cancel-requested", jobIds: [jobs[d.vendor]!.id] })),
    );
    expect(byVendor(drivers, (d) => d.cancels(emu()).length)).toEqual(byVendor(drivers, () => 1));
  });

  it("the Cancel RPC (Ctrl-C) ends every wait at once with a partial failure that keeps each record", async () => {
    const s = stack({ continueOnError: true });
    const jobs = byVendor(drivers, (d) => d.seed(emu(), { cancelSettleMs: 3_600_000 }));
    const running = s.engine.up(everyPlugin((d) => ({ ...d.jobArgs(jobs[d.vendor]!), timeoutSeconds: 600 })));
    // Cancel once every vendor has accepted its cancel, while the provider waits for confirmation.
    const accepted = () => drivers.every((d) => d.cancels(emu()).length > 0);
    for (let i = 0; i < 800 && !accepted(); i++) await new Promise((r) => setTimeout(r, 25));
    expect(byVendor(drivers, (d) => d.cancels(emu()).length)).toEqual(byVendor(drivers, () => 1));
    const sent = Date.now();
    await s.engine.cancel();
    const up = await running;
    const tookMs = Date.now() - sent;
    expect(up.ok).toBe(false);
    expect(errorsByVendor(up, drivers)).toEqual(
      byVendor(drivers, () => [
        expect.stringContaining("the wait was interrupted: the engine asked the provider to stop (Ctrl-C)"),
      ]),
    );
    // Without the Cancel RPC these waits would last 600 s (timeoutSeconds); the measured time is printed by the bench.
    expect(tookMs).toBeLessThan(30_000);
    expect(byVendor(drivers, (d) => named(s, nameOf(d)).outputs)).toMatchObject(
      byVendor(drivers, (d) => ({ outcome: "cancel-requested", jobIds: [jobs[d.vendor]!.id] })),
    );
    expect(byVendor(drivers, (d) => named(s, nameOf(d)).initErrors?.length)).toEqual(byVendor(drivers, () => 1));
  });

  it("with no engine listening, every vendor's cancellation completes, its lines on stderr after one warning", async () => {
    // 127.0.0.1:1: an address where nothing listens, as for a plugin whose engine is gone.
    const s = stack({ engineAddress: "127.0.0.1:1" });
    const jobs = byVendor(drivers, (d) => d.seed(emu()));
    const up = await s.engine.up(everyPlugin((d) => d.jobArgs(jobs[d.vendor]!)));
    expect(up.errors).toEqual([]);
    expect(outputsByVendor(up, drivers)).toMatchObject(byVendor(drivers, () => ({ outcome: "cancelled" })));
    expect(up.engineLog).toEqual([]);
    expect(up.hiddenLog.filter((l) => l.endsWith("progress lines go to stderr"))).toEqual([
      expect.stringMatching(/^ragcancel: the engine at 127\.0\.0\.1:1 took no log message/),
    ]);
    expect(
      byVendor(drivers, (d) =>
        up.hiddenLog.some((l) =>
          new RegExp(`^ragcancel: \\[${nameOf(d)}\\] .+: cancelled \\(.+\\); waited \\d+ s$`).test(l),
        ),
      ),
    ).toEqual(byVendor(drivers, () => true));
  });

  it("preview predicts the outputs: the inputs and the vendor known, the record unknown, no vendor request", async () => {
    const jobs = byVendor(drivers, (d) => d.seed(emu()));
    const preview = await stack().engine.preview(everyPlugin((d) => d.jobArgs(jobs[d.vendor]!)));
    expect(preview.ok).toBe(true);
    expect(opsByVendor(preview, drivers)).toEqual(byVendor(drivers, () => ["preview-create"]));
    // The engine's unknown: `pulumi preview` shows it as "output<string>".
    expect(byVendor(drivers, (d) => preview.outputs[d.vendor])).toMatchObject(
      byVendor(drivers, (d) => ({ vendor: d.vendor, outcome: UNKNOWN })),
    );
    expect(byVendor(drivers, (d) => emu().requests({ vendor: d.vendor }))).toEqual(none);
  });
});

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

describe("AWS's credential chain under the engine's deadline and Cancel (Bedrock: the one vendor with such loaders)", () => {
  const bedrockDriver = DRIVERS.find((d) => d.vendor === "bedrock")!;
  // A profile whose credential_process hangs, with no AWS keys anywhere else: the chain is what runs.
  const dir = mkdtempSync(join(tmpdir(), "ragcancel-aws-"));
  const started = join(dir, "started");
  const file = join(dir, "config");
  writeFileSync(file, `[profile hang]\nregion = us-east-1\ncredential_process = sh -c 'touch ${started}; sleep 8'\n`);
  const chainStack = () => {
    const base = vendorConfig(emu());
    const secretConfig = Object.fromEntries(
      Object.entries(base.secretConfig ?? {}).filter(([k]) => !k.startsWith("ragcancel:aws")),
    );
    return stack({ continueOnError: true, secretConfig, env: { ...VENDOR_ENV, AWS_CONFIG_FILE: file } });
  };
  const program = (opts = {}) => {
    const job = bedrockDriver.seed(emu());
    return () => {
      pluginResource(
        "bedrock",
        "hang-bedrock",
        { ...bedrockDriver.jobArgs(job), profile: "hang", timeoutSeconds: 600 },
        opts,
      );
      return {};
    };
  };

  it("a hanging credential_process ends at customTimeouts, and at the Cancel RPC; nothing is sent", async () => {
    const timed = await chainStack().engine.up(program({ customTimeouts: { create: "1s" } }));
    expect(timed.errors.map((e) => e.message)).toEqual([
      expect.stringContaining(
        "loading the credentials (the resource's customTimeouts (1 s)) did not finish by the deadline; nothing was sent",
      ),
    ]);

    rmSync(started, { force: true });
    const s = chainStack();
    const running = s.engine.up(program());
    for (let i = 0; i < 800 && !existsSync(started); i++) await new Promise((r) => setTimeout(r, 25));
    await s.engine.cancel();
    const cancelled = await running;
    expect(cancelled.errors.map((e) => e.message)).toEqual([
      expect.stringContaining(
        "loading the credentials (timeoutSeconds (600 s)) was interrupted: the engine asked the provider to stop",
      ),
    ]);
    expect(emu().requests({ vendor: "bedrock" })).toEqual([]);
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
