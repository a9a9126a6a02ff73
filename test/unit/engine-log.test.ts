/**
 * The plugin's Engine client: progress lines as `Log` calls with the URN and severity info, in order; stderr, warned
 * once, when no engine takes them; never a wait on an engine that does not answer.
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
  const sink = log.sinkFor(URN);
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
  const sink = log.sinkFor(URN);
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

it("never waits on an engine that does not answer: the sink returns at once, the line goes to stderr at the deadline", async () => {
  const address = await engineServer(() => undefined);
  const out = stderr();
  const log = connectEngineLog(address, { write: out.write, deadlineMs: 200 });
  const started = Date.now();
  log.sinkFor(URN)("stuck", { ephemeral: false });
  expect(Date.now() - started).toBeLessThan(50);
  await log.flush();
  expect(out.text).toEqual([expect.stringMatching(/DEADLINE_EXCEEDED/), "stuck\n"]);
  log.close();
});

it("a flush waits a second at most, whatever the deadline", async () => {
  const address = await engineServer(() => undefined);
  const log = connectEngineLog(address, { write: stderr().write, deadlineMs: 60_000 });
  log.sinkFor(URN)("stuck", { ephemeral: false });
  const started = Date.now();
  await log.flush();
  expect(Date.now() - started).toBeLessThan(1_500);
  log.close();
});

it("the engine's address is the last argument, when it looks like one", () => {
  expect(engineAddressOf(["node", "main.js", "127.0.0.1:4321"])).toBe("127.0.0.1:4321");
  expect(engineAddressOf(["node", "run-plugin", "--tracing", "x", "localhost:9"])).toBe("localhost:9");
  expect(engineAddressOf(["node", "main.js", ":4321"])).toBe("127.0.0.1:4321");
  expect(engineAddressOf(["node", "main.js"])).toBeUndefined();
  expect(engineAddressOf(["node", "main.js", "/some/dir"])).toBeUndefined();
});
