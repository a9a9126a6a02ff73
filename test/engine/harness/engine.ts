import { cpus } from "node:os";
import { deleteAll } from "./delete-steps";
import { runProgram } from "./program-runner";
import { containsSecrets, containsUnknowns, makeSecret, unwrapSecrets } from "./property-values";
import { loadPulumi } from "./proto-modules";
import { type ProviderPlugin, startPlugin } from "./provider-plugin";
import { refreshAll } from "./refresh-steps";
import { registerDynamic } from "./resource-steps";
import { halted, messageOf, newRunContext, now, recordStep, type RunContext, type UpContext } from "./run-context";
import { DEFAULT_PASSPHRASE } from "./state-crypto";
import { gitEnvironment } from "./stack-history";
import { type LoadedState, loadState, readStateFile, saveState } from "./state-store";
import type {
  ChangeCounts,
  EngineOptions,
  HistoryEntry,
  Program,
  PropertyMap,
  ResourceState,
  RunResult,
  StateFile,
} from "./types";

type RunKind = RunResult["kind"];

/** The parts of a run that differ per kind; they update `loaded.state` in place. */
type RunBody = (ctx: RunContext, loaded: LoadedState) => Promise<void>;

function countChanges(ctx: RunContext): ChangeCounts {
  const counts: ChangeCounts = { create: 0, update: 0, replace: 0, delete: 0, same: 0, refresh: 0 };
  for (const s of ctx.steps) {
    if (s.error !== undefined) continue;
    if (s.op === "read-delete") counts.delete++;
    else if (s.op in counts) counts[s.op as keyof ChangeCounts]++;
  }
  return counts;
}

/** What a run adds to its history entry: the message, the environment the CLI collects, the config it ran with. */
function updateRecord(o: EngineOptions): Pick<HistoryEntry, "message" | "environment" | "config"> {
  const plain = Object.entries(o.config ?? {}).map(([k, value]) => [k, { value, secret: false }] as const);
  const secret = Object.keys(o.secretConfig ?? {}).map((k) => [k, { secret: true }] as const);
  return {
    message: o.updateMetadata?.message ?? "",
    environment: { "exec.kind": "cli", ...gitEnvironment(o.projectDir), ...o.updateMetadata?.environment },
    config: Object.fromEntries([...plain, ...secret]),
  };
}

function stackOutputsView(outputs: PropertyMap): Pick<RunResult, "outputs" | "secretOutputs"> {
  return {
    outputs: unwrapSecrets(outputs) as Record<string, unknown>,
    secretOutputs: Object.keys(outputs).filter((k) => containsSecrets(outputs[k])),
  };
}

/**
 * Stands in for the Pulumi engine for one project/stack: runs programs under mocks and drives every dynamic
 * resource through the real `@pulumi/pulumi/cmd/dynamic-provider` host over gRPC, persisting state to a file.
 */
export class Engine {
  private readonly opts: EngineOptions;
  private readonly parallel: number;
  private queue: Promise<unknown> = Promise.resolve();
  private lastHostPid: number | undefined;
  private running: Promise<ProviderPlugin> | undefined;

  /** @param opts see {@link EngineOptions}. */
  constructor(opts: EngineOptions) {
    this.opts = opts;
    this.parallel = opts.parallel ?? 4 * cpus().length;
  }

  /** Pid of the current (or last) provider host. */
  get hostPid(): number | undefined {
    return this.lastHostPid;
  }

  /** `pulumi preview`: Check and Diff only; nothing is created, updated or deleted and the state is not written. */
  preview(program: Program): Promise<RunResult> {
    return this.run("preview", (ctx, loaded) => this.upBody(program, ctx, loaded));
  }

  /** `pulumi up`. */
  up(program: Program): Promise<RunResult> {
    return this.run("up", (ctx, loaded) => this.upBody(program, ctx, loaded));
  }

  /** `pulumi refresh`: Read every resource; an empty id drops it. */
  refresh(): Promise<RunResult> {
    return this.run("refresh", async (ctx, loaded) => {
      loaded.state.resources = await refreshAll(ctx, loaded.state.resources);
    });
  }

  /** `pulumi destroy`: Delete every resource (dependents first), skipping the provider for retained ones. */
  destroy(): Promise<RunResult> {
    return this.run("destroy", async (ctx, loaded) => {
      loaded.state.resources = await deleteAll(ctx, loaded.state.resources);
      loaded.state.outputs = {};
    });
  }

  /** Sends the Cancel RPC to the provider of the run in progress, as the engine does on Ctrl-C. */
  async cancel(): Promise<void> {
    const plugin = await this.running;
    if (!plugin) throw new Error("harness: no provider is running");
    await plugin.raw.cancel();
  }

  /**
   * `pulumi import <type> <name> <id>`: Read with the id alone, then Check and Diff of the inputs Read returned, which
   * must show no change (else the engine refuses the import); the resource is then added to the state.
   */
  import(type: string, name: string, id: string): Promise<RunResult> {
    return this.importAll([{ type, name, id }]);
  }

  /**
   * `pulumi import --file`: several resources in one run (one provider host), each imported as {@link import} does;
   * each one's failure is its own step's.
   */
  importAll(specs: readonly { type: string; name: string; id: string }[]): Promise<RunResult> {
    return this.run("import", async (ctx, loaded) => {
      const { project, stack } = this.opts;
      await Promise.all(
        specs.map(async ({ type, name, id }) => {
          const r = { urn: `urn:pulumi:${stack}::${project}::${type}::${name}`, name, type };
          try {
            const plugin = await ctx.plugin();
            const read = await ctx.ops.run(() => plugin.read(r, id, {}, {}));
            const inputs = read.inputs ?? {};
            const checked = await ctx.checkDiff.run(() => plugin.check(r, {}, inputs));
            if (checked.failures.length > 0) throw new Error(`check failed: ${JSON.stringify(checked.failures)}`);
            const diff = await ctx.checkDiff.run(() => plugin.diff(r, read.id, read.outputs, inputs, checked.inputs));
            if (diff.changes === "some") throw new Error("inputs to import do not match the existing resource");
            const at = now();
            loaded.state.resources.push({
              ...r,
              id: read.id,
              inputs: checked.inputs,
              outputs: read.outputs,
              created: at,
              modified: at,
            });
            recordStep(ctx, r, "import");
          } catch (e) {
            recordStep(ctx, r, "import", `import failed: ${messageOf(e)}`);
          }
        }),
      );
    });
  }

  /** The state file as stored (secrets encrypted); an empty state before the first run. */
  state(): StateFile {
    return readStateFile(this.opts.stateFile, this.opts.project, this.opts.stack);
  }

  private async upBody(program: Program, ctx: RunContext, loaded: LoadedState): Promise<void> {
    const { project, stack, projectDir } = this.opts;
    const old = loaded.state.resources;
    const live = old.filter((r) => r.delete !== true);
    const up: UpContext = { ...ctx, old: new Map(live.map((r) => [r.urn, r])), next: new Map(), condemned: [] };
    const run = await runProgram(program, {
      pulumi: loadPulumi(projectDir),
      project,
      stack,
      preview: ctx.preview,
      config: this.opts.config ?? {},
      secretConfig: this.opts.secretConfig ?? {},
      registerDynamic: (reg) => registerDynamic(up, reg),
    });
    const stackUrn = `urn:pulumi:${stack}::${project}::pulumi:pulumi:Stack::${project}-${stack}`;
    for (const message of run.errors) ctx.errors.push({ urn: stackUrn, message });

    const registered = [...up.next.values()].filter((r): r is ResourceState => r !== null);
    const doomed = [...old.filter((r) => r.delete === true || !up.next.has(r.urn)), ...up.condemned];
    // Like the engine, resources the program did not register are deleted only after a clean program run.
    const remaining = run.errors.length > 0 || halted(ctx) ? doomed : await deleteAll(up, doomed);
    loaded.state.resources = [...registered, ...remaining];
    if (run.outputs !== undefined) {
      // After an up, exports of failed resources are unknown; they are not worth persisting.
      const known = Object.entries(run.outputs).filter(([, v]) => ctx.preview || !containsUnknowns(v));
      loaded.state.outputs = Object.fromEntries(known);
    }
  }

  private run(kind: RunKind, body: RunBody): Promise<RunResult> {
    const result = this.queue.then(() => this.runNow(kind, body));
    this.queue = result.catch(() => undefined);
    return result;
  }

  private async runNow(kind: RunKind, body: RunBody): Promise<RunResult> {
    const o = this.opts;
    const started = Date.now();
    const startedAt = now();
    const loaded = loadState(o.stateFile, o.project, o.stack, o.passphrase ?? DEFAULT_PASSPHRASE);
    let plugin: Promise<ProviderPlugin> | undefined;
    const ctx = newRunContext(
      { preview: kind === "preview", continueOnError: o.continueOnError ?? false, parallel: this.parallel },
      () =>
        (this.running = plugin =
          startPlugin({
            ...(o.plugin ? { plugin: o.plugin } : {}),
            projectDir: o.projectDir,
            project: o.project,
            stack: o.stack,
            config: o.config ?? {},
            secretConfig: o.secretConfig ?? {},
            env: o.env,
            ...(o.engineAddress === undefined ? {} : { engineAddress: o.engineAddress }),
            onHostStarted: (pid) => {
              this.lastHostPid = pid;
              o.onHostStarted?.(pid);
            },
          })),
    );
    let logs: Pick<RunResult, "hostLog" | "hiddenLog" | "engineLog">;
    try {
      await body(ctx, loaded);
    } finally {
      const running = await plugin?.catch(() => undefined);
      await running?.close();
      logs = {
        hostLog: running ? [...running.host.log] : [],
        hiddenLog: running ? [...running.host.hiddenLog] : [],
        engineLog: running ? [...running.engineLog] : [],
      };
    }
    const durationMs = Date.now() - started;
    const ok = ctx.errors.length === 0;
    if (kind !== "preview") {
      const secretConfig = Object.fromEntries(Object.entries(o.secretConfig ?? {}).map(([k, v]) => [k, makeSecret(v)]));
      loaded.state.secretConfig = secretConfig;
      loaded.state.history.push({ kind, startedAt, durationMs, ok, changes: countChanges(ctx), ...updateRecord(o) });
      saveState(o.stateFile, loaded);
    }
    return {
      kind,
      ok,
      errors: ctx.errors,
      steps: ctx.steps,
      ...stackOutputsView(loaded.state.outputs),
      ...logs,
      durationMs,
    };
  }
}
