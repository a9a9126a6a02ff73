/**
 * What only the `ragcancel` plugin does, through the plugin started as the CLI starts it from a local path (its
 * executable) and driven over gRPC as the engine drives it: GetSchema, provider config with secrets (CheckConfig,
 * Configure), import, customTimeouts, the Cancel RPC (Ctrl-C), progress with no engine to log to, predicted outputs
 * in preview, and AWS's credential chain under customTimeouts and Cancel. The protocol's edges are in
 * plugin-protocol.test.ts.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { packageSchema, resourceToken } from "../../plugin/schema";
import { adapters } from "../../provider";
import { UNKNOWN } from "../../provider/inputs/inputs";
import { join } from "node:path";
import { PLUGIN, pluginResource } from "./front-doors";
import { useEmulator, PACKAGE_VERSION, resources, stateText, VENDOR_ENV, vendorConfig } from "./setup";
import { byVendor, errorsByVendor, named, nameOf, opsByVendor, outputsByVendor } from "./suites/every-vendor";
import { everythingPrinted } from "./suites/run-output";
import { DRIVERS, SECRET_CANARIES, expectNoSecret } from "./vendors";
import { pluginTools } from "./suites/plugin-tools";

const emu = useEmulator();
const { stack, everyPlugin, plugin } = pluginTools(emu);

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
    await s.engine.cancel();
    const up = await running;
    expect(up.ok).toBe(false);
    expect(errorsByVendor(up, drivers)).toEqual(
      byVendor(drivers, () => [
        expect.stringContaining("the wait was interrupted: the engine asked the provider to stop (Ctrl-C)"),
      ]),
    );
    // Without the Cancel RPC these waits would last 600 s (timeoutSeconds), past jest's timeout; the message above
    // says the engine's stop ended them, not a deadline.
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
