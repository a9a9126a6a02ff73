/**
 * Pinecone bulk imports.
 * @packageDocumentation
 */
import type * as pulumi from "@pulumi/pulumi";
import { CancellationResource, type CancellationArgs } from "./common";

/** A Pinecone API key for this resource; when absent, `ragcancel:pineconeApiKey`, then `PINECONE_API_KEY`. */
export interface PineconeCredentials {
  /** The API key (sent as `Api-Key`). */
  apiKey: string;
}

/** Inputs of {@link BulkImportCancellation}. Set exactly one of `indexName` and `indexHost`. */
export interface BulkImportCancellationArgs extends CancellationArgs {
  /** The index, by name; its host is looked up on the control plane. Set this or `indexHost`. Changing it replaces the resource. */
  indexName?: pulumi.Input<string>;
  /** The index's host (from the console or `describe_index`), or its URL; no control-plane lookup. Set this or `indexName`. Changing it replaces the resource. */
  indexHost?: pulumi.Input<string>;
  /** The import to cancel (as returned by `start_import`). When absent, every import of the index that is not finished is cancelled. Changing it replaces the resource. */
  importId?: pulumi.Input<string>;
  /** Credentials for this resource only (multi-account stacks); stored as a secret. */
  credentials?: pulumi.Input<PineconeCredentials>;
}

/**
 * Cancels a Pinecone bulk import, or every unfinished import of an index, and records what happened, with the
 * import's progress (`percentComplete`, `recordsImported`). The cancel answers nothing about the import, so the
 * outcome comes from reading it afterwards; a cancel of a finished import has no effect (Pinecone's words).
 *
 * @example
 * ```ts
 * const stop = new pinecone.BulkImportCancellation("stop-import", {
 *   indexName: "docs",
 *   importId: "101",
 *   reason: "CHG-1234: wrong bucket",
 * });
 * ```
 */
export class BulkImportCancellation extends CancellationResource {
  /** The index, when given by name. */
  declare readonly indexName: pulumi.Output<string | undefined>;
  /** The index's host, when given. */
  declare readonly indexHost: pulumi.Output<string | undefined>;
  /** The import cancelled, when given by id. */
  declare readonly importId: pulumi.Output<string | undefined>;

  /**
   * @param name The resource's unique name in the stack.
   * @param args Which import to cancel, and how.
   * @param opts Pulumi resource options.
   */
  constructor(name: string, args: BulkImportCancellationArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      "pinecone",
      name,
      { indexName: undefined, indexHost: undefined, importId: undefined, ...args },
      opts,
      "BulkImportCancellation",
    );
  }
}
