/**
 * The engine harness itself, on a toy provider (widgets): preview, up, update and replace, dependents, refresh,
 * destroy, check failures, partial failures, secrets in state, host output, concurrency, a killed host, protect.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { Widget } from "./fixtures/widget";
import { startWidgetServer, type WidgetServer } from "./fixtures/widget-server";
import { oneWidget, serverCalls, stepOps, TOKEN, widgetEngine, widgetUrn } from "./fixtures/widget-stack";
import { decryptState, type Engine, type EngineOptions, isSecret, programFromModule, UNKNOWN } from "./harness";

let server: WidgetServer;
let dir: string;

beforeEach(async () => {
  server = await startWidgetServer();
  dir = mkdtempSync(join(tmpdir(), "engine-harness-"));
});
afterEach(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

const engine = (extra: Partial<EngineOptions> = {}): Engine => widgetEngine(server, dir, extra);
const urn = widgetUrn;
const ops = stepOps;
const calls = (): string[] => serverCalls(server);

test("preview runs Check only: no create, no state, unknown outputs", async () => {
  const res = await engine().preview(oneWidget({ name: "a", size: 2 }));
  expect(res.errors).toEqual([]);
  expect(ops(res)).toEqual(["preview-create w1"]);
  expect(server.log).toEqual([]);
  expect(existsSync(join(dir, "state.json"))).toBe(false);
  expect(res.outputs).toEqual({ remoteId: UNKNOWN, pid: UNKNOWN, size: 2 });
});

test("up creates in the host process; a second up is 'same' with no provider call", async () => {
  const e = engine();
  const first = await e.up(oneWidget({ name: "a", size: 2 }));
  expect(first.errors).toEqual([]);
  expect(ops(first)).toEqual(["create w1"]);
  const hostPid = e.hostPid!;
  expect(first.outputs.pid).toBe(hostPid);
  expect(hostPid).not.toBe(process.pid);
  expect(server.log).toEqual([{ method: "POST", path: "/widgets", auth: `Bearer ${TOKEN}`, callerPid: hostPid }]);
  expect(e.state().resources.map((r) => [r.urn, r.id])).toEqual([[urn("w1"), "w-1"]]);

  const second = await e.up(oneWidget({ name: "a", size: 2 }));
  expect(ops(second)).toEqual(["same w1"]);
  expect(server.log).toHaveLength(1);
  expect(e.hostPid).not.toBe(hostPid); // one host per run, like the engine
  expect(second.outputs).toEqual(first.outputs);
  expect(e.state().history.map((h) => h.changes.create + h.changes.same)).toEqual([1, 1]);
});

test("an input change updates; a replace-triggering change creates the new one, then deletes the old", async () => {
  const e = engine();
  await e.up(oneWidget({ name: "a", size: 2 }));
  const created = e.state().resources[0]!.created;

  const updated = await e.up(oneWidget({ name: "a", size: 5 }));
  expect(ops(updated)).toEqual(["update w1"]);
  expect(updated.outputs.size).toBe(5);
  expect(e.state().resources[0]).toMatchObject({ id: "w-1", created, outputs: { size: 5 } });

  const replaced = await e.up(oneWidget({ name: "b", size: 5 }));
  expect(ops(replaced)).toEqual(["replace w1"]);
  expect(calls()).toEqual(["POST /widgets", "PUT /widgets/w-1", "POST /widgets", "DELETE /widgets/w-1"]);
  expect(e.state().resources.map((r) => r.id)).toEqual(["w-2"]);
  expect([...server.widgets.keys()]).toEqual(["w-2"]);
});

test("deleteBeforeReplace deletes the old resource first", async () => {
  const e = engine();
  await e.up(oneWidget({ name: "a", size: 1 }, { deleteBeforeReplace: true }));
  const res = await e.up(oneWidget({ name: "b", size: 1 }, { deleteBeforeReplace: true }));
  expect(ops(res)).toEqual(["replace w1"]);
  expect(calls()).toEqual(["POST /widgets", "DELETE /widgets/w-1", "POST /widgets"]);
});

test("outputs flow into dependents; dropped resources are deleted dependents-first", async () => {
  const e = engine();
  const res = await e.up(() => {
    const parent = new Widget("parent", { name: "p", size: 1 });
    const child = new Widget("child", { name: parent.remoteId.apply((id) => `child-of-${id}`), size: parent.size });
    return { childName: child.name };
  });
  expect(res.outputs.childName).toBe("child-of-w-1");
  expect(e.state().resources.find((r) => r.name === "child")?.dependencies).toEqual([urn("parent")]);

  server.delayMs = 100;
  server.maxInFlight = 0;
  const emptied = await e.up(() => ({}));
  expect(ops(emptied)).toEqual(["delete child", "delete parent"]);
  expect(calls().slice(2)).toEqual(["DELETE /widgets/w-2", "DELETE /widgets/w-1"]);
  expect(server.maxInFlight).toBe(1); // the parent's delete waited for the child's
  expect(e.state().resources).toEqual([]);
});

test("refresh replaces outputs, and a resource whose Read returns no id is dropped", async () => {
  const e = engine();
  await e.up(() => {
    new Widget("kept", { name: "k", size: 1 });
    new Widget("gone", { name: "g", size: 1 });
  });
  server.widgets.get("w-1")!.size = 9;
  server.widgets.delete("w-2");
  const res = await e.refresh();
  expect(res.ok).toBe(true);
  expect(ops(res)).toEqual(["read-delete gone", "refresh kept"]);
  const state = e.state();
  expect(state.resources.map((r) => [r.name, r.outputs.size])).toEqual([["kept", 9]]);
  expect(state.history.at(-1)).toMatchObject({ kind: "refresh", changes: { refresh: 1, delete: 1 } });
});

test("destroy deletes everything except retainOnDelete resources, and empties the state", async () => {
  const e = engine();
  await e.up(() => {
    new Widget("a", { name: "a", size: 1 });
    new Widget("b", { name: "b", size: 1 });
    new Widget("kept", { name: "k", size: 1 }, { retainOnDelete: true });
  });
  const res = await e.destroy();
  expect(res.ok).toBe(true);
  expect(ops(res)).toEqual(["delete a", "delete b", "delete kept"]);
  expect(
    calls()
      .filter((c) => c.startsWith("DELETE"))
      .sort(),
  ).toEqual(["DELETE /widgets/w-1", "DELETE /widgets/w-2"]);
  expect([...server.widgets.keys()]).toEqual(["w-3"]);
  expect(e.state()).toMatchObject({ resources: [], outputs: {} });
});

test("a check failure is reported with property and reason, and nothing is created", async () => {
  const e = engine();
  const res = await e.up(oneWidget({ name: "a", size: -1 }));
  expect(res.ok).toBe(false);
  expect(res.errors).toEqual([
    { urn: urn("w1"), message: expect.stringContaining('property "size": size must be a non-negative integer') },
  ]);
  expect(res.steps).toEqual([expect.objectContaining({ op: "create", error: res.errors[0]!.message })]);
  expect(server.log).toEqual([]);
  expect(e.state().resources).toEqual([]);
});

test("a create error saves nothing", async () => {
  server.failNext("POST", 500);
  const e = engine();
  const res = await e.up(oneWidget({ name: "a", size: 1 }));
  expect(res.ok).toBe(false);
  expect(res.errors[0]!.message).toMatch(/^create failed: POST \/widgets answered 500/);
  expect(e.state().resources).toEqual([]);
});

test("a partial failure is saved with initErrors, and the next up calls Update", async () => {
  server.breakNextCreate();
  const e = engine();
  const res = await e.up(oneWidget({ name: "a", size: 1 }));
  expect(res.ok).toBe(false);
  expect(res.errors[0]!.message).toMatch(/create partially failed: widget w-1 did not become ready/);
  expect(e.state().resources).toEqual([
    expect.objectContaining({
      id: "w-1",
      initErrors: ["widget w-1 is broken"],
      outputs: expect.objectContaining({ remoteId: "w-1" }),
    }),
  ]);

  const retry = await e.up(oneWidget({ name: "a", size: 1 }));
  expect(retry.errors).toEqual([]);
  expect(ops(retry)).toEqual(["update w1"]);
  expect(calls()).toEqual(["POST /widgets", "PUT /widgets/w-1"]);
  expect(e.state().resources[0]!.initErrors).toBeUndefined();
});

test("secrets: secret config reaches configure; secret inputs and outputs are encrypted in the state file", async () => {
  const e = engine();
  const seen: Record<string, boolean> = {};
  const res = await e.up(() => {
    const w = new Widget(
      "w1",
      { name: "a", size: 1, secretNote: pulumi.secret("note-s3cr3t") },
      { additionalSecretOutputs: ["receipt"] },
    );
    void pulumi.isSecret(w.secretNote).then((s) => (seen.note = s));
    void pulumi.isSecret(w.size).then((s) => (seen.size = s));
    return { note: w.secretNote, receipt: w.receipt, size: w.size };
  });
  expect(res.errors).toEqual([]);
  expect(server.log[0]!.auth).toBe(`Bearer ${TOKEN}`);
  expect(seen).toEqual({ note: true, size: false });
  expect(res.outputs).toEqual({ note: "note-s3cr3t", receipt: "receipt-w-1", size: 1 });
  expect(res.secretOutputs.sort()).toEqual(["note", "receipt"]);

  const text = readFileSync(join(dir, "state.json"), "utf8");
  for (const plain of ["note-s3cr3t", TOKEN, "receipt-w-1"]) expect(text).not.toContain(plain);
  const stored = e.state().resources[0]!;
  expect(stored.inputs.secretNote).toEqual({
    "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270",
    ciphertext: expect.stringMatching(/^v1:/),
  });
  expect(stored.outputs.size).toBe(1);

  const decrypted = decryptState(e.state());
  expect(isSecret(decrypted.resources[0]!.outputs.secretNote)).toBe(true);
  expect(decrypted.resources[0]!.outputs.receipt).toEqual({
    "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270",
    value: "receipt-w-1",
  });
  expect(decrypted.secretConfig).toEqual({ "widgets:token": expect.objectContaining({ value: TOKEN }) });
  expect(() => decryptState(e.state(), "wrong passphrase")).toThrow(/incorrect passphrase/);

  // The provider got plain values (acceptSecrets=false), and the next up still sees no change.
  const again = await e.up(() => {
    new Widget(
      "w1",
      { name: "a", size: 1, secretNote: pulumi.secret("note-s3cr3t") },
      { additionalSecretOutputs: ["receipt"] },
    );
  });
  expect(ops(again)).toEqual(["same w1"]);
});

test("host stdout/stderr lines after the port line are captured", async () => {
  const res = await engine().up(oneWidget({ name: "a", size: 1 }));
  expect(res.hostLog).toEqual(
    expect.arrayContaining([`[widget] configured for ${server.url}`, "[widget] created w-1"]),
  );
  expect(res.hostLog.every((l) => !/^\d+$/.test(l))).toBe(true);
});

test("two engines and many runs share one process without interfering", async () => {
  const a = engine({ stack: "a", stateFile: join(dir, "a.json") });
  const b = engine({ stack: "b", stateFile: join(dir, "b.json") });
  const [ra, rb] = await Promise.all([
    a.up(oneWidget({ name: "a", size: 1 })),
    b.up(oneWidget({ name: "b", size: 2 })),
  ]);
  expect([ra.ok, rb.ok]).toEqual([true, true]);
  expect(a.state().resources.map((r) => [r.urn, r.outputs.name])).toEqual([[urn("w1", "a"), "a"]]);
  expect(b.state().resources.map((r) => [r.urn, r.outputs.name])).toEqual([[urn("w1", "b"), "b"]]);
  expect(ops(await a.up(oneWidget({ name: "a", size: 3 })))).toEqual(["update w1"]);
  expect(ops(await b.destroy())).toEqual(["delete w1"]);
  expect(ops(await a.up(oneWidget({ name: "a", size: 3 })))).toEqual(["same w1"]);
  expect(b.state().resources).toEqual([]);
});

test("programFromModule evaluates the module afresh on every run; its exports are the stack outputs", async () => {
  const e = engine({ config: { "widgets:url": server.url, "widgets:name": "from-config", "widgets:size": "4" } });
  const program = programFromModule(join(__dirname, "fixtures", "widget-program.ts"));
  const first = await e.up(program);
  expect(first.errors).toEqual([]);
  expect(first.outputs).toEqual({ remoteId: "w-1", token: TOKEN });
  expect(first.secretOutputs).toEqual(["token"]);
  // Were the module cached, nothing would register and the second run would delete the widget.
  expect(ops(await e.up(program))).toEqual(["same from-module"]);
});

test("killing the host mid-operation fails that step and saves nothing for it", async () => {
  server.delayMs = 2_000;
  let killed = false;
  const watch = setInterval(() => {
    if (!killed && server.log.length > 0 && e.hostPid !== undefined) {
      killed = true;
      process.kill(e.hostPid, "SIGKILL");
    }
  }, 10);
  const e = engine();
  try {
    const res = await e.up(oneWidget({ name: "a", size: 1 }));
    expect(killed).toBe(true);
    expect(res.ok).toBe(false);
    expect(res.errors[0]!.message).toMatch(/^create failed/);
    expect(e.state().resources).toEqual([]);
  } finally {
    clearInterval(watch);
  }
});

test("Create calls run up to `parallel` at a time", async () => {
  server.delayMs = 150;
  const three = (): void => {
    for (const n of ["x", "y", "z"]) new Widget(n, { name: n, size: 1 });
  };
  await engine({ parallel: 1, stateFile: join(dir, "serial.json") }).up(three);
  expect(server.maxInFlight).toBe(1);
  server.maxInFlight = 0;
  await engine({ parallel: 4, stateFile: join(dir, "parallel.json") }).up(three);
  expect(server.maxInFlight).toBe(3);
});

test("a protected resource is neither deleted nor replaced", async () => {
  const e = engine();
  await e.up(oneWidget({ name: "a", size: 1 }, { protect: true }));
  const replaced = await e.up(oneWidget({ name: "b", size: 1 }, { protect: true }));
  expect(replaced.errors[0]!.message).toMatch(/marked for protection/);
  const destroyed = await e.destroy();
  expect(destroyed.errors[0]!.message).toMatch(/protected/);
  expect(e.state().resources.map((r) => r.id)).toEqual(["w-1"]);
  expect(calls()).toEqual(["POST /widgets"]);
});
