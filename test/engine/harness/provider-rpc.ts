import { randomBytes, randomUUID } from "node:crypto";
import type { ServiceError } from "@grpc/grpc-js";
import type { PluginInfo } from "@pulumi/pulumi/proto/plugin_pb";
import type {
  CheckResponse,
  ConfigureResponse,
  CreateResponse,
  DiffResponse,
  GetSchemaResponse,
  ReadResponse,
  UpdateResponse,
} from "@pulumi/pulumi/proto/provider_pb";
import type { Empty } from "google-protobuf/google/protobuf/empty_pb";
import type { JavaScriptValue, Struct } from "google-protobuf/google/protobuf/struct_pb";
import type { ProtoModules } from "./proto-modules";
import type { PropertyMap } from "./types";

/** A `{property, reason}` returned by Check. */
export interface CheckFailure {
  property: string;
  reason: string;
}

/** The `ErrorResourceInitFailed` details of a partially failed Create/Update. */
export interface InitFailure {
  id: string;
  properties: PropertyMap;
  reasons: string[];
}

/** A failed provider call; `initFailure` is set for a partial failure (the resource exists). */
export class ProviderCallError extends Error {
  /** Builds the error from the gRPC status. */
  constructor(
    readonly method: string,
    message: string,
    readonly code: number | undefined,
    readonly initFailure?: InitFailure,
  ) {
    super(message);
    this.name = "ProviderCallError";
  }
}

/** Identifies the resource a call is about. */
export interface ResourceRef {
  urn: string;
  name: string;
  type: string;
}

/** What the provider said it supports in its Configure response. */
export interface ConfigureResult {
  acceptSecrets: boolean;
  acceptResources: boolean;
  supportsPreview: boolean;
}

/** What the engine adds to a Create or Update: the resource's custom timeout (seconds, 0 = none) and preview. */
export interface OperationOptions {
  timeout?: number;
  preview?: boolean;
  /**
   * Keys sent as a protobuf `Value` with no kind set: a malformed request no engine sends, which the provider must
   * answer with an error all the same (the raw access of the hostile-engine tests).
   */
  kindless?: string[];
}

/** Result of Diff; `changes` mirrors `DiffResponse.DiffChanges`. */
export interface DiffResult {
  changes: "unknown" | "none" | "some";
  replaces: string[];
  deleteBeforeReplace: boolean;
}

/** The ResourceProvider gRPC service with plain-JSON property bags in and out (no marshalling policy). */
export interface RawProvider {
  getPluginInfo(): Promise<string>;
  /** Attach, as the engine's first call to a plugin it did not start (`PULUMI_DEBUG_PROVIDERS`). */
  attach(engineAddress: string): Promise<void>;
  configure(urn: string, variables: Record<string, string>, args: PropertyMap): Promise<ConfigureResult>;
  check(
    r: ResourceRef,
    olds: PropertyMap,
    news: PropertyMap,
  ): Promise<{ inputs: PropertyMap; failures: CheckFailure[] }>;
  diff(r: ResourceRef, id: string, olds: PropertyMap, oldInputs: PropertyMap, news: PropertyMap): Promise<DiffResult>;
  create(
    r: ResourceRef,
    properties: PropertyMap,
    o?: OperationOptions,
  ): Promise<{ id: string; properties: PropertyMap }>;
  update(
    r: ResourceRef,
    id: string,
    olds: PropertyMap,
    oldInputs: PropertyMap,
    news: PropertyMap,
    o?: OperationOptions,
  ): Promise<PropertyMap>;
  /** The package schema (GetSchema, version 0), parsed. */
  getSchema(): Promise<unknown>;
  checkConfig(
    urn: string,
    olds: PropertyMap,
    news: PropertyMap,
  ): Promise<{ inputs: PropertyMap; failures: CheckFailure[] }>;
  diffConfig(urn: string, olds: PropertyMap, news: PropertyMap): Promise<DiffResult & { diffs: string[] }>;
  /** The Cancel RPC, as the engine sends it on Ctrl-C. */
  cancel(): Promise<void>;
  read(
    r: ResourceRef,
    id: string,
    properties: PropertyMap,
    inputs: PropertyMap,
  ): Promise<{ id: string; properties: PropertyMap; inputs?: PropertyMap }>;
  delete(r: ResourceRef, id: string, properties: PropertyMap, oldInputs: PropertyMap): Promise<void>;
  close(): void;
}

type Callback<T> = (err: ServiceError | null, res: T) => void;

/** Extracts `ErrorResourceInitFailed` from `grpc-status-details-bin`, as the engine's `parseError` does. */
function initFailureOf(m: ProtoModules, err: ServiceError): InitFailure | undefined {
  for (const bin of err.metadata.get("grpc-status-details-bin")) {
    if (typeof bin === "string") continue;
    for (const any of m.statusPb.Status.deserializeBinary(new Uint8Array(bin)).getDetailsList()) {
      const detail = any.unpack(
        (b) => m.providerPb.ErrorResourceInitFailed.deserializeBinary(b),
        "pulumirpc.ErrorResourceInitFailed",
      );
      if (detail) {
        return { id: detail.getId(), properties: fromStruct(detail.getProperties()), reasons: detail.getReasonsList() };
      }
    }
  }
  return undefined;
}

function fromStruct(s: Struct | undefined): PropertyMap {
  return s ? s.toJavaScript() : {};
}

/**
 * The engine's limit on a provider's answer (sdk/go/common/util/rpcutil: `maxRPCMessageSize`, 400 MiB); grpc-js's
 * default, 4 MiB, would fail a Read of a large record here that the engine takes.
 */
const MAX_RECEIVE_BYTES = 400 * 1024 * 1024;

/** Connects to a host listening on `127.0.0.1:<port>`. */
export function connectProvider(m: ProtoModules, port: number): RawProvider {
  const pb = m.providerPb;
  const client = new m.providerGrpc.ResourceProviderClient(`127.0.0.1:${port}`, m.grpc.credentials.createInsecure(), {
    "grpc.max_receive_message_length": MAX_RECEIVE_BYTES,
  });
  // Property maps hold only JSON values (the Struct typing cannot say so of `unknown`).
  const toStruct = (p: PropertyMap): Struct => m.structPb.Struct.fromJavaScript(p as Record<string, JavaScriptValue>);
  const call = <Res>(method: string, invoke: (cb: Callback<Res>) => unknown): Promise<Res> =>
    new Promise((resolve, reject) => {
      invoke((err, res) => {
        if (err) reject(new ProviderCallError(method, err.details || err.message, err.code, initFailureOf(m, err)));
        else resolve(res);
      });
    });
  const target = <T extends { setUrn(v: string): T; setName(v: string): T; setType(v: string): T }>(
    req: T,
    r: ResourceRef,
  ): T => req.setUrn(r.urn).setName(r.name).setType(r.type);

  return {
    async getPluginInfo() {
      return (
        await call<PluginInfo>("GetPluginInfo", (cb) => client.getPluginInfo(new m.emptyPb.Empty(), cb))
      ).getVersion();
    },
    async configure(urn, variables, args) {
      const req = new pb.ConfigureRequest()
        .setUrn(urn)
        .setName("default")
        .setType(urn.split("::")[2] ?? "");
      req.setId(randomUUID()).setAcceptsecrets(true).setAcceptresources(true);
      req.setSendsOldInputs(true).setSendsOldInputsToDelete(true).setArgs(toStruct(args));
      for (const [k, v] of Object.entries(variables)) req.getVariablesMap().set(k, v);
      const res = await call<ConfigureResponse>("Configure", (cb) => client.configure(req, cb));
      return {
        acceptSecrets: res.getAcceptsecrets(),
        acceptResources: res.getAcceptresources(),
        supportsPreview: res.getSupportspreview(),
      };
    },
    async check(r, olds, news) {
      const req = target(new pb.CheckRequest(), r).setOlds(toStruct(olds)).setNews(toStruct(news));
      req.setRandomseed(randomBytes(32));
      const res = await call<CheckResponse>("Check", (cb) => client.check(req, cb));
      const failures = res.getFailuresList().map((f) => ({ property: f.getProperty(), reason: f.getReason() }));
      return { inputs: fromStruct(res.getInputs()), failures };
    },
    async diff(r, id, olds, oldInputs, news) {
      const req = target(new pb.DiffRequest(), r).setId(id).setOlds(toStruct(olds)).setOldInputs(toStruct(oldInputs));
      req.setNews(toStruct(news));
      const res = await call<DiffResponse>("Diff", (cb) => client.diff(req, cb));
      const { DIFF_NONE, DIFF_SOME } = pb.DiffResponse.DiffChanges;
      const changes = res.getChanges();
      return {
        changes: changes === DIFF_NONE ? "none" : changes === DIFF_SOME ? "some" : "unknown",
        replaces: res.getReplacesList(),
        deleteBeforeReplace: res.getDeletebeforereplace(),
      };
    },
    async getSchema() {
      const res = await call<GetSchemaResponse>("GetSchema", (cb) =>
        client.getSchema(new pb.GetSchemaRequest().setVersion(0), cb),
      );
      return JSON.parse(res.getSchema()) as unknown;
    },
    async checkConfig(urn, olds, news) {
      const req = new pb.CheckRequest()
        .setUrn(urn)
        .setName("default")
        .setType(urn.split("::")[2] ?? "");
      req.setOlds(toStruct(olds)).setNews(toStruct(news));
      const res = await call<CheckResponse>("CheckConfig", (cb) => client.checkConfig(req, cb));
      const failures = res.getFailuresList().map((f) => ({ property: f.getProperty(), reason: f.getReason() }));
      return { inputs: fromStruct(res.getInputs()), failures };
    },
    async diffConfig(urn, olds, news) {
      const req = new pb.DiffRequest()
        .setUrn(urn)
        .setName("default")
        .setType(urn.split("::")[2] ?? "");
      req.setOlds(toStruct(olds)).setOldInputs(toStruct(olds)).setNews(toStruct(news));
      const res = await call<DiffResponse>("DiffConfig", (cb) => client.diffConfig(req, cb));
      const { DIFF_NONE, DIFF_SOME } = pb.DiffResponse.DiffChanges;
      const changes = res.getChanges();
      return {
        changes: changes === DIFF_NONE ? "none" : changes === DIFF_SOME ? "some" : "unknown",
        replaces: res.getReplacesList(),
        deleteBeforeReplace: res.getDeletebeforereplace(),
        diffs: res.getDiffsList(),
      };
    },
    async cancel() {
      await call<Empty>("Cancel", (cb) => client.cancel(new m.emptyPb.Empty(), cb));
    },
    async attach(engineAddress) {
      const req = new m.pluginPb.PluginAttach().setAddress(engineAddress);
      await call<Empty>("Attach", (cb) => client.attach(req, cb));
    },
    async create(r, properties, o = {}) {
      const props = toStruct(properties);
      for (const k of o.kindless ?? []) props.getFieldsMap().set(k, new m.structPb.Value());
      const req = target(new pb.CreateRequest(), r).setProperties(props);
      req.setTimeout(o.timeout ?? 0).setPreview(o.preview ?? false);
      const res = await call<CreateResponse>("Create", (cb) => client.create(req, cb));
      return { id: res.getId(), properties: fromStruct(res.getProperties()) };
    },
    async update(r, id, olds, oldInputs, news, o = {}) {
      const req = target(new pb.UpdateRequest(), r).setId(id).setOlds(toStruct(olds)).setOldInputs(toStruct(oldInputs));
      req
        .setNews(toStruct(news))
        .setTimeout(o.timeout ?? 0)
        .setPreview(o.preview ?? false);
      return fromStruct((await call<UpdateResponse>("Update", (cb) => client.update(req, cb))).getProperties());
    },
    async read(r, id, properties, inputs) {
      const req = target(new pb.ReadRequest(), r).setId(id).setProperties(toStruct(properties));
      req.setInputs(toStruct(inputs));
      const res = await call<ReadResponse>("Read", (cb) => client.read(req, cb));
      const newInputs = res.getInputs();
      return {
        id: res.getId(),
        properties: fromStruct(res.getProperties()),
        ...(newInputs ? { inputs: fromStruct(newInputs) } : {}),
      };
    },
    async delete(r, id, properties, oldInputs) {
      const req = target(new pb.DeleteRequest(), r).setId(id).setProperties(toStruct(properties));
      req.setOldInputs(toStruct(oldInputs)).setTimeout(0);
      await call<Empty>("Delete", (cb) => client.delete(req, cb));
    },
    close() {
      client.close();
    },
  };
}
