import { type EngineService, startEngineService } from "./engine-service";
import { annotateSecrets, makeSecret, type MarshalOptions, marshalMap } from "./property-values";
import type { PluginRoute } from "./plugin-routes";
import { startHost, type HostProcess } from "./provider-host";
import { loadProtoModules } from "./proto-modules";
import {
  type CheckFailure,
  connectProvider,
  type DiffResult,
  type OperationOptions,
  ProviderCallError,
  type RawProvider,
  type ResourceRef,
} from "./provider-rpc";
import type { EngineLogEntry, PropertyMap } from "./types";

/** What the engine needs to load the provider (`pulumi-nodejs`, or the `ragcancel` plugin) for one run. */
export interface PluginOptions {
  /** How the CLI starts the `ragcancel` plugin: set, it serves the `ragcancel:*` resources; unset, the dynamic host. */
  plugin?: PluginRoute;
  /** Started by hand and attached to (`PULUMI_DEBUG_PROVIDERS`): no engine address argument, then Attach. */
  byHand?: boolean;
  projectDir: string;
  project: string;
  stack: string;
  config: Record<string, string>;
  secretConfig: Record<string, string>;
  env?: Record<string, string | undefined>;
  onHostStarted?: (pid: number) => void;
  /** The address passed instead of the harness's Engine service, which is then not started (see EngineOptions). */
  engineAddress?: string;
}

/**
 * The engine's view of the provider (Go `provider_plugin.go`): callers pass and get secret-wrapped property
 * maps; this strips what the provider does not accept and re-marks secrets on what comes back.
 */
export interface ProviderPlugin {
  readonly host: HostProcess;
  /** The provider's `Log` calls to the Engine service so far; empty when another address was passed. */
  readonly engineLog: readonly EngineLogEntry[];
  /** The harness's Engine service address; undefined when another address was passed. */
  readonly engineAddress: string | undefined;
  readonly version: string;
  /** Whether Configure said the provider predicts outputs in preview (Create with preview=true). */
  readonly supportsPreview: boolean;
  /** The raw service, for the calls the steps do not make (GetSchema, Cancel). */
  readonly raw: RawProvider;
  check(
    r: ResourceRef,
    olds: PropertyMap,
    news: PropertyMap,
  ): Promise<{ inputs: PropertyMap; failures: CheckFailure[] }>;
  diff(r: ResourceRef, id: string, olds: PropertyMap, oldInputs: PropertyMap, news: PropertyMap): Promise<DiffResult>;
  create(r: ResourceRef, props: PropertyMap, o?: OperationOptions): Promise<{ id: string; outputs: PropertyMap }>;
  update(
    r: ResourceRef,
    id: string,
    olds: PropertyMap,
    oldInputs: PropertyMap,
    news: PropertyMap,
    o?: OperationOptions,
  ): Promise<PropertyMap>;
  read(
    r: ResourceRef,
    id: string,
    outputs: PropertyMap,
    inputs: PropertyMap,
  ): Promise<{ id: string; outputs: PropertyMap; inputs?: PropertyMap }>;
  delete(r: ResourceRef, id: string, outputs: PropertyMap, inputs: PropertyMap): Promise<void>;
  close(): Promise<void>;
}

/** The whole stack config as Configure args: `"ns:key"` keys, secret values still wrapped. */
function configureArgs(o: PluginOptions): { args: PropertyMap; variables: Record<string, string> } {
  const args: PropertyMap = { ...o.config };
  for (const [k, v] of Object.entries(o.secretConfig)) args[k] = makeSecret(v);
  const variables: Record<string, string> = {};
  for (const [k, v] of Object.entries({ ...o.config, ...o.secretConfig })) variables[`pulumi-nodejs:config:${k}`] = v;
  return { args, variables };
}

function pulumiNodejsConfig(o: PluginOptions): Record<string, string> {
  const all = { ...o.config, ...o.secretConfig };
  return Object.fromEntries(Object.entries(all).filter(([k]) => k.startsWith("pulumi-nodejs:")));
}

/** Re-marks secrets on the properties of a partial failure, then rethrows. */
async function annotatingInitFailure<T>(ins: PropertyMap, op: () => Promise<T>): Promise<T> {
  try {
    return await op();
  } catch (e) {
    if (e instanceof ProviderCallError && e.initFailure) {
      const initFailure = { ...e.initFailure, properties: annotateSecrets(e.initFailure.properties, ins) };
      throw new ProviderCallError(e.method, e.message, e.code, initFailure);
    }
    throw e;
  }
}

/**
 * The `ragcancel` default provider's inputs, as the engine builds them from stack config: every `ragcancel:<key>`
 * as `<key>`, secret config as secrets; and Configure's variables (`ragcancel:config:<key>`).
 */
function ragcancelConfig(o: PluginOptions): { args: PropertyMap; variables: Record<string, string> } {
  const args: PropertyMap = {};
  const variables: Record<string, string> = {};
  for (const [k, v] of Object.entries({ ...o.config, ...o.secretConfig })) {
    if (!k.startsWith("ragcancel:")) continue;
    const key = k.slice("ragcancel:".length);
    args[key] = k in o.secretConfig ? makeSecret(v) : v;
    variables[`ragcancel:config:${key}`] = v;
  }
  return { args, variables };
}

/** Configure of the dynamic host: the whole stack config, as the engine sends it to `pulumi-nodejs`. */
function configureDynamic(raw: RawProvider, o: PluginOptions) {
  const { args, variables } = configureArgs(o);
  return raw.configure(`urn:pulumi:${o.stack}::${o.project}::pulumi:providers:pulumi-nodejs::default`, variables, args);
}

/** CheckConfig, then Configure with the checked inputs, as the engine loads a schema-based provider. */
async function configureRagcancel(raw: RawProvider, o: PluginOptions) {
  const urn = `urn:pulumi:${o.stack}::${o.project}::pulumi:providers:ragcancel::default`;
  const { args, variables } = ragcancelConfig(o);
  const checked = await raw.checkConfig(urn, {}, args);
  if (checked.failures.length > 0)
    throw new ProviderCallError(
      "CheckConfig",
      checked.failures.map((f) => `${f.property}: ${f.reason}`).join("; "),
      undefined,
    );
  return raw.configure(urn, variables, checked.inputs);
}

/**
 * Starts the Engine service (as the CLI serves one to its plugins), the host with its address, then GetPluginInfo and
 * Configure, as the engine does when it loads the plugin.
 */
export async function startPlugin(o: PluginOptions): Promise<ProviderPlugin> {
  const modules = loadProtoModules(o.projectDir);
  const engine = o.engineAddress === undefined ? await startEngineService(modules) : undefined;
  let host: HostProcess | undefined;
  let raw: RawProvider | undefined;
  try {
    host = await startHost({
      projectDir: o.projectDir,
      project: o.project,
      env: o.env,
      pulumiConfig: o.plugin ? {} : pulumiNodejsConfig(o),
      engineAddress: engine?.address ?? o.engineAddress ?? "",
      ...(o.plugin ? { plugin: o.plugin } : {}),
      ...(o.byHand ? { byHand: true } : {}),
    });
    o.onHostStarted?.(host.pid);
    raw = connectProvider(modules, host.port);
    // The engine's first call to a plugin it attached to (provider_plugin.go NewProvider): its own address.
    if (o.byHand) await raw.attach(engine?.address ?? o.engineAddress ?? "");
    const version = await raw.getPluginInfo();
    const configured = o.plugin ? await configureRagcancel(raw, o) : await configureDynamic(raw, o);
    return wrap(raw, { host, engine }, version, configured.supportsPreview, {
      keepSecrets: configured.acceptSecrets,
      keepResources: configured.acceptResources,
    });
  } catch (e) {
    raw?.close();
    await host?.kill();
    await engine?.close();
    throw e;
  }
}

function wrap(
  raw: RawProvider,
  { host, engine }: { host: HostProcess; engine: EngineService | undefined },
  version: string,
  supportsPreview: boolean,
  mo: MarshalOptions,
): ProviderPlugin {
  const m = (p: PropertyMap): PropertyMap => marshalMap(p, mo);
  const annotate = (outs: PropertyMap, ins: PropertyMap): PropertyMap =>
    mo.keepSecrets ? outs : annotateSecrets(outs, ins);
  return {
    host,
    engineLog: engine?.log ?? [],
    engineAddress: engine?.address,
    version,
    supportsPreview,
    raw,
    async check(r, olds, news) {
      const res = await raw.check(r, m(olds), m(news));
      return { inputs: annotate(res.inputs, news), failures: res.failures };
    },
    diff: (r, id, olds, oldInputs, news) => raw.diff(r, id, m(olds), m(oldInputs), m(news)),
    create: (r, props, o = {}) =>
      annotatingInitFailure(props, async () => {
        const res = await raw.create(r, m(props), o);
        if (res.id === "" && o.preview !== true)
          throw new ProviderCallError(
            "Create",
            `provider returned an empty resource ID from create '${r.urn}'`,
            undefined,
          );
        return { id: res.id, outputs: annotate(res.properties, props) };
      }),
    update: (r, id, olds, oldInputs, news, o = {}) =>
      annotatingInitFailure(news, async () =>
        annotate(await raw.update(r, id, m(olds), m(oldInputs), m(news), o), news),
      ),
    async read(r, id, outputs, inputs) {
      const res = await raw.read(r, id, m(outputs), m(inputs));
      const newInputs = res.inputs ? { inputs: annotate(res.inputs, inputs) } : {};
      return { id: res.id, outputs: annotate(res.properties, outputs), ...newInputs };
    },
    delete: (r, id, outputs, inputs) => raw.delete(r, id, m(outputs), m(inputs)),
    async close() {
      raw.close();
      // The host first: the plugin sends its last lines while it stops.
      await host.kill();
      await engine?.close();
    },
  };
}
