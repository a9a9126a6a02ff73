import { halted, messageOf, recordStep, type RunContext } from "./run-context";
import type { ResourceState } from "./types";

/** Deletes one resource through the provider (no call if retained); throws if it is protected or the call fails. */
export async function deleteOne(ctx: RunContext, res: ResourceState): Promise<void> {
  if (res.protect) throw new Error(`resource ${res.urn} cannot be deleted because it is protected`);
  if (res.retainOnDelete) return;
  const plugin = await ctx.plugin();
  await ctx.ops.run(() => plugin.delete(res, res.id, res.outputs, res.inputs));
}

/**
 * Deletes `resources` (given in state order) as the engine does: a resource goes only after everything that
 * depends on it is gone; independent deletes run in parallel. Returns the resources that remain.
 */
export async function deleteAll(ctx: RunContext, resources: readonly ResourceState[]): Promise<ResourceState[]> {
  const kept = new Set<ResourceState>();
  const deleted = new Map<ResourceState, Promise<boolean>>();
  for (let i = resources.length - 1; i >= 0; i--) {
    const res = resources[i]!;
    const dependents = resources
      .slice(i + 1)
      .filter((d) => d.dependencies?.includes(res.urn))
      .map((d) => deleted.get(d)!);
    const run = async (): Promise<boolean> => {
      const dependentsGone = (await Promise.all(dependents)).every(Boolean);
      if (!dependentsGone || halted(ctx)) {
        kept.add(res);
        return false;
      }
      if (ctx.preview) {
        recordStep(ctx, res, "preview-delete");
        return true;
      }
      try {
        await deleteOne(ctx, res);
        recordStep(ctx, res, "delete");
        return true;
      } catch (e) {
        recordStep(ctx, res, "delete", messageOf(e));
        kept.add(res);
        return false;
      }
    };
    deleted.set(res, run());
  }
  await Promise.all(deleted.values());
  return resources.filter((r) => kept.has(r));
}
