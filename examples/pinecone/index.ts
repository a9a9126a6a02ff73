import * as pulumi from "@pulumi/pulumi";
import { pinecone } from "pulumi-rag-cancel";

const config = new pulumi.Config();
const importId = config.get("importId");

// Stop the import from the wrong bucket (or, without importId, every unfinished import of the index) before the
// corrected import starts.
const stop = new pinecone.BulkImportCancellation("stop-import", {
  indexName: config.require("indexName"),
  ...(importId ? { importId } : {}),
  reason: config.get("reason") ?? "CHG-1234: import started from the wrong bucket",
});

export const outcome = stop.outcome;
export const jobIds = stop.jobIds;
export const phaseBefore = stop.phaseBefore;
export const phase = stop.phase;
export const progress = stop.details.apply((d) =>
  Object.fromEntries(
    Object.entries(d).map(([id, v]) => [
      id,
      { percentComplete: v.percentComplete, recordsImported: v.recordsImported },
    ]),
  ),
);
export const requestedAt = stop.requestedAt;
export const confirmedAt = stop.confirmedAt;
