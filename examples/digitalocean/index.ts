import * as pulumi from "@pulumi/pulumi";
import { digitalocean } from "pulumi-rag-cancel";

const config = new pulumi.Config();

// Stop whatever is indexing the knowledge base before the embedding-model swap that follows in the pipeline.
const stop = new digitalocean.IndexingJobCancellation("stop-kb-reindex", {
  knowledgeBaseUuid: config.require("knowledgeBaseUuid"),
  reason: config.get("reason") ?? "CHG-1234: swap the embedding model",
  timeoutSeconds: config.getNumber("timeoutSeconds") ?? 300,
});

export const outcome = stop.outcome;
export const jobIds = stop.jobIds;
export const phaseBefore = stop.phaseBefore;
export const phase = stop.phase;
export const vendorStatus = stop.vendorStatus;
export const requestedAt = stop.requestedAt;
export const confirmedAt = stop.confirmedAt;
export const reason = stop.reason;
