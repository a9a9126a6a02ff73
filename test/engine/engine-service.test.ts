/**
 * The harness's Engine service, which the engine serves to every plugin at the address it passes last: it records
 * each `Log` call as the engine would display it, and refuses a severity the engine does not know.
 */
import type { ServiceError } from "@grpc/grpc-js";
import type { LogSeverity } from "@pulumi/pulumi/proto/engine_pb";
import { startEngineService, type EngineService } from "./harness/engine-service";
import { loadProtoModules } from "./harness/proto-modules";
import { repoRoot } from "../contract/specs/location";

const m = loadProtoModules(repoRoot());
const URN = "urn:pulumi:dev::proj::ragcancel:groundx:IndexingJobCancellation::stop-groundx";

let service: EngineService;
beforeEach(async () => {
  service = await startEngineService(m);
});
afterEach(async () => {
  await service.close();
});

/** One `Log` call to the service; resolves with its error, if any. */
function log(severity: LogSeverity, message: string, ephemeral: boolean): Promise<ServiceError | null> {
  const client = new m.engineGrpc.EngineClient(service.address, m.grpc.credentials.createInsecure());
  const req = new m.enginePb.LogRequest().setSeverity(severity).setMessage(message).setUrn(URN);
  return new Promise((resolve) => {
    client.log(req.setEphemeral(ephemeral), (err) => {
      client.close();
      resolve(err);
    });
  });
}

it("records every Log call, in order, with its severity, URN and whether it is ephemeral", async () => {
  expect(await log(m.enginePb.LogSeverity.INFO, "waiting", true)).toBeNull();
  expect(await log(m.enginePb.LogSeverity.WARNING, "kept", false)).toBeNull();
  expect(service.log).toEqual([
    { severity: "info", message: "waiting", urn: URN, ephemeral: true, streamId: 0 },
    { severity: "warning", message: "kept", urn: URN, ephemeral: false, streamId: 0 },
  ]);
});

it("refuses a severity the engine does not know, and records nothing", async () => {
  // eslint-disable-next-line @typescript-eslint/no-unsafe-enum-assignment -- a severity the enum lacks, as a plugin may send
  expect(await log(9 as LogSeverity, "odd", false)).toMatchObject({ details: "Unrecognized logging severity: 9" });
  expect(service.log).toEqual([]);
});
