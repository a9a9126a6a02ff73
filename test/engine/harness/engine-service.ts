import type { sendUnaryData, ServerUnaryCall } from "@grpc/grpc-js";
import type { LogRequest, SetRootResourceRequest } from "@pulumi/pulumi/proto/engine_pb";
import type { ProtoModules } from "./proto-modules";
import type { EngineLogEntry } from "./types";

/**
 * The Engine service the CLI serves to every plugin it starts (pulumi/pulumi `sdk/go/common/resource/plugin/
 * host_server.go`), whose address is each plugin's last argument. `Log` is recorded, as the engine would display it
 * (an ephemeral message as the resource's status, any other in the update's output); the root resource is kept as
 * the engine keeps it; `StartDebugging` and `RequirePulumiVersion` answer Unimplemented.
 */
export interface EngineService {
  /** `127.0.0.1:<port>`. */
  readonly address: string;
  /** Every `Log` call, in the order received. */
  readonly log: EngineLogEntry[];
  /** Stops serving; calls still open are cut off after a second. */
  close(): Promise<void>;
}

const SEVERITIES = ["debug", "info", "warning", "error"] as const;

/** Starts the service on an ephemeral loopback port. */
export async function startEngineService(m: ProtoModules): Promise<EngineService> {
  const { grpc, enginePb, engineGrpc, emptyPb } = m;
  const log: EngineLogEntry[] = [];
  let rootUrn = "";
  const server = new grpc.Server();
  server.addService(engineGrpc.EngineService, {
    log: (call: ServerUnaryCall<LogRequest, unknown>, done: sendUnaryData<unknown>) => {
      const req = call.request;
      // A number off the wire: its enum type does not stop one the engine does not know.
      const n: number = req.getSeverity();
      const severity = n >= 0 && n < SEVERITIES.length ? SEVERITIES[n] : undefined;
      // The engine refuses a severity it does not know, as here.
      if (severity === undefined) {
        done({ code: grpc.status.UNKNOWN, details: `Unrecognized logging severity: ${req.getSeverity()}` });
        return;
      }
      log.push({
        severity,
        message: req.getMessage(),
        urn: req.getUrn(),
        ephemeral: req.getEphemeral(),
        streamId: req.getStreamid(),
      });
      done(null, new emptyPb.Empty());
    },
    getRootResource: (_call: unknown, done: sendUnaryData<unknown>) => {
      done(null, new enginePb.GetRootResourceResponse().setUrn(rootUrn));
    },
    setRootResource: (call: ServerUnaryCall<SetRootResourceRequest, unknown>, done: sendUnaryData<unknown>) => {
      rootUrn = call.request.getUrn();
      done(null, new enginePb.SetRootResourceResponse());
    },
  });
  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, p) => {
      if (err) reject(err);
      else resolve(p);
    });
  });
  return {
    address: `127.0.0.1:${port}`,
    log,
    close: () =>
      new Promise<void>((resolve) => {
        const hard = setTimeout(() => {
          server.forceShutdown();
          resolve();
        }, 1_000);
        server.tryShutdown(() => {
          clearTimeout(hard);
          resolve();
        });
      }),
  };
}
