/**
 * The provider runtime (`pulumi-rag-cancel/provider`), loaded by the Pulumi provider host through the thin shim
 * that the SDK serializes into each resource. Internal: not a public API; it must accept state written by any
 * earlier version of this package.
 * @internal
 * @packageDocumentation
 */
import { makeProvider, type CancellationProvider } from "./lifecycle/lifecycle";
import type { VendorAdapter } from "./adapter";
import type { VendorName } from "./model";
import { bedrock } from "./vendors/bedrock";
import { cloudflare } from "./vendors/cloudflare";
import { digitalocean } from "./vendors/digitalocean";
import { groundx } from "./vendors/groundx";
import { openai } from "./vendors/openai";
import { pinecone } from "./vendors/pinecone";
import { superoffice } from "./vendors/superoffice";

export type { CancellationProvider, OperationOptions, ProviderInputs, ProviderOutputs } from "./lifecycle/lifecycle";
export type { CancellationRecord, JobRecord, Outcome, Phase, VendorName } from "./model";
export { VendorError, ResponseShapeError } from "./errors";

/** Every vendor's adapter: the one runtime that both front doors (the dynamic SDK and the plugin) serve. */
export const adapters: Record<VendorName, VendorAdapter> = {
  superoffice,
  digitalocean,
  cloudflare,
  groundx,
  openai,
  pinecone,
  bedrock,
};

/** One provider per vendor: a dynamic ResourceProvider, with what the plugin adds (timeouts, Cancel, import). */
export const providers: Record<VendorName, CancellationProvider> = {
  superoffice: makeProvider(superoffice),
  digitalocean: makeProvider(digitalocean),
  cloudflare: makeProvider(cloudflare),
  groundx: makeProvider(groundx),
  openai: makeProvider(openai),
  pinecone: makeProvider(pinecone),
  bedrock: makeProvider(bedrock),
};
