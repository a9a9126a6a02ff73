import * as pulumi from "@pulumi/pulumi";
import { groundx } from "pulumi-rag-cancel";

const config = new pulumi.Config();

// Cancel an ingest that was started against the wrong bucket, before the corrected one is started.
const stop = new groundx.IndexingJobCancellation("stop-ingest", {
  processId: config.require("processId"),
  reason: config.get("reason") ?? "CHG-1234: ingest went to the wrong bucket",
});

export const outcome = stop.outcome;
export const phaseBefore = stop.phaseBefore;
export const phase = stop.phase;
export const vendorStatus = stop.vendorStatus;
export const documents = stop.details.apply((d) => Object.values(d)[0]?.documents);
export const requestedAt = stop.requestedAt;
export const confirmedAt = stop.confirmedAt;
