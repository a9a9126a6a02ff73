import * as pulumi from "@pulumi/pulumi";
import { cloudflare } from "pulumi-rag-cancel";

const config = new pulumi.Config();

// Stop the instance's sync before its data source is re-pointed; jobId omitted = every running job.
const stop = new cloudflare.IndexingJobCancellation("stop-docs-sync", {
  instanceId: config.require("instanceId"),
  namespace: config.get("namespace") ?? "default",
  reason: config.get("reason") ?? "CHG-1234: re-point the docs source",
});

export const outcome = stop.outcome;
export const jobIds = stop.jobIds;
export const phaseBefore = stop.phaseBefore;
export const phase = stop.phase;
export const vendorStatus = stop.vendorStatus;
export const requestedAt = stop.requestedAt;
export const confirmedAt = stop.confirmedAt;
