import { deepEqual, markSecretKeys } from "./property-values";
import { messageOf, now, recordStep, type RunContext } from "./run-context";
import type { ResourceState } from "./types";

async function refreshOne(ctx: RunContext, res: ResourceState): Promise<ResourceState | null> {
  try {
    const plugin = await ctx.plugin();
    const read = await ctx.ops.run(() => plugin.read(res, res.id, res.outputs, res.inputs));
    if (read.id === "") {
      // The engine treats a blank ID from Read as "the resource is gone" and drops it.
      recordStep(ctx, res, "read-delete");
      return null;
    }
    const outputs = markSecretKeys(read.outputs, res.additionalSecretOutputs ?? []);
    const inputs = read.inputs ?? res.inputs;
    const changed = read.id !== res.id || !deepEqual(outputs, res.outputs) || !deepEqual(inputs, res.inputs);
    const next: ResourceState = { ...res, id: read.id, inputs, outputs, modified: changed ? now() : res.modified };
    // A successful Read clears init errors, as the engine's RefreshStep does.
    delete next.initErrors;
    recordStep(ctx, res, "refresh");
    return next;
  } catch (e) {
    recordStep(ctx, res, "refresh", `refresh failed: ${messageOf(e)}`);
    return res;
  }
}

/** Reads every resource (in parallel, up to `parallel`); returns the refreshed state in the same order. */
export async function refreshAll(ctx: RunContext, resources: readonly ResourceState[]): Promise<ResourceState[]> {
  const refreshed = await Promise.all(resources.map((r) => refreshOne(ctx, r)));
  return refreshed.filter((r): r is ResourceState => r !== null);
}
