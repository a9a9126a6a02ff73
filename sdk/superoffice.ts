/**
 * SuperOffice AI agent indexing (an experimental SuperOffice API).
 * @packageDocumentation
 */
import type * as pulumi from "@pulumi/pulumi";
import { CancellationResource, type CancellationArgs } from "./common";

/**
 * SuperOffice credentials for this resource: one of an access token, a ticket, or a user name and password, plus an
 * optional application token. When set, it must hold exactly one complete form: it is never completed from config or
 * the environment (the application token alone is looked up on its own). When absent: `ragcancel:superofficeAccessToken` / `…Ticket` / `…Username` +
 * `…Password`, then `SUPEROFFICE_ACCESS_TOKEN`, `SUPEROFFICE_TICKET`, `SUPEROFFICE_USERNAME` + `SUPEROFFICE_PASSWORD`.
 */
export interface SuperOfficeCredentials {
  /** An OAuth access token (sent as `Authorization: Bearer`). */
  accessToken?: string;
  /** A system-user ticket (sent as `Authorization: SoTicket`). */
  ticket?: string;
  /** A user name for Basic authentication (on-site installations); needs `password`. */
  username?: string;
  /** The password that goes with `username`. */
  password?: string;
  /** The partner application token (sent as `SO-AppToken`); else `ragcancel:superofficeAppToken`, `SUPEROFFICE_APP_TOKEN`. */
  appToken?: string;
}

/** Inputs of {@link IndexingJobCancellation}. */
export interface IndexingJobCancellationArgs extends CancellationArgs {
  /** The AI agent's namespace, e.g. `ServiceCopilot`: its current indexing run is cancelled. Changing it replaces the resource. */
  namespaceName: pulumi.Input<string>;
  /** Credentials for this resource only (multi-tenant stacks); stored as a secret. */
  credentials?: pulumi.Input<SuperOfficeCredentials>;
}

/**
 * Cancels the current indexing run of a SuperOffice AI-agent namespace and records what happened. The tenant's WebAPI
 * base comes from `endpoint`, `ragcancel:superofficeWebapiUrl` or `SUPEROFFICE_WEBAPI_URL` (required; e.g.
 * `https://online.superoffice.com/Cust12345/api`). SuperOffice marks this API experimental, and notes that a cancel
 * leaves the index inconsistent because the removal of old data is skipped.
 *
 * @example
 * ```ts
 * const stop = new superoffice.IndexingJobCancellation("stop-copilot-reindex", {
 *   namespaceName: "ServiceCopilot",
 *   reason: "CHG-1234: wrong source selected",
 * });
 * ```
 */
export class IndexingJobCancellation extends CancellationResource {
  /** The namespace. */
  declare readonly namespaceName: pulumi.Output<string>;

  /**
   * @param name The resource's unique name in the stack.
   * @param args Which namespace, and how.
   * @param opts Pulumi resource options.
   */
  constructor(name: string, args: IndexingJobCancellationArgs, opts?: pulumi.CustomResourceOptions) {
    super("superoffice", name, { ...args }, opts);
  }
}
