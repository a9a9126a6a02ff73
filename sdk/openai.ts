/**
 * OpenAI vector store file batches.
 * @packageDocumentation
 */
import type * as pulumi from "@pulumi/pulumi";
import { CancellationResource, type CancellationArgs } from "./common";

/** An OpenAI API key for this resource; when absent, `ragcancel:openaiApiKey`, then `OPENAI_API_KEY`. */
export interface OpenAICredentials {
  /** The API key (sent as `Authorization: Bearer`). */
  apiKey: string;
}

/** Inputs of {@link VectorStoreFileBatchCancellation}. */
export interface VectorStoreFileBatchCancellationArgs extends CancellationArgs {
  /** The vector store the batch belongs to (`vs_…`). Changing it replaces the resource. */
  vectorStoreId: pulumi.Input<string>;
  /** The file batch to cancel (`vsfb_…`, as returned when the batch was created). Changing it replaces the resource. */
  batchId: pulumi.Input<string>;
  /** The organization sent as `OpenAI-Organization`; when absent, `ragcancel:openaiOrganization`, then `OPENAI_ORG_ID`, else none. */
  organization?: pulumi.Input<string>;
  /** The project sent as `OpenAI-Project`; when absent, `ragcancel:openaiProject`, then `OPENAI_PROJECT_ID`, else none. */
  project?: pulumi.Input<string>;
  /** Credentials for this resource only (multi-account stacks); stored as a secret. */
  credentials?: pulumi.Input<OpenAICredentials>;
}

/**
 * Cancels an OpenAI vector store file batch (the files of the batch not yet processed) and records what happened,
 * with the batch's file counts. OpenAI cancels asynchronously: the batch reads `in_progress` until it is `cancelled`.
 * OpenAI documents no way to list a vector store's batches, so a batch is always named by its id.
 *
 * @example
 * ```ts
 * const stop = new openai.VectorStoreFileBatchCancellation("stop-batch", {
 *   vectorStoreId: "vs_abc123",
 *   batchId: "vsfb_abc123",
 *   reason: "wrong files uploaded",
 * });
 * ```
 */
export class VectorStoreFileBatchCancellation extends CancellationResource {
  /** The vector store. */
  declare readonly vectorStoreId: pulumi.Output<string>;
  /** The file batch. */
  declare readonly batchId: pulumi.Output<string>;

  /**
   * @param name The resource's unique name in the stack.
   * @param args Which batch to cancel, and how.
   * @param opts Pulumi resource options.
   */
  constructor(name: string, args: VectorStoreFileBatchCancellationArgs, opts?: pulumi.CustomResourceOptions) {
    super("openai", name, { ...args }, opts, "VectorStoreFileBatchCancellation");
  }
}
