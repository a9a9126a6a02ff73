import type {
  RegisterResourceOutputsRequest,
  RegisterResourceRequest,
  RegisterResourceResponse,
} from "@pulumi/pulumi/proto/resource_pb";
import type { PulumiModule } from "./proto-modules";
import type { RegisteredOutputs, Registration } from "./resource-steps";
import { messageOf } from "./run-context";
import { durationMs } from "../../../provider/http/rate-limit";
import type { Program, PropertyMap } from "./types";

/** What one program run needs. */
export interface ProgramRunOptions {
  pulumi: PulumiModule;
  project: string;
  stack: string;
  preview: boolean;
  config: Record<string, string>;
  secretConfig: Record<string, string>;
  /** Called for each `pulumi-nodejs:dynamic*` resource; throwing fails its registration in the program. */
  registerDynamic(reg: Registration): Promise<RegisteredOutputs>;
}

/** Stack outputs in wire form, and program errors that are not just the echo of a failed resource. */
export interface ProgramRunResult {
  outputs: PropertyMap | undefined;
  errors: string[];
}

type Callback<T> = (err: Error | null, resp?: T) => void;

/** The two monitor methods the harness wraps (the mock monitor only ever gets `(req, callback)`). */
interface InterceptableMonitor {
  registerResource(req: RegisterResourceRequest, cb: Callback<RegisterResourceResponse>): unknown;
  registerResourceOutputs(req: RegisterResourceOutputsRequest, cb: Callback<unknown>): unknown;
}

/** The resources the harness drives through a provider: the dynamic classes' and the `ragcancel` plugin's. */
const MANAGED_PREFIXES = ["pulumi-nodejs:dynamic", "ragcancel:"];
const managed = (type: string) => MANAGED_PREFIXES.some((p) => type.startsWith(p));

/** A Go duration (`"90s"`, `"1m30s"`) in seconds, as the engine parses customTimeouts; "" is none. */
export function durationSeconds(text: string): number | undefined {
  const ms = durationMs(text);
  return ms === undefined ? undefined : ms / 1000;
}
const ROOT_STACK_TYPE = "pulumi:pulumi:Stack";
const REGISTRATION_ECHO = /failed to register new resource/;

/** The URN the engine gives a resource: children of the root stack carry no parent type. */
export function engineUrn(stack: string, project: string, parent: string, type: string, name: string): string {
  const parentType = parent === "" ? undefined : parent.split("::")[2];
  const qualified = parentType === undefined || parentType === ROOT_STACK_TYPE ? type : `${parentType}$${type}`;
  return `urn:pulumi:${stack}::${project}::${qualified}::${name}`;
}

function toRegistration(req: RegisterResourceRequest, urn: string): Registration {
  return {
    urn,
    type: req.getType(),
    name: req.getName(),
    inputs: req.getObject()?.toJavaScript() ?? {},
    additionalSecretOutputs: req.getAdditionalsecretoutputsList(),
    ...(req.getDeletebeforereplacedefined() ? { deleteBeforeReplace: req.getDeletebeforereplace() } : {}),
    ...(req.hasRetainondelete() ? { retainOnDelete: req.getRetainondelete() } : {}),
    ...(req.hasProtect() ? { protect: req.getProtect() } : {}),
    dependencies: req.getDependenciesList(),
    customTimeouts: {
      create: durationSeconds(req.getCustomtimeouts()?.getCreate() ?? ""),
      update: durationSeconds(req.getCustomtimeouts()?.getUpdate() ?? ""),
    },
  };
}

function monitorOf(pulumi: PulumiModule): InterceptableMonitor {
  const m: unknown = pulumi.runtime.getMonitor();
  const ok =
    typeof m === "object" &&
    m !== null &&
    "registerResource" in m &&
    typeof m.registerResource === "function" &&
    "registerResourceOutputs" in m &&
    typeof m.registerResourceOutputs === "function";
  if (!ok) throw new Error("harness: pulumi.runtime.getMonitor() is not the mock monitor");
  return m as InterceptableMonitor;
}

let programLock: Promise<unknown> = Promise.resolve();

/** Runs `program` under `setMocks`; one program at a time per process (the Pulumi runtime is global). */
export function runProgram(program: Program, o: ProgramRunOptions): Promise<ProgramRunResult> {
  const run = programLock.then(() => runExclusive(program, o));
  programLock = run.catch(() => undefined);
  return run;
}

async function runExclusive(program: Program, o: ProgramRunOptions): Promise<ProgramRunResult> {
  const { pulumi } = o;
  const pending = new Map<string, Registration[]>();
  const errors: string[] = [];
  const failed = new Set<string>();
  await pulumi.runtime.setMocks(
    {
      newResource: async (args) => {
        if (!managed(args.type))
          return { id: args.custom ? `${args.name}_id` : undefined, state: args.inputs as PropertyMap };
        const reg = pending.get(`${args.type}::${args.name}`)?.shift();
        if (!reg) {
          errors.push(`harness: no RegisterResource request was seen for ${args.type} ${args.name}`);
          throw new Error(errors[errors.length - 1]);
        }
        try {
          const res = await o.registerDynamic(reg);
          return { id: res.id, state: res.outputs };
        } catch {
          // Already recorded as a failed step. Rejecting here (as the engine does) would turn every output of
          // the resource into an unhandled rejection, which jest reports as a failure of the calling test.
          failed.add(reg.urn);
          return { id: undefined, state: {} };
        }
      },
      call: (args) => args.inputs as PropertyMap,
    },
    o.project,
    o.stack,
    o.preview,
  );
  pulumi.runtime.setAllConfig({ ...o.config, ...o.secretConfig }, Object.keys(o.secretConfig));

  const monitor = monitorOf(pulumi);
  const stackUrn = `urn:pulumi:${o.stack}::${o.project}::${ROOT_STACK_TYPE}::${o.project}-${o.stack}`;
  const mockUrns = new Map<string, string>();
  let outputs: PropertyMap | undefined;
  const registerResource = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req, cb) => {
    const urn = engineUrn(o.stack, o.project, req.getParent(), req.getType(), req.getName());
    if (managed(req.getType())) {
      const key = `${req.getType()}::${req.getName()}`;
      pending.set(key, [...(pending.get(key) ?? []), toRegistration(req, urn)]);
    }
    // The mock monitor prefixes stack children with the stack type; the program must see the engine's URN.
    return registerResource(req, (err, resp) => {
      if (resp) {
        mockUrns.set(urn, resp.getUrn());
        resp.setUrn(urn);
        // The SDK resolves every output of an `unknown` registration as unknown, so the program carries on.
        if (failed.has(urn)) resp.setUnknown(true);
      }
      cb(err, resp);
    });
  };
  const registerResourceOutputs = monitor.registerResourceOutputs.bind(monitor);
  monitor.registerResourceOutputs = (req, cb) => {
    if (req.getUrn() === stackUrn) outputs = req.getOutputs()?.toJavaScript() ?? {};
    const mockUrn = mockUrns.get(req.getUrn());
    if (mockUrn !== undefined) req.setUrn(mockUrn);
    return registerResourceOutputs(req, cb);
  };

  // Outputs of a failed resource reject wherever they flow; Pulumi's language host absorbs these as well.
  const onRejection = (reason: unknown): void => {
    const message = messageOf(reason);
    if (!REGISTRATION_ECHO.test(message) && !errors.includes(message)) errors.push(message);
  };
  process.on("unhandledRejection", onRejection);
  try {
    await pulumi.runtime.runInPulumiStack(async () => (await program()) as PropertyMap | undefined);
  } catch (e) {
    onRejection(e);
  } finally {
    // Without this, the previous stack's RegisterResourceOutputs can reach the next run's mock monitor.
    const waitForRPCs = (pulumi.runtime as unknown as { waitForRPCs?: () => Promise<void> }).waitForRPCs;
    await waitForRPCs?.();
    await new Promise((resolve) => setImmediate(resolve));
    process.off("unhandledRejection", onRejection);
  }
  return { outputs, errors };
}
