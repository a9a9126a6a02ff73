/**
 * What only the `ragcancel` plugin does, through the plugin started as the nodejs language host starts it and
 * driven over gRPC as the engine drives it: GetSchema, provider config with secrets (CheckConfig, Configure),
 * import, customTimeouts, the Cancel RPC (Ctrl-C) and predicted outputs in preview.
 */
import { spawnSync } from "node:child_process";
import type { Emulator } from "../emulator";
import { packageSchema, resourceToken } from "../../plugin/schema";
import { adapters } from "../../provider";
import { UNKNOWN } from "../../provider/inputs/inputs";
import { PLUGIN, PLUGIN_DIR, pluginResource } from "./front-doors";
import { startPlugin } from "./harness/provider-plugin";
import { emulator, only, REPO, resources, stack as newStack, stateText, VENDOR_ENV, vendorConfig } from "./setup";
import { DRIVERS, SECRET_CANARIES, expectNoSecret, type Driver } from "./vendors";

let emu: Emulator;
beforeAll(async () => {
  emu = await emulator();
});
afterAll(async () => {
  await emu.close();
});
beforeEach(() => {
  emu.reset();
});

const stack = (overrides = {}) => newStack(emu, { ...PLUGIN.stack, ...overrides });
const program =
  (d: Driver, args: Record<string, unknown>, opts = {}) =>
  () => {
    const r = pluginResource(d.vendor, "stop", args, opts);
    return { outcome: r.outcome, phase: r.phase, jobIds: r.jobIds };
  };

/** Starts the plugin alone (no program), configured with the emulator's stack config. */
function plugin(config = vendorConfig(emu)) {
  return startPlugin({
    pluginDir: PLUGIN_DIR,
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
      expect(served).toEqual(packageSchema(p.version));
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

  it.each(DRIVERS.map((d) => [d.vendor, d] as const))(
    "%s: a secret provider-config credential reaches no state, output, host output or error",
    async (_v, d) => {
      const s = stack();
      const job = d.seed(emu);
      const up = await s.engine.up(program(d, d.jobArgs(job)));
      expect(up.errors).toEqual([]);
      expect(up.outputs.outcome).toBe("cancelled");
      const refreshed = await s.engine.refresh();
      expectNoSecret(
        {
          state: stateText(s),
          outputs: JSON.stringify(up.outputs),
          "host output": [...up.hostLog, ...refreshed.hostLog].join("\n"),
          errors: JSON.stringify([...up.errors, ...refreshed.errors]),
        },
        SECRET_CANARIES,
      );
    },
  );
});

describe.each(DRIVERS.map((d) => [d.vendor, d] as const))("%s through the plugin", (_v, d) => {
  it("imports a cancelled job by its id, and the next up with the matching program shows no changes", async () => {
    const source = stack();
    const job = d.seed(emu);
    await source.engine.up(program(d, d.jobArgs(job)));
    const id = only(source).id;
    emu.clearRequests();

    const s = stack();
    const imported = await s.engine.import(resourceToken(d.vendor), "stop", id);
    expect(imported.errors).toEqual([]);
    expect(d.cancels(emu)).toEqual([]);
    const record = only(s);
    expect(record.id).toBe(id);
    expect(record.outputs).toMatchObject({ vendor: d.vendor, requestedAt: null });
    expect(record.inputs).toEqual(d.jobArgs(job));

    emu.clearRequests();
    const up = await s.engine.up(program(d, record.inputs));
    expect(up.errors).toEqual([]);
    expect(up.steps.map((x) => x.op)).toEqual(["same"]);
    expect(d.cancels(emu)).toEqual([]);
  });

  it("refuses to import a job that still runs, and sends nothing", async () => {
    const job = d.seed(emu);
    const target = d.selectorArgs ? d.selectorArgs(job.group) : d.jobArgs(job);
    const s = stack();
    const imported = await s.engine.import(resourceToken(d.vendor), "stop", adapters[d.vendor].resourceId(target));
    expect(imported.ok).toBe(false);
    expect(imported.errors[0]?.message).toContain("`pulumi import` adopts a cancellation that has already happened");
    expect(resources(s)).toEqual([]);
    expect(d.cancels(emu)).toEqual([]);
  });

  it("customTimeouts bound the wait when smaller than timeoutSeconds; the record is kept", async () => {
    const s = stack();
    const job = d.seed(emu, { cancelSettleMs: 3_600_000 });
    const up = await s.engine.up(
      program(d, { ...d.jobArgs(job), timeoutSeconds: 600 }, { customTimeouts: { create: "1s" } }),
    );
    expect(up.ok).toBe(false);
    expect(up.errors[0]?.message).toContain("not confirmed within the resource's customTimeouts (1 s)");
    expect(only(s).outputs).toMatchObject({ outcome: "cancel-requested", jobIds: [job.id] });
    expect(d.cancels(emu)).toHaveLength(1);
  });

  it("the Cancel RPC (Ctrl-C) ends a wait at once with a partial failure that keeps the record", async () => {
    const s = stack();
    const job = d.seed(emu, { cancelSettleMs: 3_600_000 });
    const running = s.engine.up(program(d, { ...d.jobArgs(job), timeoutSeconds: 600 }));
    // Cancel once the vendor has accepted the cancel, while the provider waits for confirmation.
    for (let i = 0; i < 400 && d.cancels(emu).length === 0; i++) await new Promise((r) => setTimeout(r, 25));
    expect(d.cancels(emu)).toHaveLength(1);
    const sent = Date.now();
    await s.engine.cancel();
    const up = await running;
    const tookMs = Date.now() - sent;
    expect(up.ok).toBe(false);
    expect(up.errors[0]?.message).toContain("the wait was interrupted: the engine asked the provider to stop (Ctrl-C)");
    // Without the Cancel RPC this wait would last 600 s (timeoutSeconds); the measured time is printed by the bench.
    expect(tookMs).toBeLessThan(30_000);
    expect(only(s).outputs).toMatchObject({ outcome: "cancel-requested", jobIds: [job.id] });
    expect(only(s).initErrors?.length).toBe(1);
  });

  it("preview predicts the outputs: the inputs and the vendor known, the record unknown, no vendor request", async () => {
    const s = stack();
    const job = d.seed(emu);
    const preview = await s.engine.preview(() => {
      const r = pluginResource(d.vendor, "stop", d.jobArgs(job));
      return { vendor: r.vendor, outcome: r.outcome };
    });
    expect(preview.ok).toBe(true);
    expect(preview.steps.map((x) => x.op)).toEqual(["preview-create"]);
    expect(preview.outputs.vendor).toBe(d.vendor);
    // The engine's unknown: `pulumi preview` shows it as "output<string>".
    expect(preview.outputs.outcome).toBe(UNKNOWN);
    expect(emu.requests({ vendor: d.vendor })).toEqual([]);
  });
});

it("the plugin process exits cleanly (code 0) on SIGTERM after a Cancel", () => {
  const script = `
    const { spawn } = require("node:child_process");
    const p = spawn(process.execPath, [require.resolve("@pulumi/pulumi/cmd/run-plugin", { paths: [${JSON.stringify(PLUGIN_DIR)}] }), ${JSON.stringify(PLUGIN_DIR)}, "127.0.0.1:1"], { stdio: ["ignore", "pipe", "inherit"] });
    p.stdout.once("data", () => p.kill("SIGTERM"));
    p.on("exit", (code, signal) => { console.log(JSON.stringify({ code, signal })); });
  `;
  const res = spawnSync(process.execPath, ["-e", script], { cwd: REPO, encoding: "utf8", timeout: 30_000 });
  expect(JSON.parse(res.stdout.trim())).toEqual({ code: 0, signal: null });
});
