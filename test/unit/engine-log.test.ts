/**
 * The plugin's Engine client: progress lines as `Log` calls with the URN and severity info, in order; stderr, warned
 * once, when no engine takes them; never a wait on an engine that does not answer. No assertion here is timed: each
 * bound is shown by what has and has not happened when a flush resolves.
 */
import * as grpc from "@grpc/grpc-js";
import * as engineGrpc from "@pulumi/pulumi/proto/engine_grpc_pb";
import type * as enginePb from "@pulumi/pulumi/proto/engine_pb";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { connectEngineLog, engineAddressOf } from "../../plugin/engine-log";

const URN = "urn:pulumi:dev::proj::ragcancel:digitalocean:IndexingJobCancellation::stop-kb";

const servers: grpc.Server[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.forceShutdown();
});

/** A gRPC server on loopback serving `log` (or no method at all), closed after the test. */
async function engineServer(log?: grpc.handleUnaryCall<enginePb.LogRequest, Empty>): Promise<string> {
  const server = new grpc.Server();
  server.addService(engineGrpc.EngineService, log ? { log } : {});
  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, p) => {
      if (err) reject(err);
      else resolve(p);
    });
  });
  servers.push(server);
  return `127.0.0.1:${port}`;
}

/** Collects what the client writes instead of stderr. */
function stderr() {
  const text: string[] = [];
  return { text, write: (t: string) => text.push(t) };
}

it("sends each line as Log with the URN, severity info and ephemeral as given, in order", async () => {
  const got: enginePb.LogRequest.AsObject[] = [];
  const address = await engineServer((call, done) => {
    got.push(call.request.toObject());
    done(null, new Empty());
  });
  const out = stderr();
  const log = connectEngineLog(address, { write: out.write });
  const sink = log.forResource(URN).progress;
  sink("ragcancel: [stop-kb] waiting", { ephemeral: true });
  sink("ragcancel: [stop-kb] cancelled", { ephemeral: false });
  await log.flush();
  log.close();
  expect(got).toEqual([
    { severity: 1, message: "ragcancel: [stop-kb] waiting", urn: URN, streamid: 0, ephemeral: true },
    { severity: 1, message: "ragcancel: [stop-kb] cancelled", urn: URN, streamid: 0, ephemeral: false },
  ]);
  expect(out.text).toEqual([]);
});

it.each([
  ["nothing listens (the dummy address)", () => Promise.resolve("127.0.0.1:1")],
  ["the engine does not serve Log (Unimplemented)", () => engineServer()],
])("falls back to stderr when %s, warning once", async (_case, address) => {
  const out = stderr();
  const log = connectEngineLog(await address(), { write: out.write });
  const sink = log.forResource(URN).progress;
  sink("line 1", { ephemeral: true });
  sink("line 2", { ephemeral: false });
  await log.flush();
  log.close();
  expect(out.text).toEqual([
    expect.stringMatching(/^ragcancel: .+; progress lines go to stderr\n$/),
    "line 1\n",
    "line 2\n",
  ]);
});

it("never waits on an engine that does not answer: the sink returns before the engine has the line, which goes to stderr at its deadline", async () => {
  const events: string[] = [];
  const address = await engineServer((call) => {
    events.push(`engine received ${call.request.getMessage()}`);
  });
  const out = stderr();
  // A flush far longer than the deadline: it resolves because the line went to stderr, not because it gave up.
  const log = connectEngineLog(address, { write: out.write, deadlineMs: 200, flushMs: 60_000 });
  log.forResource(URN).progress("stuck", { ephemeral: false });
  events.push("the sink returned");
  await log.flush();
  expect(events).toEqual(["the sink returned", "engine received stuck"]);
  expect(out.text).toEqual([expect.stringMatching(/DEADLINE_EXCEEDED/), "stuck\n"]);
  log.close();
});

it("a flush is bounded: it resolves while the engine holds the line, unanswered and not timed out", async () => {
  let received!: () => void;
  const arrived = new Promise<void>((resolve) => {
    received = resolve;
  });
  let answer: grpc.sendUnaryData<Empty> | undefined;
  const address = await engineServer((_call, done) => {
    answer = done;
    received();
  });
  const out = stderr();
  const log = connectEngineLog(address, { write: out.write, deadlineMs: 60_000, flushMs: 50 });
  log.forResource(URN).progress("held", { ephemeral: false });
  await arrived;
  await log.flush();
  // The flush resolved, yet the call is still open: not answered, not timed out, so not sent to stderr.
  expect(answer).toBeDefined();
  expect(out.text).toEqual([]);
  answer?.(null, new Empty());
  log.close();
});

it("a resource's flush waits for its own lines, not for another resource's later ones", async () => {
  const answered: string[] = [];
  const held: grpc.sendUnaryData<Empty>[] = [];
  const address = await engineServer((call, done) => {
    const message = call.request.getMessage();
    if (message.startsWith("b:")) held.push(done);
    else {
      answered.push(message);
      done(null, new Empty());
    }
  });
  const out = stderr();
  // Were the flush to wait for "b: later", which the engine never answers, it would outlast the test's timeout.
  const log = connectEngineLog(address, { write: out.write, deadlineMs: 60_000, flushMs: 60_000 });
  const a = log.forResource(URN);
  const b = log.forResource(`${URN}-b`);
  a.progress("a: waiting", { ephemeral: true });
  b.progress("b: later", { ephemeral: true });
  await a.flush();
  expect(answered).toEqual(["a: waiting"]);
  expect(out.text).toEqual([]);
  log.close();
});

it("the engine's address is the last argument, when it looks like one", () => {
  expect(engineAddressOf(["node", "main.js", "127.0.0.1:4321"])).toBe("127.0.0.1:4321");
  expect(engineAddressOf(["node", "run-plugin", "--tracing", "x", "localhost:9"])).toBe("localhost:9");
  expect(engineAddressOf(["node", "main.js", ":4321"])).toBe("127.0.0.1:4321");
  expect(engineAddressOf(["node", "main.js"])).toBeUndefined();
  expect(engineAddressOf(["node", "main.js", "/some/dir"])).toBeUndefined();
});

it("after attach, lines go to the engine that attached; one that takes none sends them to stderr, warned", async () => {
  const first: string[] = [];
  const second: string[] = [];
  const serve = (into: string[]) =>
    engineServer((call, done) => {
      into.push(call.request.getMessage());
      done(null, new Empty());
    });
  const out = stderr();
  const log = connectEngineLog(await serve(first), { write: out.write });
  log.forResource(URN).progress("to the first", { ephemeral: false });
  await log.flush();
  log.attach(await serve(second));
  log.forResource(URN).progress("to the second", { ephemeral: false });
  await log.flush();
  log.attach("127.0.0.1:1");
  log.forResource(URN).progress("to nobody", { ephemeral: false });
  await log.flush();
  log.close();
  expect([first, second]).toEqual([["to the first"], ["to the second"]]);
  expect(out.text).toEqual([expect.stringMatching(/the engine at 127\.0\.0\.1:1 took no log message/), "to nobody\n"]);
});
