import { deleteOne } from "./delete-steps";
import { deepEqual, markSecretKeys } from "./property-values";
import type { ProviderPlugin } from "./provider-plugin";
import { ProviderCallError, type ResourceRef } from "./provider-rpc";
import { halted, messageOf, now, recordStep, type UpContext } from "./run-context";
import type { PropertyMap, ResourceState, StepOp } from "./types";

/** A dynamic resource as the program registered it (raw RegisterResource request). */
export interface Registration extends ResourceRef {
  /** Inputs in wire form: secrets wrapped, unknowns (preview) as the sentinel. */
  inputs: PropertyMap;
  additionalSecretOutputs: string[];
  /** Set only when the program set the option. */
  deleteBeforeReplace?: boolean;
  retainOnDelete?: boolean;
  protect?: boolean;
  dependencies: string[];
  /** The resource's customTimeouts, in seconds. */
  customTimeouts?: { create?: number | undefined; update?: number | undefined };
}

/** What the program sees: the resource id (undefined = unknown) and its outputs. */
export interface RegisteredOutputs {
  id: string | undefined;
  outputs: PropertyMap;
}

function newState(
  reg: Registration,
  id: string,
  inputs: PropertyMap,
  outputs: PropertyMap,
  created: string,
  initErrors?: string[],
): ResourceState {
  return {
    urn: reg.urn,
    type: reg.type,
    name: reg.name,
    id,
    inputs,
    outputs: markSecretKeys(outputs, reg.additionalSecretOutputs),
    ...(initErrors && initErrors.length > 0 ? { initErrors } : {}),
    ...(reg.retainOnDelete !== undefined ? { retainOnDelete: reg.retainOnDelete } : {}),
    ...(reg.protect !== undefined ? { protect: reg.protect } : {}),
    ...(reg.dependencies.length > 0 ? { dependencies: reg.dependencies } : {}),
    ...(reg.additionalSecretOutputs.length > 0 ? { additionalSecretOutputs: reg.additionalSecretOutputs } : {}),
    created,
    modified: now(),
  };
}

function failure(op: string, e: unknown): Error {
  if (e instanceof ProviderCallError && e.initFailure) {
    return new Error(`${op} partially failed: ${e.message} (${e.initFailure.reasons.join("; ")})`);
  }
  return new Error(`${op} failed: ${messageOf(e)}`);
}

async function check(
  ctx: UpContext,
  plugin: ProviderPlugin,
  reg: Registration,
  old: ResourceState | undefined,
): Promise<PropertyMap> {
  const res = await ctx.checkDiff.run(() => plugin.check(reg, old?.inputs ?? {}, reg.inputs));
  if (res.failures.length > 0) {
    throw new Error(`check failed: ${res.failures.map((f) => `property "${f.property}": ${f.reason}`).join("; ")}`);
  }
  return res.inputs;
}

type Plan = { kind: "same" | "update" } | { kind: "replace"; deleteBeforeReplace: boolean };

async function plan(
  ctx: UpContext,
  plugin: ProviderPlugin,
  reg: Registration,
  old: ResourceState,
  checked: PropertyMap,
): Promise<Plan> {
  const diff = await ctx.checkDiff.run(() => plugin.diff(reg, old.id, old.outputs, old.inputs, checked));
  if (diff.replaces.length > 0)
    return { kind: "replace", deleteBeforeReplace: reg.deleteBeforeReplace ?? diff.deleteBeforeReplace };
  // DIFF_UNKNOWN (no `diff` in the provider): the engine compares old and new inputs itself.
  const changed = diff.changes === "some" || (diff.changes === "unknown" && !deepEqual(old.inputs, checked));
  // A resource left with init errors is always updated, to give it another chance to initialize.
  return { kind: changed || (old.initErrors?.length ?? 0) > 0 ? "update" : "same" };
}

/** Create, saving a partially failed resource (with its init errors) before rethrowing. */
async function createNew(
  ctx: UpContext,
  plugin: ProviderPlugin,
  reg: Registration,
  checked: PropertyMap,
): Promise<ResourceState> {
  try {
    const res = await ctx.ops.run(() => plugin.create(reg, checked, { timeout: reg.customTimeouts?.create ?? 0 }));
    const state = newState(reg, res.id, checked, res.outputs, now());
    ctx.next.set(reg.urn, state);
    return state;
  } catch (e) {
    if (e instanceof ProviderCallError && e.initFailure) {
      const f = e.initFailure;
      ctx.next.set(reg.urn, newState(reg, f.id, checked, f.properties, now(), f.reasons));
    }
    throw failure("create", e);
  }
}

async function update(
  ctx: UpContext,
  plugin: ProviderPlugin,
  reg: Registration,
  old: ResourceState,
  checked: PropertyMap,
): Promise<ResourceState> {
  try {
    const outs = await ctx.ops.run(() =>
      plugin.update(reg, old.id, old.outputs, old.inputs, checked, { timeout: reg.customTimeouts?.update ?? 0 }),
    );
    const state = newState(reg, old.id, checked, outs, old.created);
    ctx.next.set(reg.urn, state);
    return state;
  } catch (e) {
    if (e instanceof ProviderCallError && e.initFailure) {
      const f = e.initFailure;
      ctx.next.set(reg.urn, newState(reg, f.id || old.id, checked, f.properties, old.created, f.reasons));
    }
    throw failure("update", e);
  }
}

async function replace(
  ctx: UpContext,
  plugin: ProviderPlugin,
  reg: Registration,
  old: ResourceState,
  checked: PropertyMap,
  deleteBeforeReplace: boolean,
): Promise<ResourceState> {
  if (old.protect) throw new Error(`unable to replace resource ${reg.urn} as it is currently marked for protection`);
  if (deleteBeforeReplace) {
    await deleteOne(ctx, old).catch((e: unknown) => Promise.reject(failure("delete", e)));
    ctx.next.set(reg.urn, null);
    return createNew(ctx, plugin, reg, checked);
  }
  let created: ResourceState;
  try {
    created = await createNew(ctx, plugin, reg, checked);
  } catch (e) {
    // A replacement that exists (with init errors) supersedes the old copy, which still has to go.
    if (ctx.next.get(reg.urn) !== old) ctx.condemned.push({ ...old, delete: true });
    throw e;
  }
  try {
    await deleteOne(ctx, old);
  } catch (e) {
    ctx.condemned.push({ ...old, delete: true });
    throw failure("delete of the replaced resource", e);
  }
  return created;
}

/** Runs one dynamic resource registration through Check/Diff/Create/Update/Delete as the engine's step generator does. */
export async function registerDynamic(ctx: UpContext, reg: Registration): Promise<RegisteredOutputs> {
  const old = ctx.old.get(reg.urn);
  ctx.next.set(reg.urn, old ?? null);
  if (halted(ctx)) throw new Error(`${reg.urn} was not processed because an earlier step failed`);
  const step = (op: "create" | "update" | "replace"): StepOp => (ctx.preview ? `preview-${op}` : op);
  let op: StepOp = old ? step("update") : step("create");
  try {
    const plugin = await ctx.plugin();
    const checked = await check(ctx, plugin, reg, old);
    const previewed = (id: string | undefined): RegisteredOutputs => {
      recordStep(ctx, reg, op);
      // Without provider preview support the engine hands back the checked inputs; the rest is unknown.
      return { id, outputs: markSecretKeys(checked, reg.additionalSecretOutputs) };
    };
    if (!old && ctx.preview && plugin.supportsPreview) {
      // A provider that supports preview predicts the outputs (Create with preview=true); nothing is created.
      const predicted = await ctx.ops.run(() => plugin.create(reg, checked, { preview: true }));
      recordStep(ctx, reg, op);
      return { id: undefined, outputs: markSecretKeys(predicted.outputs, reg.additionalSecretOutputs) };
    }
    if (!old)
      return ctx.preview ? previewed(undefined) : record(ctx, reg, op, await createNew(ctx, plugin, reg, checked));
    const p = await plan(ctx, plugin, reg, old, checked);
    if (p.kind === "same") {
      op = "same";
      const state: ResourceState = {
        ...newState(reg, old.id, checked, old.outputs, old.created),
        modified: old.modified,
      };
      ctx.next.set(reg.urn, state);
      return record(ctx, reg, op, state);
    }
    op = step(p.kind);
    if (ctx.preview && p.kind === "update" && plugin.supportsPreview) {
      // As the engine's UpdateStep does in a dry run: Update with preview=true, whose outputs the program sees
      // (pkg/resource/deploy/step.go; provider_plugin.go returns the new inputs only without preview support).
      const predicted = await ctx.ops.run(() =>
        plugin.update(reg, old.id, old.outputs, old.inputs, checked, { preview: true }),
      );
      recordStep(ctx, reg, op);
      return { id: old.id, outputs: markSecretKeys(predicted, reg.additionalSecretOutputs) };
    }
    if (ctx.preview) return previewed(p.kind === "update" ? old.id : undefined);
    const state =
      p.kind === "replace"
        ? await replace(ctx, plugin, reg, old, checked, p.deleteBeforeReplace)
        : await update(ctx, plugin, reg, old, checked);
    return record(ctx, reg, op, state);
  } catch (e) {
    recordStep(ctx, reg, op, messageOf(e));
    throw e;
  }
}

function record(ctx: UpContext, reg: Registration, op: StepOp, state: ResourceState): RegisteredOutputs {
  recordStep(ctx, reg, op);
  return { id: state.id, outputs: state.outputs };
}
