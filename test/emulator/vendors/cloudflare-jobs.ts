import { randomUUID } from "node:crypto";
import { z } from "zod";
import { isTerminal, lifecycleFields, type ResolvedPhase, type SeedPhase } from "../job-lifecycle";
import type { Job, JobKind } from "../job-store";
import { ControlInputError, parseInput } from "../validation";

/** Where an AI Search job lives: account, namespace and instance. */
export interface CfInstanceRef {
  /** Default "acc-emulator". */
  accountId?: string;
  /** Default "default", as in Cloudflare (instances created without a namespace live there). */
  namespace?: string;
  /** 1–64 of `[a-z0-9_-]`. */
  instanceId: string;
}

/** How to create a Cloudflare AI Search job in the emulator. Durations are emulated milliseconds. */
export interface CfSeed extends CfInstanceRef {
  /** Job id; a random UUID when absent. */
  id?: string;
  /** Default "user". */
  source?: "user" | "schedule";
  description?: string;
  /** Phase it starts in; default "running". Cloudflare shows "pending" exactly like "running" (no status field). */
  phase?: SeedPhase;
  /** Emulated ms until it completes on its own; null/absent = runs until cancelled. */
  runMs?: number | null;
  /** Emulated ms from an accepted cancel until `ended_at` appears; default 2000. */
  cancelSettleMs?: number;
  /** Replaces the default `end_reason` ("completed", "cancelled", "error") whichever way the job ends. */
  endReason?: string;
}

/** A job exactly as Cloudflare's API returns it: no status field, running = no `ended_at`. */
export interface CfJobView {
  id: string;
  source: "user" | "schedule";
  description?: string;
  started_at: string;
  last_seen_at: string;
  ended_at?: string;
  end_reason?: string;
}

/** The full address of an AI Search instance, all parts resolved. */
export interface CfLocation {
  accountId: string;
  namespace: string;
  instanceId: string;
}

/** What a Cloudflare job keeps beyond the store's shared part. */
interface CfFields {
  /** Its instance's {@link instanceKey}. */
  instance: string;
  source: "user" | "schedule";
  description: string | undefined;
  endReason: string | undefined;
}

const INSTANCE_ID = /^[a-z0-9_-]{1,64}$/;
const refFields = {
  accountId: z.string().min(1).optional(),
  namespace: z.string().min(1).optional(),
  instanceId: z.string().regex(INSTANCE_ID, "1-64 of [a-z0-9_-]"),
};
const instanceSchema = z.strictObject(refFields);
const seedFields = {
  ...refFields,
  id: z.string().min(1).optional(),
  source: z.enum(["user", "schedule"]).optional(),
  description: z.string().optional(),
  endReason: z.string().min(1).optional(),
  ...lifecycleFields,
};
const seedSchema = z.strictObject(seedFields);
const patchSchema = z.strictObject({ ...seedFields, instanceId: refFields.instanceId.optional() });

// Inference: Cloudflare documents end_reason only as a free-form string; these are the emulator's defaults.
const END_REASON: Partial<Record<SeedPhase, string>> = {
  succeeded: "completed",
  cancelled: "cancelled",
  failed: "error",
};

/** Cloudflare AI Search jobs, grouped by instance ({@link instanceKey}): what the job store needs to know of them. */
export const CF_JOBS: JobKind<z.output<typeof seedSchema>, CfFields, CfJobView> = {
  noun: "job",
  idField: "id",
  seedSchema,
  patchSchema,
  newId: () => randomUUID(),
  fixed: { id: "a job's id cannot change" },
  copied: ["source", "description", "endReason"],
  create: (seed) => ({
    instance: instanceKey(locate(seed)),
    source: seed.source ?? "user",
    description: seed.description,
    endReason: seed.endReason,
  }),
  update: (job, p) => {
    if (p.instanceId === undefined && (p.accountId !== undefined || p.namespace !== undefined))
      throw new ControlInputError("patch.instanceId: required to move a job to another account or namespace");
    // The store files the job under its new instance, which so comes to exist.
    if (p.instanceId !== undefined) job.instance = instanceKey(locate({ ...p, instanceId: p.instanceId }));
  },
  view,
  group: (job) => job.instance,
};

/** Creates an empty instance (idempotent) so its job list answers `[]` instead of 404. */
export function seedInstance(jobs: { addGroup(group: string): void }, input: unknown): CfLocation {
  const loc = locate(parseInput(instanceSchema, input ?? {}, "instance"));
  jobs.addGroup(instanceKey(loc));
  return loc;
}

function locate(ref: CfInstanceRef): CfLocation {
  return {
    accountId: ref.accountId ?? "acc-emulator",
    namespace: ref.namespace ?? "default",
    instanceId: ref.instanceId,
  };
}

/** The group key of an instance in the job store. */
export function instanceKey(loc: CfLocation): string {
  return JSON.stringify([loc.accountId, loc.namespace, loc.instanceId]);
}

function view(r: Job<CfFields>, state: ResolvedPhase, now: number): CfJobView {
  const out: CfJobView = {
    id: r.id,
    source: r.source,
    started_at: iso(r.createdAt),
    last_seen_at: iso(state.finishedAt ?? now),
  };
  if (r.description !== undefined) out.description = r.description;
  if (isTerminal(state.phase) && state.finishedAt !== undefined) {
    out.ended_at = iso(state.finishedAt);
    out.end_reason = r.endReason ?? END_REASON[state.phase] ?? state.phase;
  }
  return out;
}

function iso(epochMs: number): string {
  return new Date(epochMs).toISOString();
}
