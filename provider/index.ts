/**
 * The provider runtime (`pulumi-rag-cancel/provider`), loaded by the Pulumi provider host through the thin shim
 * that the SDK serializes into each resource. Internal: not a public API; it must accept state written by any
 * earlier version of this package.
 * @internal
 * @packageDocumentation
 */
import type { dynamic } from "@pulumi/pulumi";
import { makeProvider, type ProviderInputs, type ProviderOutputs } from "./lifecycle/lifecycle";
import type { VendorAdapter } from "./adapter";
import type { VendorName } from "./model";
import { cloudflare } from "./vendors/cloudflare";
import { digitalocean } from "./vendors/digitalocean";
import { groundx } from "./vendors/groundx";
import { superoffice } from "./vendors/superoffice";

export type { ProviderInputs, ProviderOutputs } from "./lifecycle/lifecycle";
export type { CancellationRecord, JobRecord, Outcome, Phase, VendorName } from "./model";
export { VendorError, ResponseShapeError } from "./errors";

/** Every vendor's adapter: the one runtime that both front doors (the dynamic SDK and the plugin) serve. */
export const adapters: Record<VendorName, VendorAdapter> = { superoffice, digitalocean, cloudflare, groundx };

/** One dynamic ResourceProvider per vendor. */
export const providers: Record<VendorName, dynamic.ResourceProvider<ProviderInputs, ProviderOutputs>> = {
  superoffice: makeProvider(superoffice),
  digitalocean: makeProvider(digitalocean),
  cloudflare: makeProvider(cloudflare),
  groundx: makeProvider(groundx),
};
