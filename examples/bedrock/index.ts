import * as pulumi from "@pulumi/pulumi";
import { bedrock } from "pulumi-rag-cancel";

const config = new pulumi.Config();

// Stop the ingestion that reads the wrong S3 prefix before the data source is repointed. Without ingestionJobId,
// every job of the data source that is STARTING, IN_PROGRESS or STOPPING is stopped.
const ingestionJobId = config.get("ingestionJobId");
const stop = new bedrock.IngestionJobCancellation("stop-ingestion", {
  knowledgeBaseId: config.require("knowledgeBaseId"),
  dataSourceId: config.require("dataSourceId"),
  ...(ingestionJobId === undefined ? {} : { ingestionJobId }),
  reason: config.get("reason") ?? "CHG-1234: the data source reads the wrong S3 prefix",
});

export const outcome = stop.outcome;
export const jobIds = stop.jobIds;
export const phaseBefore = stop.phaseBefore;
export const phase = stop.phase;
export const vendorStatus = stop.vendorStatus;
export const statistics = stop.details.apply((d) => Object.values(d)[0]?.statistics);
export const requestedAt = stop.requestedAt;
export const confirmedAt = stop.confirmedAt;
