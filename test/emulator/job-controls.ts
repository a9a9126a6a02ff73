import type { CancelFinished } from "./cancel-finished";

/** What a vendor's job collection offers its controls, programmatic and HTTP; a `JobStore` is one. */
export interface JobCollection<V = unknown, SV = unknown> {
  /** What one job is called in control-API messages, e.g. "job" or "run on namespace". */
  readonly noun: string;
  /** Creates a job from a seed body; throws ControlInputError for a bad one. */
  seed(body: unknown): SV;
  /** Every job as the API would show it now. */
  list(): V[];
  /** One job as the API would show it now, or undefined. */
  get(id: string): V | undefined;
  /** Changes a job from a patch body; throws ControlInputError for a bad one or an unknown id. */
  patch(id: string, body: unknown): V;
  /** Deletes a job; returns whether it existed. */
  forget(id: string): boolean;
}

/** The control member of a vendor whose answer to a cancel on a finished job is undocumented. */
export interface CancelFinishedControl<M extends number> {
  /** Chooses the answer to a cancel on a finished job; default "echo" (a success with the unchanged job). */
  setCancelFinished(mode: "echo" | M): void;
}

/** The members every vendor's controls (`emu.<vendor>`) share, typed with the vendor's own seed. */
export interface JobControls<In, V, SV> {
  /** Creates a job; throws on a bad field or a duplicate id. */
  seedJob(j: In): SV;
  /** The job as the API would show it now. */
  job(id: string): V | undefined;
  /** Changes a job, e.g. shortens `cancelSettleMs` or forces a `phase`; throws for an unknown id. */
  patchJob(id: string, p: Partial<In>): V;
  /** Deletes a job so later requests get 404. */
  forgetJob(id: string): void;
}

/** The job members of a vendor's controls; they take any seed, as the store validates it. */
export function jobControls<V, SV>(jobs: JobCollection<V, SV>): JobControls<unknown, V, SV>;
/** The job members of a vendor's controls, plus `setCancelFinished` for its cancel-finished switch. */
export function jobControls<V, SV, M extends number>(
  jobs: JobCollection<V, SV>,
  cancelFinished: CancelFinished<M>,
): JobControls<unknown, V, SV> & CancelFinishedControl<M>;
export function jobControls<V, SV, M extends number>(
  jobs: JobCollection<V, SV>,
  cancelFinished?: CancelFinished<M>,
): JobControls<unknown, V, SV> & Partial<CancelFinishedControl<M>> {
  return {
    seedJob: (j) => jobs.seed(j),
    job: (id) => jobs.get(id),
    patchJob: (id, p) => jobs.patch(id, p),
    forgetJob: (id) => {
      jobs.forget(id);
    },
    ...(cancelFinished && {
      setCancelFinished: (mode: "echo" | M) => {
        cancelFinished.set({ mode });
      },
    }),
  };
}
