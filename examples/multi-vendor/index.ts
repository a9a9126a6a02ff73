import * as pulumi from "@pulumi/pulumi";
import { bedrock, cloudflare, digitalocean, groundx, openai, pinecone, superoffice } from "pulumi-rag-cancel";

const config = new pulumi.Config();
const reason = config.get("reason") ?? "CHG-1234: swap the embedding model everywhere";

// One reviewable change that stops the indexing at every vendor before the swap that follows in the pipeline.
const cancellations = {
  superoffice: new superoffice.IndexingJobCancellation("superoffice-copilot", {
    namespaceName: config.require("superofficeNamespace"),
    reason,
  }),
  digitalocean: new digitalocean.IndexingJobCancellation("digitalocean-kb", {
    knowledgeBaseUuid: config.require("digitaloceanKnowledgeBaseUuid"),
    reason,
  }),
  cloudflare: new cloudflare.IndexingJobCancellation("cloudflare-docs", {
    instanceId: config.require("cloudflareInstanceId"),
    reason,
  }),
  groundx: new groundx.IndexingJobCancellation("groundx-ingest", {
    processId: config.require("groundxProcessId"),
    reason,
  }),
  openai: new openai.VectorStoreFileBatchCancellation("openai-batch", {
    vectorStoreId: config.require("openaiVectorStoreId"),
    batchId: config.require("openaiBatchId"),
    reason,
  }),
  pinecone: new pinecone.BulkImportCancellation("pinecone-imports", {
    indexName: config.require("pineconeIndexName"),
    reason,
  }),
  // Every job running on the data source: no job id needed.
  bedrock: new bedrock.IngestionJobCancellation("bedrock-data-source", {
    knowledgeBaseId: config.require("bedrockKnowledgeBaseId"),
    dataSourceId: config.require("bedrockDataSourceId"),
    reason,
  }),
};

/** The audit record of each cancellation, by vendor. */
export const audit = Object.fromEntries(
  Object.entries(cancellations).map(([vendor, c]) => [
    vendor,
    {
      outcome: c.outcome,
      jobIds: c.jobIds,
      phaseBefore: c.phaseBefore,
      phase: c.phase,
      vendorStatus: c.vendorStatus,
      requestedAt: c.requestedAt,
      confirmedAt: c.confirmedAt,
      reason: c.reason,
    },
  ]),
);
