/**
 * The `ragcancel` provider plugin: Pulumi's ResourceProvider gRPC service over the generated stubs, serving the same
 * runtime (`provider/`) as the dynamic classes.
 *
 * Why not `@pulumi/pulumi/provider`'s server: loading it loads the whole Node SDK; it drops Configure's arguments,
 * passes neither the Create/Update timeout nor any signal of the Cancel RPC to the provider, and hands secrets over
 * wrapped in SDK objects. Serving the service here keeps the three things this plugin exists for (customTimeouts,
 * Ctrl-C, provider config with secrets) and loads only the stubs. Progress lines go to the engine's `Log` (the
 * engine hides this process's stdout), each attached to the URN of the resource the call is about.
 * @internal
 * @packageDocumentation
 */
import { setMaxListeners } from "node:events";
import * as grpc from "@grpc/grpc-js";
import { Any } from "google-protobuf/google/protobuf/any_pb";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { Struct, type JavaScriptValue } from "google-protobuf/google/protobuf/struct_pb";
import * as pluginPb from "@pulumi/pulumi/proto/plugin_pb";
import * as providerGrpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as pb from "@pulumi/pulumi/proto/provider_pb";
import * as statusPb from "@pulumi/pulumi/proto/status_pb";
import { adapters } from "../provider";
import { PartialCancellationError } from "../provider/errors";
import { INTERNAL_INPUTS } from "../provider/inputs/inputs";
import {
  makeProvider,
  type CancellationProvider,
  type ProviderInputs,
  type ProviderOutputs,
} from "../provider/lifecycle/lifecycle";
import type { VendorName } from "../provider/model";
import type { ProgressSink } from "../provider/lifecycle/progress";
import { echoed, logLastResort, MAX_STATUS_CHARS, messageOf } from "./answer";
import { checkConfig, configure, diffConfig } from "./config";
import type { EngineLog } from "./engine-log";
import { packageSchema, resourceToken } from "./schema";
import { unwrap, wrap, type Wire } from "./wire";

/**
 * The largest request the plugin takes: 400 MiB, as Pulumi's own Node hosts (`@pulumi/pulumi/runtime/settings`
 * `maxRPCMessageSize`, set as `grpc.max_receive_message_length` on the dynamic provider host's and
 * `@pulumi/pulumi/provider`'s servers) and the engine's client. grpc-js would refuse any request over 4 MiB: a state
 * whose record has grown past that (thousands of jobs, large vendor details) could be neither refreshed, diffed nor
 * deleted.
 */
export const MAX_RECEIVE_BYTES = 400 * 1024 * 1024;

/** An engine address as the engine sends it in Attach: `host:port` (an IPv6 host in brackets). */
const ENGINE_ADDRESS = /^(?:[\w.-]+|\[[0-9A-Fa-f:.]+\]):\d{1,5}$/;

/** Outputs that are secret whatever the inputs said: the credentials echoed from the inputs. */
const ALWAYS_SECRET = ["credentials"];

const byType = new Map<string, CancellationProvider>(
  (Object.entries(adapters) as [VendorName, (typeof adapters)[VendorName]][]).map(([vendor, adapter]) => [
    resourceToken(vendor),
    makeProvider(adapter),
  ]),
);

type Call<Req> = grpc.ServerUnaryCall<Req, unknown>;
type Done<Res> = grpc.sendUnaryData<Res>;

/** A property map as plain values; a malformed one (a Value with no kind set) is an error naming the key. */
function plain(s: Struct | undefined): Wire {
  try {
    return s?.toJavaScript() ?? {};
  } catch {
    let bad = "";
    s?.getFieldsMap().forEach((v, k) => {
      try {
        v.toJavaScript();
      } catch {
        bad ||= k;
      }
    });
    throw new Error(
      `the request holds a malformed property ${JSON.stringify(echoed(bad))}: a protobuf Value with no kind set (or nested too deep)`,
    );
  }
}

function struct(w: Wire): Struct {
  return Struct.fromJavaScript(w as Record<string, JavaScriptValue>);
}

function providerOf(type: string): CancellationProvider {
  const p = byType.get(type);
  if (!p)
    throw new Error(
      `unknown resource type ${JSON.stringify(echoed(type))}; this plugin serves ${[...byType.keys()].join(", ")}`,
    );
  return p;
}

/**
 * A gRPC error, its message bounded; a partial failure carries the resource's id and record (ErrorResourceInitFailed),
 * as the engine reads it. `secretKeys` undefined (the request could not be read): every output is sent as a secret.
 */
function toStatus(err: unknown, secretKeys: ReadonlySet<string> | undefined): Partial<grpc.StatusObject> {
  const message = echoed(messageOf(err), MAX_STATUS_CHARS);
  const metadata = new grpc.Metadata();
  if (err instanceof PartialCancellationError) {
    const detail = new pb.ErrorResourceInitFailed();
    detail.setId(err.id).setReasonsList(err.reasons.map((r) => echoed(r, MAX_STATUS_CHARS)));
    const secrets = secretKeys ?? new Set(Object.keys(err.properties));
    detail.setProperties(struct(wrap(outputsOf(err.properties), secrets)));
    const any = new Any();
    any.pack(detail.serializeBinary(), "pulumirpc.ErrorResourceInitFailed");
    const status = new statusPb.Status().setCode(grpc.status.UNKNOWN).setMessage(message);
    status.addDetails(any);
    metadata.add("grpc-status-details-bin", Buffer.from(status.serializeBinary()));
  }
  return { code: grpc.status.UNKNOWN, details: message, metadata };
}

/** Drops the dynamic SDK's internal fields, which the plugin never sends and never stores. */
function outputsOf(outs: Record<string, unknown>): Wire {
  return Object.fromEntries(Object.entries(outs).filter(([k]) => !INTERNAL_INPUTS.includes(k)));
}

/** Check failures as sent, bounded: a property name or a reason can echo a key of the request. */
function checkFailures(failures: readonly { property: string; reason: string }[]): pb.CheckFailure[] {
  return failures.map((f) =>
    new pb.CheckFailure().setProperty(echoed(f.property)).setReason(echoed(f.reason, MAX_STATUS_CHARS)),
  );
}

function secretsOf(keys: ReadonlySet<string>): Set<string> {
  return new Set([...keys, ...ALWAYS_SECRET]);
}

/**
 * The error path, total: the request that made the work fail may make anything computed from it fail again (its
 * secret keys), and a status that cannot be built falls back to a bounded plain one.
 */
function failureOf<Req>(
  err: unknown,
  req: Req,
  secretKeysOf: (req: Req) => ReadonlySet<string>,
): Partial<grpc.StatusObject> {
  let keys: Set<string> | undefined;
  try {
    keys = secretsOf(secretKeysOf(req));
  } catch {
    keys = undefined;
  }
  try {
    return toStatus(err, keys);
  } catch (inner) {
    return {
      code: grpc.status.UNKNOWN,
      details: echoed(`${messageOf(err)} (reporting it failed too: ${messageOf(inner)})`, MAX_STATUS_CHARS),
    };
  }
}

/**
 * Runs one RPC, turning a thrown error into its gRPC status (a partial failure keeps its record). Every call is
 * answered, whatever throws where, and nothing is left as an unhandled rejection.
 */
function unary<Req, Res>(
  work: (req: Req) => Promise<Res> | Res,
  secretKeysOf: (req: Req) => ReadonlySet<string> = () => new Set(),
) {
  return (call: Call<Req>, done: Done<Res>) => {
    Promise.resolve()
      .then(() => work(call.request))
      .then(
        (res) => {
          done(null, res);
        },
        (err: unknown) => {
          done(failureOf(err, call.request, secretKeysOf), null);
        },
      )
      .catch((err: unknown) => {
        // Only `done` itself can land here; grpc-js answers a reply it cannot serialize with an error status.
        logLastResort("answering a call failed", err);
      });
  };
}

/** The plugin's state across calls: the Cancel RPC's signal and the version it reports. */
export interface PluginServer {
  /** Listening on 127.0.0.1 at this port. */
  port: number;
  /** Aborts every operation in flight, as the Cancel RPC does, stops serving, then sends the last progress lines. */
  stop(): Promise<void>;
}

/**
 * The Cancel RPC's controller. Every wait, vendor call and credential helper of every operation in flight listens to
 * its signal (hundreds at once in a large stack), so Node's warning past ten listeners is off for it.
 */
function stopSignal(): AbortController {
  const controller = new AbortController();
  setMaxListeners(0, controller.signal);
  return controller;
}

/**
 * Starts the service on an ephemeral loopback port.
 * @param version What GetPluginInfo reports.
 * @param engineLog Where the operations' progress lines go; pointed at the engine that attaches, closed by `stop`.
 */
export async function startServer(version: string, engineLog: EngineLog): Promise<PluginServer> {
  // Replaced on Attach: a plugin started by hand outlives the engine that cancelled it (the engine sends Cancel as
  // it closes every provider), and the next engine to attach starts afresh.
  let stopping = stopSignal();
  const refuseAfterCancel = () => {
    if (stopping.signal.aborted)
      throw new Error("the engine asked this provider to stop (Ctrl-C); no new operation is started");
  };
  const opts = (timeout: number, progress: ProgressSink) => ({
    signal: stopping.signal,
    progress,
    ...(timeout > 0 ? { timeoutSeconds: timeout } : {}),
  });
  /**
   * Runs an operation with a progress sink for its resource, then lets the lines given reach the engine (a second
   * at most) before the engine hears the step is done, so they show with the step, not after it.
   */
  const reporting = async <T>(urn: string, work: (progress: ProgressSink) => Promise<T>): Promise<T> => {
    const log = engineLog.forResource(urn);
    try {
      return await work(log.progress);
    } finally {
      await log.flush();
    }
  };
  const inputsOf = (news: Struct | undefined, name: string) => {
    const { values, secretKeys } = unwrap(plain(news));
    // The secret marks are stripped from the values: `check` learns from this list which inputs were secret.
    const inputs = { ...values, __resourceName: name, __secretInputs: [...secretKeys].sort() };
    return { inputs: inputs as ProviderInputs, secretKeys };
  };

  const service: grpc.UntypedServiceImplementation = {
    getPluginInfo: unary<Empty, pluginPb.PluginInfo>(() => new pluginPb.PluginInfo().setVersion(version)),
    // The engine's first call to a plugin it attached to rather than started (provider_plugin.go NewProvider, under
    // PULUMI_DEBUG_PROVIDERS); an error here fails the run, so only an address that is not one is refused.
    attach: unary<pluginPb.PluginAttach, Empty>((req) => {
      const address = req.getAddress();
      if (!ENGINE_ADDRESS.test(address))
        throw new Error(
          `Attach: expected the engine's address as host:port, got ${JSON.stringify(address.slice(0, 100))}`,
        );
      if (stopping.signal.aborted) stopping = stopSignal();
      engineLog.attach(address);
      return new Empty();
    }),
    getSchema: unary<pb.GetSchemaRequest, pb.GetSchemaResponse>(() =>
      new pb.GetSchemaResponse().setSchema(JSON.stringify(packageSchema(version))),
    ),
    checkConfig: unary<pb.CheckRequest, pb.CheckResponse>((req) => {
      const res = new pb.CheckResponse().setInputs(req.getNews());
      const failures = checkConfig(unwrap(plain(req.getNews())).values);
      return res.setFailuresList(checkFailures(failures));
    }),
    diffConfig: unary<pb.DiffRequest, pb.DiffResponse>((req) => {
      const changed = diffConfig(
        unwrap(plain(req.getOldInputs() ?? req.getOlds())).values,
        unwrap(plain(req.getNews())).values,
      );
      const { DIFF_NONE, DIFF_SOME } = pb.DiffResponse.DiffChanges;
      return new pb.DiffResponse().setChanges(changed.length ? DIFF_SOME : DIFF_NONE).setDiffsList(changed);
    }),
    configure: unary<pb.ConfigureRequest, pb.ConfigureResponse>((req) => {
      const args = req.getArgs();
      configure(args ? unwrap(plain(args)).values : undefined, new Map(req.getVariablesMap().entries()));
      return new pb.ConfigureResponse().setAcceptsecrets(true).setSupportspreview(true).setAcceptresources(false);
    }),
    check: unary<pb.CheckRequest, pb.CheckResponse>(async (req) => {
      const { inputs } = inputsOf(req.getNews(), req.getName());
      const { values: olds } = unwrap(plain(req.getOlds()));
      const checked = await providerOf(req.getType()).check(olds, inputs);
      const res = new pb.CheckResponse().setInputs(req.getNews());
      return res.setFailuresList(checkFailures(checked.failures ?? []));
    }),
    diff: unary<pb.DiffRequest, pb.DiffResponse>(async (req) => {
      const olds = unwrap(plain(req.getOlds())).values as ProviderOutputs;
      const { inputs } = inputsOf(req.getNews(), req.getName());
      const d = await providerOf(req.getType()).diff(req.getId(), olds, inputs);
      const { DIFF_NONE, DIFF_SOME } = pb.DiffResponse.DiffChanges;
      return new pb.DiffResponse()
        .setChanges(d.changes ? DIFF_SOME : DIFF_NONE)
        .setReplacesList(d.replaces ?? [])
        .setDiffsList(d.diffs)
        .setDeletebeforereplace(false);
    }),
    create: unary<pb.CreateRequest, pb.CreateResponse>(
      async (req) => {
        const { inputs, secretKeys } = inputsOf(req.getProperties(), req.getName());
        const p = providerOf(req.getType());
        const secrets = secretsOf(secretKeys);
        if (req.getPreview())
          return new pb.CreateResponse().setProperties(struct(wrap(outputsOf(p.predict(inputs)), secrets)));
        refuseAfterCancel();
        const res = await reporting(req.getUrn(), (progress) => p.create(inputs, opts(req.getTimeout(), progress)));
        return new pb.CreateResponse().setId(res.id).setProperties(struct(wrap(outputsOf(res.outs ?? {}), secrets)));
      },
      (req) => unwrap(plain(req.getProperties())).secretKeys,
    ),
    read: unary<pb.ReadRequest, pb.ReadResponse>(
      async (req) => {
        const p = providerOf(req.getType());
        const props = unwrap(plain(req.getProperties()));
        const given = unwrap(plain(req.getInputs()));
        const secrets = secretsOf(new Set([...props.secretKeys, ...given.secretKeys]));
        const res = new pb.ReadResponse().setId(req.getId());
        if (Object.keys(props.values).length === 0 && Object.keys(given.values).length === 0) {
          // `pulumi import`: only the id is known.
          const imported = await reporting(req.getUrn(), (progress) =>
            p.importId(req.getId(), { signal: stopping.signal, progress }),
          );
          return res
            .setProperties(struct(wrap(outputsOf(imported.outputs), secrets)))
            .setInputs(struct(wrap(imported.inputs, secrets)));
        }
        const read = await reporting(req.getUrn(), (progress) =>
          p.read(req.getId(), props.values as ProviderOutputs, { signal: stopping.signal, progress }),
        );
        res.setProperties(struct(wrap(outputsOf(read.props ?? {}), secrets)));
        return req.getInputs() ? res.setInputs(req.getInputs()) : res;
      },
      (req) => unwrap(plain(req.getProperties())).secretKeys,
    ),
    update: unary<pb.UpdateRequest, pb.UpdateResponse>(
      async (req) => {
        const p = providerOf(req.getType());
        const { inputs, secretKeys } = inputsOf(req.getNews(), req.getName());
        const olds = unwrap(plain(req.getOlds())).values as ProviderOutputs;
        const secrets = secretsOf(secretKeys);
        // The prediction comes from the new inputs alone: an old value the new inputs dropped (a secret one
        // included, whose secretness the new inputs no longer say) must not come back as a plain output.
        if (req.getPreview())
          return new pb.UpdateResponse().setProperties(struct(wrap(outputsOf(p.predict(inputs)), secrets)));
        refuseAfterCancel();
        const res = await reporting(req.getUrn(), (progress) =>
          p.update(req.getId(), olds, inputs, opts(req.getTimeout(), progress)),
        );
        return new pb.UpdateResponse().setProperties(struct(wrap(outputsOf(res.outs ?? {}), secrets)));
      },
      (req) => unwrap(plain(req.getNews())).secretKeys,
    ),
    // A cancellation cannot be undone: destroying the resource only forgets the record.
    delete: unary<pb.DeleteRequest, Empty>(() => new Empty()),
    cancel: unary<Empty, Empty>(() => {
      stopping.abort();
      return new Empty();
    }),
  };

  const server = new grpc.Server({ "grpc.max_receive_message_length": MAX_RECEIVE_BYTES });
  server.addService(providerGrpc.ResourceProviderService, service);
  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, p) => {
      if (err) reject(err);
      else resolve(p);
    });
  });
  return {
    port,
    stop: async () => {
      stopping.abort();
      await new Promise<void>((resolve) => {
        server.tryShutdown(() => {
          resolve();
        });
      });
      await engineLog.flush();
      engineLog.close();
    },
  };
}
