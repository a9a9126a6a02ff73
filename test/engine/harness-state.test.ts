/**
 * The harness keeps its state in the Pulumi CLI's own formats: the export (`pulumi stack export`, checked against
 * Pulumi's JSON schemas), the history (`pulumi stack history --json`) and the stack's config file, with secrets
 * encrypted as the passphrase provider encrypts them. No host is started: the files are written from a state built
 * here, read back, checked, and decrypted independently.
 */
import { createDecipheriv, pbkdf2Sync } from "node:crypto";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse as parseYaml } from "yaml";
import { parseExport } from "../../audit/parse/export";
import { parseHistory } from "../../audit/parse/history";
import { validatorOrSkip } from "./export-schema";
import { decryptState, SECRET_SIG, SIG_KEY, stackFiles, type StateFile, unwrapSecrets } from "./harness";
import { loadState, readStateFile, saveState } from "./harness/state-store";

const PASSPHRASE = "correct horse battery staple";
const secret = (value: unknown) => ({ [SIG_KEY]: SECRET_SIG, value });
const DYNAMIC_TYPE = "pulumi-nodejs:dynamic/ragcancel:digitalocean.IndexingJobCancellation";
const PLUGIN_TYPE = "ragcancel:groundx:IndexingJobCancellation";
const urn = (type: string, name: string) => `urn:pulumi:dev::proj::${type}::${name}`;

function written(): { file: string; state: StateFile } {
  const file = join(mkdtempSync(join(tmpdir(), "ragcancel-harness-state-")), "state.json");
  const loaded = loadState(file, "proj", "dev", PASSPHRASE);
  const at = "2026-11-23T03:03:20.452Z";
  loaded.state.resources = [
    {
      urn: urn(DYNAMIC_TYPE, "stop-kb"),
      type: DYNAMIC_TYPE,
      name: "stop-kb",
      id: "do-1",
      inputs: { jobUuid: "j-1", credentials: secret({ token: "dop_v1_canary" }) },
      outputs: { outcome: "cancelled", credentials: secret({ token: "dop_v1_canary" }) },
      additionalSecretOutputs: ["credentials"],
      created: at,
      modified: at,
    },
    {
      urn: urn(PLUGIN_TYPE, "stop-ingest"),
      type: PLUGIN_TYPE,
      name: "stop-ingest",
      id: "gx-1",
      inputs: {},
      outputs: { outcome: "cancel-requested" },
      initErrors: ["not confirmed within timeoutSeconds"],
      dependencies: [urn(DYNAMIC_TYPE, "stop-kb")],
      retainOnDelete: true,
      created: at,
      modified: at,
    },
  ];
  loaded.state.outputs = { audit: secret({ reason: "CHG-1" }), count: 2 };
  loaded.state.secretConfig = { "ragcancel:digitaloceanToken": secret("dop_v1_config_canary") };
  loaded.state.history = [
    {
      kind: "up",
      startedAt: "2026-11-23T03:03:10.700Z",
      durationMs: 10_500,
      ok: true,
      changes: { create: 2, update: 0, replace: 0, delete: 0, same: 0, refresh: 0 },
      message: "CHG-1",
      environment: { "git.author": "Ann", "exec.kind": "cli" },
      config: { "ragcancel:digitaloceanToken": { secret: true }, "proj:kb": { value: "kb-1", secret: false } },
    },
    {
      kind: "refresh",
      startedAt: "2026-11-24T00:00:00.000Z",
      durationMs: 900,
      ok: false,
      changes: { create: 0, update: 0, replace: 0, delete: 0, same: 0, refresh: 2 },
    },
  ];
  saveState(file, loaded);
  return { file, state: loaded.state };
}

const { file, state } = written();
const files = stackFiles(file);
const exportedText = readFileSync(files.exported, "utf8");
const exported = JSON.parse(exportedText);

describe("the export", () => {
  it("is what `pulumi stack export` prints: version 3, 4-space indent, the stack and default providers first", () => {
    expect(exportedText).toMatch(/^\{\n {4}"version": 3,\n {4}"deployment": \{\n {8}"manifest"/);
    expect(exported.deployment.manifest.magic).toMatch(/^[0-9a-f]{64}$/);
    const types = exported.deployment.resources.map((r: { type: string }) => r.type);
    expect(types).toEqual([
      "pulumi:pulumi:Stack",
      "pulumi:providers:pulumi-nodejs",
      "pulumi:providers:ragcancel",
      DYNAMIC_TYPE,
      PLUGIN_TYPE,
    ]);
    const byUrn = new Map(exported.deployment.resources.map((r: { urn: string; id?: string }) => [r.urn, r]));
    for (const r of exported.deployment.resources.slice(3) as { provider: string; parent: string }[]) {
      const cut = r.provider.lastIndexOf("::");
      const [providerUrn, providerId] = [r.provider.slice(0, cut), r.provider.slice(cut + 2)];
      expect((byUrn.get(providerUrn) as { id: string }).id).toBe(providerId);
      expect(r.parent).toBe("urn:pulumi:dev::proj::pulumi:pulumi:Stack::proj-dev");
    }
  });

  it("passes Pulumi's own schemas (resourceV3 widened by core.go's fields only)", () => {
    const validate = validatorOrSkip();
    if (!validate) return;
    expect(validate(exported)).toEqual([]);
    // The validator can fail: a secret in the old harness form, a field core.go does not have.
    const bad = structuredClone(exported);
    bad.deployment.resources[3].outputs.credentials = { [SIG_KEY]: SECRET_SIG, value: "x" };
    bad.deployment.resources[4].harnessOnly = true;
    expect(validate(bad).length).toBeGreaterThan(0);
  });

  it("keeps every secret encrypted, in all three files", () => {
    const all = Object.values(files)
      .map((f) => readFileSync(f, "utf8"))
      .join("\n");
    for (const plain of ["dop_v1_canary", "dop_v1_config_canary", '"reason"']) expect(all).not.toContain(plain);
  });

  it("reads back as it was written", () => {
    const back = decryptState(readStateFile(file, "proj", "dev"), PASSPHRASE);
    expect(back.resources).toEqual(state.resources);
    expect(unwrapSecrets(back.outputs)).toEqual({ audit: { reason: "CHG-1" }, count: 2 });
    expect(back.secretConfig).toEqual({ "ragcancel:digitaloceanToken": secret("dop_v1_config_canary") });
    expect(back.history.map((h) => [h.kind, h.ok, h.changes.create, h.changes.refresh, h.message])).toEqual([
      ["up", true, 2, 0, "CHG-1"],
      ["refresh", false, 0, 2, ""],
    ]);
  });

  it("refuses another stack's export, and a file that is no export", () => {
    expect(() => readStateFile(file, "proj", "prod")).toThrow(/is not in proj\/prod/);
    const other = join(mkdtempSync(join(tmpdir(), "ragcancel-harness-state-")), "state.json");
    writeFileSync(other, '{"version": 1, "resources": []}');
    expect(() => readStateFile(other, "proj", "dev")).toThrow(/is not a pulumi stack export \(deployment version 3\)/);
  });

  it("is read by `ragcancel audit`", () => {
    expect(parseExport({ name: "state.json", text: exportedText }).resources.map((r) => r.type)).toContain(PLUGIN_TYPE);
  });
});

describe("secrets, as the passphrase provider keeps them", () => {
  // Pulumi's own algorithm, written out again: crypt.go, manager.go.
  const [, salt, ...check] = (exported.deployment.secrets_providers.state.salt as string).split(":");
  const key = pbkdf2Sync(PASSPHRASE, Buffer.from(salt!, "base64"), 1_000_000, 32, "sha256");
  const open = (ciphertext: string) => {
    const [, nonce, sealed] = ciphertext.split(":");
    const bytes = Buffer.from(sealed!, "base64");
    const d = createDecipheriv("aes-256-gcm", key, Buffer.from(nonce!, "base64"));
    d.setAuthTag(bytes.subarray(bytes.length - 16));
    return Buffer.concat([d.update(bytes.subarray(0, bytes.length - 16)), d.final()]).toString("utf8");
  };

  it("the state: v1:<8-byte salt>:<'pulumi' encrypted>, shared with the config file's encryptionsalt", () => {
    expect(exported.deployment.secrets_providers.type).toBe("passphrase");
    expect(Buffer.from(salt!, "base64")).toHaveLength(8);
    expect(open(check.join(":"))).toBe("pulumi");
    const config = parseYaml(readFileSync(files.config, "utf8"));
    expect(config.encryptionsalt).toBe(exported.deployment.secrets_providers.state.salt);
    expect(open(config.config["ragcancel:digitaloceanToken"].secure)).toBe("dop_v1_config_canary");
  });

  it("a property value's ciphertext is its JSON, sealed with the passphrase's key", () => {
    const stored = exported.deployment.resources[3].outputs.credentials;
    expect(Object.keys(stored).sort()).toEqual([SIG_KEY, "ciphertext"].sort());
    expect(JSON.parse(open(stored.ciphertext))).toEqual({ token: "dop_v1_canary" });
  });

  it("a wrong passphrase is told by the check message", () => {
    expect(() => decryptState(readStateFile(file, "proj", "dev"), "wrong")).toThrow(/incorrect passphrase/);
  });
});

describe("the history", () => {
  const text = readFileSync(files.history, "utf8");

  it("is what `pulumi stack history --json` prints: newest first, whole seconds, apitype kinds, no secret value", () => {
    const json = JSON.parse(text);
    expect(json).toEqual([
      expect.objectContaining({
        version: 2,
        kind: "refresh",
        result: "failed",
        startTime: "2026-11-24T00:00:00.000Z",
        endTime: "2026-11-24T00:00:00.000Z",
      }),
      {
        version: 1,
        kind: "update",
        startTime: "2026-11-23T03:03:10.000Z",
        endTime: "2026-11-23T03:03:21.000Z",
        message: "CHG-1",
        environment: { "git.author": "Ann", "exec.kind": "cli" },
        config: { "ragcancel:digitaloceanToken": { secret: true }, "proj:kb": { value: "kb-1", secret: false } },
        result: "succeeded",
        resourceChanges: { create: 2 },
      },
    ]);
    expect(text).toMatch(/^\[\n {2}\{\n {4}"version": 2/);
  });

  it("is read by `ragcancel audit`", () => {
    expect(parseHistory({ name: "h", text }).updates.map((u) => [u.version, u.kind])).toEqual([
      [1, "update"],
      [2, "refresh"],
    ]);
  });
});
