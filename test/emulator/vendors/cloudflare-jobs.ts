import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { Clock } from "../clock";
import {
  isTerminal,
  lifecycleFields,
  newLifecycle,
  patchLifecycle,
  requestCancel,
  resolvePhase,
  type Lifecycle,
  type SeedPhase,
} from "../job-lifecycle";
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

/** Outcome of a read or cancel addressed by the API path. */
export type CfLookup<T> = { kind: "ok"; value: T } | { kind: "no-instance" } | { kind: "no-job" };

interface JobRecord {
  seq: number;
  id: string;
  instance: string;
  source: "user" | "schedule";
  description: string | undefined;
  endReason: string | undefined;
  createdAt: number;
  life: Lifecycle;
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

/** Cloudflare AI Search jobs, derived from the emulated clock on every read (no timers). */
export class CfJobStore {
  readonly #clock: Clock;
  readonly #instances = new Set<string>();
  readonly #jobs = new Map<string, JobRecord>();
  #seq = 0;

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  /** Creates an empty instance (idempotent) so its job list answers `[]` instead of 404. */
  seedInstance(input: unknown): CfLocation {
    const loc = locate(parseInput(instanceSchema, input ?? {}, "instance"));
    this.#instances.add(key(loc));
    return loc;
  }

  /** Creates a job (and its instance); throws ControlInputError (400 bad field, 409 duplicate id). */
  seed(input: unknown): CfJobView {
    const seed = parseInput(seedSchema, input ?? {}, "job");
    const id = seed.id ?? randomUUID();
    if (this.#jobs.has(id)) throw new ControlInputError(`job.id: a job ${id} already exists`, 409);
    const now = this.#clock.now();
    const instance = key(locate(seed));
    this.#instances.add(instance);
    const record: JobRecord = {
      seq: ++this.#seq,
      id,
      instance,
      source: seed.source ?? "user",
      description: seed.description,
      endReason: seed.endReason,
      createdAt: now,
      life: newLifecycle(seed, now),
    };
    this.#jobs.set(id, record);
    return view(record, now);
  }

  /** Changes a job; moving it to another instance creates that instance. */
  patch(id: string, input: unknown): CfJobView {
    const p = parseInput(patchSchema, input ?? {}, "patch");
    const record = this.#jobs.get(id);
    if (record === undefined) throw new ControlInputError(`no job ${id}`, 404);
    if (p.id !== undefined && p.id !== id) throw new ControlInputError("patch.id: a job's id cannot change");
    const now = this.#clock.now();
    if (p.instanceId === undefined && (p.accountId !== undefined || p.namespace !== undefined))
      throw new ControlInputError("patch.instanceId: required to move a job to another account or namespace");
    if (p.instanceId !== undefined) {
      record.instance = key(locate({ ...p, instanceId: p.instanceId }));
      this.#instances.add(record.instance);
    }
    if (p.source !== undefined) record.source = p.source;
    if (p.description !== undefined) record.description = p.description;
    if (p.endReason !== undefined) record.endReason = p.endReason;
    patchLifecycle(record.life, p, now);
    return view(record, now);
  }

  /** The job as the API would show it now, or undefined. */
  get(id: string): CfJobView | undefined {
    const record = this.#jobs.get(id);
    return record === undefined ? undefined : view(record, this.#clock.now());
  }

  /** Every job, newest first. */
  all(): CfJobView[] {
    const now = this.#clock.now();
    return this.#sorted().map((r) => view(r, now));
  }

  /** One job addressed by its API path. */
  find(loc: CfLocation, id: string): CfLookup<CfJobView> {
    const record = this.#at(loc, id);
    return record.kind === "ok" ? { kind: "ok", value: view(record.value, this.#clock.now()) } : record;
  }

  /** An instance's jobs, newest first (inference: Cloudflare does not document the order). */
  list(loc: CfLocation): CfLookup<CfJobView[]> {
    const instance = key(loc);
    if (!this.#instances.has(instance)) return { kind: "no-instance" };
    const now = this.#clock.now();
    const jobs = this.#sorted().filter((r) => r.instance === instance);
    return { kind: "ok", value: jobs.map((r) => view(r, now)) };
  }

  /** Accepts a cancel on a running job, or reports that it has ended. */
  cancel(loc: CfLocation, id: string): CfLookup<{ accepted: boolean; job: CfJobView }> {
    const record = this.#at(loc, id);
    if (record.kind !== "ok") return record;
    const now = this.#clock.now();
    const accepted = requestCancel(record.value.life, now) === "accepted";
    return { kind: "ok", value: { accepted, job: view(record.value, now) } };
  }

  /** Deletes a job so the API answers 404 for it; its instance stays. Returns whether it existed. */
  forget(id: string): boolean {
    return this.#jobs.delete(id);
  }

  /** Deletes every job and instance. */
  clear(): void {
    this.#jobs.clear();
    this.#instances.clear();
  }

  #at(loc: CfLocation, id: string): CfLookup<JobRecord> {
    const instance = key(loc);
    if (!this.#instances.has(instance)) return { kind: "no-instance" };
    const record = this.#jobs.get(id);
    return record?.instance === instance ? { kind: "ok", value: record } : { kind: "no-job" };
  }

  #sorted(): JobRecord[] {
    return [...this.#jobs.values()].sort((a, b) => b.seq - a.seq);
  }
}

function locate(ref: CfInstanceRef): CfLocation {
  return {
    accountId: ref.accountId ?? "acc-emulator",
    namespace: ref.namespace ?? "default",
    instanceId: ref.instanceId,
  };
}

function key(loc: CfLocation): string {
  return JSON.stringify([loc.accountId, loc.namespace, loc.instanceId]);
}

function view(r: JobRecord, now: number): CfJobView {
  const state = resolvePhase(r.life, now);
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
