/**
 * The contract between the shared lifecycle and one vendor: how to validate its inputs, where its credentials come
 * from, and how to list, read and cancel its jobs.
 * @internal
 * @packageDocumentation
 */
import type { z } from "zod";
import type { dynamic } from "@pulumi/pulumi";
import type { CredentialForm, ResolvedCredentials, SettingSource } from "./credentials";
import type { JobStatus, VendorName } from "./model";

/** What a vendor call needs besides its own arguments. */
export interface CallContext {
  /** The vendor's base URL, without a trailing slash. */
  baseUrl: string;
  credentials: ResolvedCredentials;
  /** Epoch ms: the operation's deadline, from `timeoutSeconds`. */
  deadline: number;
  /** The credential's identity for rate limiting: a hash, never the credential. */
  limitKey: string;
}

/** The jobs a resource's inputs designate. */
export interface Resolution {
  /** True for the "whatever is running there" form: only non-terminal jobs are acted on. */
  selector: boolean;
  /** For the job form, the one job (terminal or not); for a selector, every job listed (the lifecycle filters). */
  jobs: JobStatus[];
}

/** One vendor's API, in the terms the lifecycle needs. */
export interface VendorAdapter<Shape extends z.ZodRawShape = z.ZodRawShape> {
  vendor: VendorName;
  /** The vendor's own inputs (identity fields and the `credentials` object), merged with the common ones. */
  inputShape: Shape;
  /** Cross-field rules (exactly one of two ids, say); issues name the property. */
  refine?: (inputs: Record<string, unknown>, ctx: z.RefinementCtx) => void;
  /** Inputs whose change means a different job: the resource is replaced, i.e. a new cancellation. */
  identityKeys: readonly string[];
  credentialForms: readonly CredentialForm[];
  endpoint: SettingSource;
  /** Checks beyond the schema that need config or environment (an account id, say); run by `check`. */
  validate?: (inputs: Record<string, unknown>) => dynamic.CheckFailure[];
  /** The Pulumi id of the resource. */
  resourceId: (inputs: Record<string, unknown>) => string;
  /** A short name of the target for messages, e.g. `job 1234` or `knowledge base 5678`. */
  describeTarget: (inputs: Record<string, unknown>) => string;
  /** The jobs the inputs designate. The job form throws a VendorError when the job is unknown. */
  resolve: (call: CallContext, inputs: Record<string, unknown>) => Promise<Resolution>;
  /** One job's status; undefined when the vendor no longer knows it. */
  get: (call: CallContext, inputs: Record<string, unknown>, jobId: string) => Promise<JobStatus | undefined>;
  /** Asks the vendor to cancel; returns the job as the reply shows it, when the reply carries it. */
  cancel: (call: CallContext, inputs: Record<string, unknown>, jobId: string) => Promise<JobStatus | undefined>;
}
