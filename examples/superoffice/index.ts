import * as pulumi from "@pulumi/pulumi";
import { superoffice } from "pulumi-rag-cancel";

const config = new pulumi.Config();

// Stop the copilot's re-indexing before its sources change. SuperOffice's AI agent API is experimental, and a
// cancel leaves the index inconsistent until the next run: plan a re-index after it.
const stop = new superoffice.IndexingJobCancellation("stop-copilot-reindex", {
  namespaceName: config.get("namespaceName") ?? "ServiceCopilot",
  reason: config.get("reason") ?? "CHG-1234: sources change",
});

export const outcome = stop.outcome;
export const runTag = stop.jobIds.apply((ids) => ids[0] ?? null);
export const phaseBefore = stop.phaseBefore;
export const phase = stop.phase;
export const vendorStatus = stop.vendorStatus;
export const requestedAt = stop.requestedAt;
export const confirmedAt = stop.confirmedAt;
