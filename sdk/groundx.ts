/**
 * GroundX ingest processes.
 * @packageDocumentation
 */
import type * as pulumi from "@pulumi/pulumi";
import { CancellationResource, type CancellationArgs } from "./common";

/** A GroundX API key for this resource; when absent, `ragcancel:groundxApiKey`, then `GROUNDX_API_KEY`. */
export interface GroundXCredentials {
  /** The API key (sent as `X-API-Key`). */
  apiKey: string;
}

/** Inputs of {@link IndexingJobCancellation}. */
export interface IndexingJobCancellationArgs extends CancellationArgs {
  /** The ingest process to cancel (a UUID, as returned by an ingest call). Changing it replaces the resource. */
  processId: pulumi.Input<string>;
  /** Credentials for this resource only (multi-account stacks); stored as a secret. */
  credentials?: pulumi.Input<GroundXCredentials>;
}

/**
 * Cancels a GroundX ingest process, along with the files not yet completely ingested, and records what happened,
 * including how many documents ended in each progress bucket.
 *
 * @example
 * ```ts
 * const stop = new groundx.IndexingJobCancellation("stop-ingest", {
 *   processId: "3fa85f64-5717-4562-b3fc-2c963f66afa6",
 *   reason: "wrong bucket",
 * });
 * ```
 */
export class IndexingJobCancellation extends CancellationResource {
  /** The ingest process. */
  declare readonly processId: pulumi.Output<string>;

  /**
   * @param name The resource's unique name in the stack.
   * @param args Which process to cancel, and how.
   * @param opts Pulumi resource options.
   */
  constructor(name: string, args: IndexingJobCancellationArgs, opts?: pulumi.CustomResourceOptions) {
    super("groundx", name, { ...args }, opts);
  }
}
