/**
 * Amazon Bedrock knowledge-base ingestion jobs.
 * @packageDocumentation
 */
import type * as pulumi from "@pulumi/pulumi";
import { CancellationResource, type CancellationArgs } from "./common";

/**
 * AWS keys for this resource; when absent, `ragcancel:awsAccessKeyId` + `ragcancel:awsSecretAccessKey`
 * (+ `ragcancel:awsSessionToken`), else AWS's default credential chain (environment, profiles and SSO, web identity,
 * container and instance metadata).
 */
export interface BedrockCredentials {
  /** The access key id (`AKIA…` or, with a session token, `ASIA…`). */
  accessKeyId: string;
  /** The secret access key; signs every request (SigV4), never sent. */
  secretAccessKey: string;
  /** The session token of temporary credentials (sent as `X-Amz-Security-Token`). */
  sessionToken?: string;
}

/** Inputs of {@link IngestionJobCancellation}. */
export interface IngestionJobCancellationArgs extends CancellationArgs {
  /** The knowledge base (10 letters or digits). Changing it replaces the resource. */
  knowledgeBaseId: pulumi.Input<string>;
  /** The data source of the knowledge base (10 letters or digits). Changing it replaces the resource. */
  dataSourceId: pulumi.Input<string>;
  /**
   * The ingestion job to stop (10 letters or digits); when absent, every job of the data source that is STARTING,
   * IN_PROGRESS or STOPPING is stopped. Changing it replaces the resource.
   */
  ingestionJobId?: pulumi.Input<string>;
  /**
   * The AWS region; when absent, `ragcancel:awsRegion`, then `AWS_REGION` or `AWS_DEFAULT_REGION`, then the profile's
   * `region` in the shared config file. Changing it replaces the resource.
   */
  region?: pulumi.Input<string>;
  /**
   * The shared config/credentials profile AWS's credential chain and region lookup use; when absent,
   * `ragcancel:awsProfile`, then `AWS_PROFILE`, else `default`.
   */
  profile?: pulumi.Input<string>;
  /**
   * Credentials for this resource only (multi-account stacks); stored as a secret. When absent,
   * `ragcancel:awsAccessKeyId` + `ragcancel:awsSecretAccessKey` (+ `ragcancel:awsSessionToken`), else AWS's default
   * credential chain.
   */
  credentials?: pulumi.Input<BedrockCredentials>;
}

/**
 * Stops an Amazon Bedrock knowledge-base ingestion job, or every running job of a data source, and records what
 * happened with the job's statistics. Bedrock stops asynchronously: the job reads `STOPPING` until it is `STOPPED`.
 *
 * @example
 * ```ts
 * const stop = new bedrock.IngestionJobCancellation("stop-ingestion", {
 *   knowledgeBaseId: "KB12345678",
 *   dataSourceId: "DS12345678",
 *   region: "us-east-1",
 *   reason: "CHG-1234: wrong S3 prefix",
 * });
 * ```
 */
export class IngestionJobCancellation extends CancellationResource {
  /** The knowledge base. */
  declare readonly knowledgeBaseId: pulumi.Output<string>;
  /** The data source. */
  declare readonly dataSourceId: pulumi.Output<string>;
  /** The ingestion job, when one was named. */
  declare readonly ingestionJobId: pulumi.Output<string | undefined>;

  /**
   * @param name The resource's unique name in the stack.
   * @param args Which job (or data source) to stop, and how.
   * @param opts Pulumi resource options.
   */
  constructor(name: string, args: IngestionJobCancellationArgs, opts?: pulumi.CustomResourceOptions) {
    super("bedrock", name, { ...args }, opts, "IngestionJobCancellation");
  }
}
