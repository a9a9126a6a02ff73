/**
 * `pulumi-rag-cancel`: Pulumi resources that cancel RAG indexing jobs, one namespace per vendor.
 *
 * ```ts
 * import { digitalocean } from "pulumi-rag-cancel";
 * new digitalocean.IndexingJobCancellation("stop", { knowledgeBaseUuid: "…", reason: "CHG-1234" });
 * ```
 * @packageDocumentation
 */
export * as bedrock from "./bedrock";
export * as cloudflare from "./cloudflare";
export * as digitalocean from "./digitalocean";
export * as groundx from "./groundx";
export * as openai from "./openai";
export * as pinecone from "./pinecone";
export * as superoffice from "./superoffice";
export {
  CancellationResource,
  type CancellationArgs,
  type JobRecord,
  type Outcome,
  type Phase,
  type VendorName,
  VENDOR_NAMES,
} from "./common";
