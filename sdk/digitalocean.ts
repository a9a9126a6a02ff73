/**
 * DigitalOcean Gradient knowledge-base indexing jobs.
 * @packageDocumentation
 */
import type * as pulumi from "@pulumi/pulumi";
import { CancellationResource, type CancellationArgs } from "./common";

/** A DigitalOcean API token; when absent, `ragcancel:digitaloceanToken`, then `DIGITALOCEAN_TOKEN`, then `DIGITALOCEAN_ACCESS_TOKEN`. */
export interface DigitalOceanCredentials {
  /** A personal access token with the `genai:read` and `genai:update` scopes. */
  token: string;
}

/** Inputs of {@link IndexingJobCancellation}. Set exactly one of `jobUuid` and `knowledgeBaseUuid`. */
export interface IndexingJobCancellationArgs extends CancellationArgs {
  /** The indexing job to cancel. Changing it replaces the resource. */
  jobUuid?: pulumi.Input<string>;
  /** Cancel every job of this knowledge base that is not finished. Changing it replaces the resource. */
  knowledgeBaseUuid?: pulumi.Input<string>;
  /** Credentials for this resource only (multi-account stacks); stored as a secret. */
  credentials?: pulumi.Input<DigitalOceanCredentials>;
}

/**
 * Cancels a DigitalOcean knowledge-base indexing job, or every running job of a knowledge base, and records what
 * happened. `pulumi up` cancels and waits for confirmation; a second `up` does nothing; `refresh` reads the job's
 * status; `destroy` forgets the record (a cancellation cannot be undone).
 *
 * @example
 * ```ts
 * const stop = new digitalocean.IndexingJobCancellation("stop-kb-reindex", {
 *   knowledgeBaseUuid: kb.id,
 *   reason: "CHG-1234: swap embedding model",
 * });
 * export const outcome = stop.outcome;
 * ```
 */
export class IndexingJobCancellation extends CancellationResource {
  /** The job cancelled, when given by id. */
  declare readonly jobUuid: pulumi.Output<string | undefined>;
  /** The knowledge base whose running jobs were cancelled, when given. */
  declare readonly knowledgeBaseUuid: pulumi.Output<string | undefined>;

  /**
   * @param name The resource's unique name in the stack.
   * @param args Which job to cancel, and how.
   * @param opts Pulumi resource options.
   */
  constructor(name: string, args: IndexingJobCancellationArgs, opts?: pulumi.CustomResourceOptions) {
    super("digitalocean", name, { jobUuid: undefined, knowledgeBaseUuid: undefined, ...args }, opts);
  }
}
