import { randomUUID } from "node:crypto";
import type { ResolvedPhase } from "../job-lifecycle";

/** A document's status inside an ingest process, as GroundX's sample shows it. */
export type GxDocumentStatus = "queued" | "processing" | "complete" | "error" | "cancelled";

/** One document of an ingest process (`DocumentDetail`), shaped like the api-doc sample. */
export interface GxDocumentDetail {
  documentId: string;
  bucketId: number;
  fileName: string;
  fileSize: string;
  fileType: string;
  filter: Record<string, unknown>;
  processId: string;
  processLevel: string;
  searchData: Record<string, unknown>;
  sourceUrl: string;
  status: GxDocumentStatus;
  statusMessage: string;
  textUrl: string;
  xrayUrl: string;
}

/** One progress bucket. */
export interface GxBucket {
  documents: GxDocumentDetail[];
  total: number;
}

/** `IngestStatus.progress`: every document sits in exactly one bucket. */
export interface GxProgress {
  cancelled: GxBucket;
  complete: GxBucket;
  errors: GxBucket;
  processing: GxBucket;
  queued: GxBucket;
}

/** The fixed identity of a seeded document; its bucket is derived on every read. */
export interface GxDocumentStub {
  documentId: string;
  fileName: string;
  fileType: string;
  fileSize: string;
}

const FILE_TYPES = ["pdf", "docx", "csv", "pptx", "txt"] as const;
const BUCKET_ID = 7;
const MESSAGES: Record<GxDocumentStatus, string> = {
  queued: "Document is queued for ingestion",
  processing: "Document is currently being processed",
  complete: "Document ingestion completed successfully",
  error: "Document ingestion failed",
  cancelled: "Document ingestion cancelled by user",
};

/** Makes `count` documents with stable ids and names. */
export function makeDocuments(count: number): GxDocumentStub[] {
  return Array.from({ length: count }, (_, i) => {
    const fileType = FILE_TYPES[i % FILE_TYPES.length] ?? "pdf";
    return { documentId: randomUUID(), fileName: `document-${i + 1}.${fileType}`, fileType, fileSize: `${i + 1}.0MB` };
  });
}

/**
 * Spreads the documents over the buckets for the process's current state: finished ones are complete, the
 * next one is processing while the process runs, the rest are queued, and the unfinished ones move to errors
 * or cancelled when the process fails or is cancelled (GroundX: a cancel drops "files that have not been
 * completely ingested").
 */
export function buildProgress(processId: string, docs: GxDocumentStub[], state: ResolvedPhase): GxProgress {
  const done = state.phase === "succeeded" ? docs.length : Math.floor(docs.length * state.progress);
  const progress: GxProgress = {
    cancelled: bucket(),
    complete: bucket(),
    errors: bucket(),
    processing: bucket(),
    queued: bucket(),
  };
  docs.forEach((doc, i) => {
    const status = documentStatus(state, i, done);
    const target = status === "error" ? progress.errors : progress[status];
    target.documents.push(detail(processId, doc, status));
    target.total += 1;
  });
  return progress;
}

function documentStatus(state: ResolvedPhase, index: number, done: number): GxDocumentStatus {
  if (index < done) return "complete";
  if (state.phase === "failed") return "error";
  if (state.phase === "cancelled") return "cancelled";
  return state.phase === "running" && index === done ? "processing" : "queued";
}

function bucket(): GxBucket {
  return { documents: [], total: 0 };
}

function detail(processId: string, doc: GxDocumentStub, status: GxDocumentStatus): GxDocumentDetail {
  const stem = doc.fileName.replace(/\.[^.]+$/, "");
  return {
    documentId: doc.documentId,
    bucketId: BUCKET_ID,
    fileName: doc.fileName,
    fileSize: doc.fileSize,
    fileType: doc.fileType,
    filter: { category: "emulator" },
    processId,
    processLevel: status === "complete" || status === "processing" ? "full" : "none",
    searchData: {},
    sourceUrl: `https://documents.example.com/${doc.fileName}`,
    status,
    statusMessage: MESSAGES[status],
    textUrl: `https://textstorage.example.com/extracted/${stem}.txt`,
    xrayUrl: `https://xray.example.com/results/${stem}.json`,
  };
}
