/**
 * The provider runtime (`pulumi-rag-cancel/provider`), loaded by the Pulumi provider host through the thin shim
 * that the SDK serializes into each resource. Internal: not a public API; it must accept state written by any
 * earlier version of this package.
 * @internal
 * @packageDocumentation
 */
import type { dynamic } from "@pulumi/pulumi";
import { makeProvider, type ProviderInputs, type ProviderOutputs } from "./lifecycle";
import type { VendorName } from "./model";
import { digitalocean } from "./vendors/digitalocean";

export type { ProviderInputs, ProviderOutputs } from "./lifecycle";
export type { CancellationRecord, JobRecord, Outcome, Phase, VendorName } from "./model";
export { VendorError, ResponseShapeError } from "./errors";

/** One dynamic ResourceProvider per vendor. Vendors not yet implemented are absent. */
export const providers: Partial<Record<VendorName, dynamic.ResourceProvider<ProviderInputs, ProviderOutputs>>> = {
  digitalocean: makeProvider(digitalocean),
};
