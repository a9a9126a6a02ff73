/**
 * Cloudflare AI Search instance jobs.
 * @packageDocumentation
 */
import type * as pulumi from "@pulumi/pulumi";
import { CancellationResource, type CancellationArgs } from "./common";

/**
 * Cloudflare credentials for this resource: an API token, or the legacy global API key with its account email.
 * When set, it must hold exactly one complete form: it is never completed from config or the environment. When absent: `ragcancel:cloudflareApiToken`, then `ragcancel:cloudflareApiKey` + `ragcancel:cloudflareEmail`, then
 * `CLOUDFLARE_API_TOKEN`, then `CLOUDFLARE_API_KEY` + `CLOUDFLARE_EMAIL`.
 */
export interface CloudflareCredentials {
  /** An API token with AI Search edit permission on the account (sent as `Authorization: Bearer`). */
  apiToken?: string;
  /** A global API key (sent as `X-Auth-Key`); needs `email`. */
  apiKey?: string;
  /** The account email that goes with `apiKey` (sent as `X-Auth-Email`). */
  email?: string;
}

/** Inputs of {@link IndexingJobCancellation}. */
export interface IndexingJobCancellationArgs extends CancellationArgs {
  /** The account; when absent, `ragcancel:cloudflareAccountId`, then `CLOUDFLARE_ACCOUNT_ID`. Changing it replaces the resource. */
  accountId?: pulumi.Input<string>;
  /**
   * The AI Search namespace (default `"default"`): letters, digits, `_`, `-` and `.`, not starting with `.`, at most 64
   * characters. Changing it replaces the resource.
   */
  namespace?: pulumi.Input<string>;
  /**
   * The AI Search instance id, Cloudflare's pattern `^[a-z0-9_]+(?:-[a-z0-9_]+)*$`, 1 to 64 characters. Changing it
   * replaces the resource.
   */
  instanceId: pulumi.Input<string>;
  /**
   * The job to cancel (letters, digits, `_`, `-` and `.`, not starting with `.`); when absent, every running job of
   * the instance is cancelled. Changing it replaces the resource.
   */
  jobId?: pulumi.Input<string>;
  /** Credentials for this resource only (multi-account stacks); stored as a secret. */
  credentials?: pulumi.Input<CloudflareCredentials>;
}

/**
 * Cancels a Cloudflare AI Search indexing job, or every running job of an instance, and records what happened.
 *
 * @example
 * ```ts
 * const stop = new cloudflare.IndexingJobCancellation("stop-docs-sync", {
 *   instanceId: "docs-search",
 *   reason: "CHG-1234: re-chunking the docs corpus",
 * });
 * ```
 */
export class IndexingJobCancellation extends CancellationResource {
  /** The account, when given as an input. */
  declare readonly accountId: pulumi.Output<string | undefined>;
  /** The namespace, when given as an input. */
  declare readonly namespace: pulumi.Output<string | undefined>;
  /** The AI Search instance. */
  declare readonly instanceId: pulumi.Output<string>;
  /** The job cancelled, when given by id. */
  declare readonly jobId: pulumi.Output<string | undefined>;

  /**
   * @param name The resource's unique name in the stack.
   * @param args Which job to cancel, and how.
   * @param opts Pulumi resource options.
   */
  constructor(name: string, args: IndexingJobCancellationArgs, opts?: pulumi.CustomResourceOptions) {
    super("cloudflare", name, { accountId: undefined, namespace: undefined, jobId: undefined, ...args }, opts);
  }
}
