import type { z } from "zod";
import type { Clock } from "./clock";
import type { JobCollection } from "./job-controls";
import {
  newLifecycle,
  patchLifecycle,
  requestCancel,
  resolvePhase,
  type JobPhase,
  type Lifecycle,
  type LifecycleInput,
  type ResolvedPhase,
  type SeedPhase,
} from "./job-lifecycle";
import { ControlInputError, parseInput } from "./validation";

/** What the store keeps of every job, whatever the vendor. */
export interface JobBase<P extends JobPhase = SeedPhase> {
  /** Seeding order; it counts on across `clear`, so an id a vendor shows from it never repeats in one emulator. */
  readonly seq: number;
  /** The key the job is filed under (normalized, e.g. GroundX's lower-case process id). */
  readonly id: string;
  /** When it was seeded (emulated epoch ms). */
  readonly createdAt: number;
  /** When a control last changed the job (DigitalOcean shows it in `updated_at`). */
  touchedAt: number;
  readonly life: Lifecycle<P>;
}

/** One stored job: the shared part plus the vendor's own fields. */
export type Job<F extends object, P extends JobPhase = SeedPhase> = JobBase<P> & F;

/** Seed fields a patch copies onto the job as they are: those whose value fits the job's field of the same name. */
export type CopiedField<S, F> = {
  [K in keyof S & keyof F]: Exclude<S[K], undefined> extends F[K] ? K : never;
}[keyof S & keyof F];

/** Everything vendor-specific about one kind of job: its seed, its own fields and its reply shape. */
export interface JobKind<S extends LifecycleInput<P>, F extends object, V, P extends JobPhase = SeedPhase, SV = V> {
  /** What one job is called in messages: "job", "process", "batch", "import", "run on namespace". */
  noun: string;
  /** The seed field that names the job, e.g. "uuid"; it cannot change in a patch. */
  idField: keyof S & string;
  /** What a seed is called in messages; default "job". */
  seedLabel?: string;
  /** Validates a seed; its field errors name the field (`job.<field>: …`). */
  seedSchema: z.ZodType<S>;
  /** Default `seedSchema`. */
  patchSchema?: z.ZodType<Partial<S>>;
  /** An id for a seed that names none; `taken` tells which are in use. Absent: the seed must name one. */
  newId?(taken: (id: string) => boolean): string;
  /** How an id is filed, so differently spelled forms find the same job; default as given. */
  normalizeId?(id: string): string;
  /** A seed naming an existing job replaces it (SuperOffice: a namespace's new run), instead of a 409. */
  replaces?: boolean;
  /** Fields a patch may repeat but not change, each with the message that says so (the id field included). */
  fixed?: Partial<Record<keyof S & string, string>>;
  /** Fields a patch copies onto the job when given. */
  copied?: readonly CopiedField<S, F>[];
  /** The lifecycle phase a seed or patch sets, when more than its `phase` decides it (GroundX's raw `status`). */
  phase?(input: Partial<S>, label: string): P | undefined;
  /** The vendor's own fields of a new job, defaults filled in; throws ControlInputError for a bad combination. */
  create(seed: S, now: number): F;
  /** Applies what a patch changes beyond `copied` and the lifecycle; throws before changing anything. */
  update?(job: Job<F, P>, patch: Partial<S>, now: number): void;
  /** The job as the vendor's API shows it at `now`. */
  view(job: Job<F, P>, state: ResolvedPhase<P>, now: number): V;
  /** What seeding answers, when more than the view (the ids under the seed's names); absent: the view. */
  seeded?(job: Job<F, P>, view: V): SV;
  /** The target a job belongs to (knowledge base, instance, index…), for lists and addresses. */
  group?(job: Job<F, P>): string;
  /** List order; default newest first. */
  order?(a: Job<F, P>, b: Job<F, P>): number;
  /** Called by `clear`, for state the kind keeps itself (Pinecone's id counter). */
  cleared?(): void;
}

/** Outcome of a cancel on a job that exists at the address given. */
export interface CancelOutcome<V> {
  /** "finished": the job had ended already, and the vendor decides what such a cancel answers. */
  kind: "accepted" | "finished";
  /** The job after the cancel. */
  view: V;
}

/**
 * One vendor's emulated jobs and the targets they belong to. Nothing runs in the background: every read derives
 * each job's phase from the emulated clock (see `job-lifecycle.ts`), so jobs "move" without timers and a closed
 * emulator leaves nothing pending. What differs between vendors is in its {@link JobKind}.
 */
export class JobStore<
  S extends LifecycleInput<P>,
  F extends object,
  V,
  P extends JobPhase = SeedPhase,
  SV = V,
> implements JobCollection<V, SV> {
  readonly #clock: Clock;
  readonly #kind: JobKind<S, F, V, P, SV>;
  readonly #jobs = new Map<string, Job<F, P>>();
  /** Targets that exist, also without jobs (a list on any other answers 404 at most vendors). */
  readonly #groups = new Set<string>();
  #seq = 0;

  constructor(clock: Clock, kind: JobKind<S, F, V, P, SV>) {
    this.#clock = clock;
    this.#kind = kind;
  }

  /** What one job is called in messages. */
  get noun(): string {
    return this.#kind.noun;
  }

  /** Creates a job (and its target); throws ControlInputError (400 bad field, 409 duplicate id). */
  seed(input: unknown): SV {
    const kind = this.#kind;
    const label = kind.seedLabel ?? "job";
    const seed = parseInput(kind.seedSchema, input ?? {}, label);
    const given = this.#idFrom(seed[kind.idField]);
    if (given !== undefined && this.#jobs.has(given) && kind.replaces !== true)
      throw new ControlInputError(`${label}.${kind.idField}: ${withArticle(kind.noun)} ${given} already exists`, 409);
    const phase = kind.phase ? kind.phase(seed, label) : seed.phase;
    const now = this.#clock.now();
    const fields = kind.create(seed, now);
    const id = given ?? this.#newId(label);
    const life = newLifecycle<P>({ phase, runMs: seed.runMs, cancelSettleMs: seed.cancelSettleMs }, now);
    const job: Job<F, P> = { ...fields, seq: ++this.#seq, id, createdAt: now, touchedAt: now, life };
    this.#jobs.set(id, job);
    this.#file(job);
    const view = this.#view(job, now);
    // Without `seeded`, SV is V (its default): seeding answers the view.
    return kind.seeded ? kind.seeded(job, view) : (view as unknown as SV);
  }

  /** Changes a job; a new `phase` restarts the phase clock and discards a pending cancel. */
  patch(id: string, input: unknown): V {
    const kind = this.#kind;
    const p: Partial<S> = parseInput(kind.patchSchema ?? kind.seedSchema, input ?? {}, "patch");
    const job = this.#jobs.get(this.#normalize(id));
    if (job === undefined) throw new ControlInputError(`no ${kind.noun} ${id}`, 404);
    for (const [field, message] of Object.entries(kind.fixed ?? {})) {
      const asked: unknown = Reflect.get(p, field);
      const current: unknown = field === kind.idField ? job.id : Reflect.get(job, field);
      const same = field === kind.idField ? this.#idFrom(asked) === current : asked === current;
      if (asked !== undefined && !same) throw new ControlInputError(`patch.${field}: ${String(message)}`);
    }
    const phase = kind.phase ? kind.phase(p, "patch") : p.phase;
    const now = this.#clock.now();
    kind.update?.(job, p, now);
    for (const field of kind.copied ?? []) if (p[field] !== undefined) Reflect.set(job, field, p[field]);
    patchLifecycle(job.life, { phase, runMs: p.runMs, cancelSettleMs: p.cancelSettleMs }, now);
    job.touchedAt = now;
    this.#file(job);
    return this.#view(job, now);
  }

  /** The job as the API would show it now, or undefined. */
  get(id: string): V | undefined {
    return this.find(id);
  }

  /** The job when it belongs to `group` (or to any, when absent), or undefined. */
  find(id: string, group?: string): V | undefined {
    const job = this.#at(id, group);
    return job === undefined ? undefined : this.#view(job, this.#clock.now());
  }

  /** Every job (or one group's), in the kind's order. */
  list(group?: string): V[] {
    const now = this.#clock.now();
    return this.#sorted(group).map((job) => this.#view(job, now));
  }

  /** Every job as seeding answers it, in the kind's order (for control lists that show the ids). */
  listSeeded(): SV[] {
    const now = this.#clock.now();
    const kind = this.#kind;
    return this.#sorted().map((job) => {
      const view = this.#view(job, now);
      return kind.seeded ? kind.seeded(job, view) : (view as unknown as SV);
    });
  }

  /**
   * Accepts a cancel on an unfinished job at that address, or reports that it has finished; undefined when there
   * is no such job there. A repeated cancel while one settles is accepted without restarting the settle time.
   */
  cancel(id: string, group?: string): CancelOutcome<V> | undefined {
    const job = this.#at(id, group);
    if (job === undefined) return undefined;
    const now = this.#clock.now();
    return { kind: requestCancel(job.life, now), view: this.#view(job, now) };
  }

  /** Deletes a job so the API answers 404 for it; its group stays. Returns whether it existed. */
  forget(id: string): boolean {
    return this.#jobs.delete(this.#normalize(id));
  }

  /** Makes a group known without any job (idempotent), so a list on it answers empty rather than 404. */
  addGroup(group: string): void {
    this.#groups.add(group);
  }

  /** Whether the group exists. */
  hasGroup(group: string): boolean {
    return this.#groups.has(group);
  }

  /** Every group, sorted. */
  groups(): string[] {
    return [...this.#groups].sort();
  }

  /** Deletes a group and its jobs. Returns whether the group existed. */
  forgetGroup(group: string): boolean {
    for (const job of this.#sorted(group)) this.#jobs.delete(job.id);
    return this.#groups.delete(group);
  }

  /** Deletes every job and group. */
  clear(): void {
    this.#jobs.clear();
    this.#groups.clear();
    this.#kind.cleared?.();
  }

  #at(id: string, group: string | undefined): Job<F, P> | undefined {
    const job = this.#jobs.get(this.#normalize(id));
    return job !== undefined && (group === undefined || this.#kind.group?.(job) === group) ? job : undefined;
  }

  #sorted(group?: string): Job<F, P>[] {
    const kind = this.#kind;
    const jobs = [...this.#jobs.values()].filter((job) => group === undefined || kind.group?.(job) === group);
    return jobs.sort((a, b) => (kind.order ? kind.order(a, b) : b.seq - a.seq));
  }

  #file(job: Job<F, P>): void {
    if (this.#kind.group) this.#groups.add(this.#kind.group(job));
  }

  #view(job: Job<F, P>, now: number): V {
    return this.#kind.view(job, resolvePhase(job.life, now), now);
  }

  #idFrom(value: unknown): string | undefined {
    return typeof value === "string" ? this.#normalize(value) : undefined;
  }

  #normalize(id: string): string {
    return this.#kind.normalizeId ? this.#kind.normalizeId(id) : id;
  }

  #newId(label: string): string {
    if (!this.#kind.newId) throw new ControlInputError(`${label}.${this.#kind.idField}: required`);
    return this.#kind.newId((id) => this.#jobs.has(id));
  }
}

function withArticle(noun: string): string {
  return `${/^[aeiou]/i.test(noun) ? "an" : "a"} ${noun}`;
}
