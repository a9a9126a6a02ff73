import * as pulumi from "@pulumi/pulumi";
import { openai } from "pulumi-rag-cancel";

const config = new pulumi.Config();

// Stop a file batch that was uploaded into the wrong vector store, before the corrected batch is created.
const stop = new openai.VectorStoreFileBatchCancellation("stop-batch", {
  vectorStoreId: config.require("vectorStoreId"),
  batchId: config.require("batchId"),
  reason: config.get("reason") ?? "CHG-1234: files went to the wrong vector store",
});

export const outcome = stop.outcome;
export const phaseBefore = stop.phaseBefore;
export const phase = stop.phase;
export const vendorStatus = stop.vendorStatus;
export const fileCounts = stop.details.apply((d) => Object.values(d)[0]?.file_counts);
export const requestedAt = stop.requestedAt;
export const confirmedAt = stop.confirmedAt;
