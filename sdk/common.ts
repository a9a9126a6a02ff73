/**
 * What every cancellation resource takes and records, whatever the vendor.
 * @packageDocumentation
 */
import * as pulumi from "@pulumi/pulumi";
import type { JobRecord, Outcome, Phase, VendorName } from "../provider/model";
import { providerModule, typeToken } from "./shim";

export type { JobRecord, Outcome, Phase, VendorName };
export { VENDOR_NAMES } from "../provider/model";

/** Inputs common to every vendor's `IndexingJobCancellation`. All optional. */
export interface CancellationArgs {
  /**
   * Why the job is cancelled, e.g. a change ticket. Kept in state for the audit trail; never sent to the vendor.
   * Changing it updates the record in place, with no vendor call.
   */
  reason?: pulumi.Input<string>;
  /**
   * Wait until the vendor confirms the job is terminal (default `true`). With `false`, `up` returns as soon as the
   * vendor accepts the cancel and the outcome is `cancel-requested`.
   */
  waitForTerminal?: pulumi.Input<boolean>;
  /**
   * The longest the whole operation may take, in seconds (default 300, at most 86400). Pulumi's `customTimeouts` never
   * reach a dynamic provider, hence this input. If the vendor accepted the cancel but has not confirmed it in time,
   * the record is saved as `cancel-requested`, `up` reports the failure, and the next `up` resumes waiting.
   */
  timeoutSeconds?: pulumi.Input<number>;
  /**
   * What to do when there is nothing to cancel (the job already finished, or nothing is running):
   * `"succeed"` (default) records the state found; `"fail"` fails the `up` and records nothing.
   */
  ifFinished?: pulumi.Input<"succeed" | "fail">;
  /** Any values; changing them replaces the resource, which cancels again (for a job started since, say). */
  triggers?: pulumi.Input<unknown[]>;
  /**
   * The vendor's API base URL, overriding config and environment (an emulator, a proxy, an on-premises install). An
   * absolute https URL with no user name, password, query or fragment; plain http only to loopback, unless
   * `ragcancel:allowInsecureHttp` (or `RAGCANCEL_ALLOW_INSECURE_HTTP`) is `true`.
   */
  endpoint?: pulumi.Input<string>;
}

/** The output keys of the audit record, declared on the resource so Pulumi fills them. */
export const RECORD_OUTPUTS = [
  "vendor",
  "jobIds",
  "outcome",
  "phaseBefore",
  "phase",
  "vendorStatus",
  "requestedAt",
  "confirmedAt",
  "observedAt",
  "found",
  "jobs",
  "details",
  "jobsOmitted",
] as const;

/**
 * The audit record's outputs, shared by every vendor's resource. A dynamic-provider resource: its type token is
 * `pulumi-nodejs:dynamic/ragcancel:<vendor>.IndexingJobCancellation` and the Pulumi provider host runs it.
 */
export abstract class CancellationResource extends pulumi.CustomResource {
  /** The vendor: `superoffice`, `digitalocean`, `cloudflare`, `groundx`, `openai`, `pinecone` or `bedrock`. */
  declare readonly vendor: pulumi.Output<VendorName>;
  /** The ids of the jobs acted on: the one job, or those running on the selected target at create time. */
  declare readonly jobIds: pulumi.Output<string[]>;
  /**
   * What the cancellation achieved: `cancelled` (confirmed), `cancel-requested` (accepted, not yet confirmed),
   * `already-finished` (nothing to cancel: the job had ended), `nothing-running` (the selector found no running job),
   * `unconfirmed` (a cancel was sent, then the job ended in words not recognised, vanished, or was replaced by
   * another run before the vendor confirmed anything).
   */
  declare readonly outcome: pulumi.Output<Outcome>;
  /** The normalized phase before the cancel was sent; null when no job was found. */
  declare readonly phaseBefore: pulumi.Output<Phase | null>;
  /** The normalized phase last observed; null when no job was found. */
  declare readonly phase: pulumi.Output<Phase | null>;
  /** The vendor's own words for the state last observed. */
  declare readonly vendorStatus: pulumi.Output<string | null>;
  /** When the vendor accepted the cancel (ISO 8601), or null when none was sent. */
  declare readonly requestedAt: pulumi.Output<string | null>;
  /** When the job was first seen terminal after the cancel (ISO 8601), or null. */
  declare readonly confirmedAt: pulumi.Output<string | null>;
  /** When the vendor's state was last observed to change (ISO 8601). */
  declare readonly observedAt: pulumi.Output<string>;
  /** False once the vendor no longer knows a job (a status read answered 404) or another run replaced it. */
  declare readonly found: pulumi.Output<boolean>;
  /**
   * Per job: id, phase before and now, the vendor's words, whether we sent the cancel and whether its answer was lost
   * (`cancelUnclear`), whether the job is still known, and the run that replaced it (`replacedBy`, SuperOffice).
   */
  declare readonly jobs: pulumi.Output<JobRecord[]>;
  /**
   * Per job id, the vendor's own fields (counts, timestamps, run tags), as the vendor sent them, with credentials
   * scrubbed and at most 4 KB of JSON per job (`_truncated` names what was dropped).
   */
  declare readonly details: pulumi.Output<Record<string, Record<string, unknown>>>;
  /**
   * How many jobs acted on are not in `jobs`, `jobIds` and `details`: a record keeps at most 100 jobs (those whose
   * cancel's answer was unclear first, then those still running), so that it stays small enough for state and the
   * provider protocol. An omitted job is neither waited for nor sent a cancel again.
   */
  declare readonly jobsOmitted: pulumi.Output<number>;
  /** The reason recorded for the audit trail. */
  declare readonly reason: pulumi.Output<string | undefined>;

  /**
   * Registers a vendor's cancellation with the dynamic provider host.
   * @param vendor Which vendor's provider runs it.
   * @param name The resource's unique name in the stack.
   * @param args The vendor's inputs; `credentials` is wrapped as a secret here.
   * @param opts Pulumi resource options; `credentials` is added to `additionalSecretOutputs`.
   * @param resourceName The resource's name in the vendor's words, ending its type token.
   */
  protected constructor(
    vendor: VendorName,
    name: string,
    args: Record<string, unknown> & { credentials?: unknown },
    opts: pulumi.CustomResourceOptions | undefined,
    resourceName = "IndexingJobCancellation",
  ) {
    const outputs = Object.fromEntries(RECORD_OUTPUTS.map((k) => [k, undefined]));
    // The dynamic provider host strips secrets before `check` sees the inputs: it learns which were secret from this
    // list, and refuses an id among them (an id cannot be kept secret).
    const secretInputs = pulumi
      .output(
        Promise.all(
          Object.entries(args).map(async ([k, v]) =>
            pulumi.Output.isInstance(v) && (await pulumi.isSecret(v)) ? [k] : [],
          ),
        ),
      )
      .apply((keys) => keys.flat().sort());
    const credentials = args.credentials === undefined ? undefined : pulumi.secret(args.credentials);
    super(
      typeToken(vendor, resourceName),
      name,
      {
        ...outputs,
        reason: undefined,
        ...args,
        credentials,
        __provider: providerModule(vendor),
        __resourceName: name,
        __secretInputs: secretInputs,
      },
      pulumi.mergeOptions(opts, { additionalSecretOutputs: ["credentials"] }),
    );
  }
}
