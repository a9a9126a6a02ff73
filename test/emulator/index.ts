/**
 * Local emulator of the vendors' indexing-job APIs, for tests and demos.
 * @packageDocumentation
 */
export {
  startEmulator,
  type Emulator,
  type EmulatorEndpoints,
  type EmulatorOptions,
  type EmulatorRateLimits,
  type EmulatorTokens,
  type EmulatorVendorControls,
} from "./server";
export type { Fault } from "./faults";
export type { AuthState, LoggedRequest, LoggedStatus, RequestFilter } from "./request-log";
export type { RateLimitConfig } from "./rate-limit";
export { DEFAULT_CANCEL_SETTLE_MS, type SeedPhase } from "./job-lifecycle";
export {
  DO_DEFAULT_TOKEN,
  DO_PUBLISHED_RATE_LIMIT,
  type CancelFinishedMode,
  type DoControls,
} from "./vendors/digitalocean";
export type { DoJobView, DoPhase, DoSeed, DoSeedPhase, DoStatus } from "./vendors/digitalocean-jobs";
export {
  CF_DEFAULT_EMAIL,
  CF_DEFAULT_KEY,
  CF_DEFAULT_TOKEN,
  CF_PUBLISHED_RATE_LIMIT,
  type CfCancelFinishedMode,
  type CfControls,
} from "./vendors/cloudflare";
export type { CfInstanceRef, CfJobView, CfLocation, CfSeed } from "./vendors/cloudflare-jobs";
export { GX_DEFAULT_KEY, type GxCancelFinishedMode, type GxControls } from "./vendors/groundx";
export type { GxIngestStatus, GxIngestStatusLight, GxSeed, GxStatus } from "./vendors/groundx-jobs";
export type { GxBucket, GxDocumentDetail, GxDocumentStatus, GxProgress } from "./vendors/groundx-documents";
export {
  BR_DEFAULT_KEY,
  BR_MAX_SKEW_MS,
  verifySigV4,
  type BrCancelFinishedMode,
  type BrControls,
  type BrKey,
} from "./vendors/bedrock";
export type { BrIngestionJob, BrSeed, BrSeededJob, BrStatus } from "./vendors/bedrock-jobs";
export { OA_DEFAULT_KEY, OA_PUBLISHED_RATE_LIMIT, type OaCancelFinishedMode, type OaControls } from "./vendors/openai";
export type { OaFileBatch, OaFileCounts, OaSeed, OaSeededBatch, OaStatus } from "./vendors/openai-batches";
export { PC_DEFAULT_KEY, PC_PUBLISHED_RATE_LIMIT, type PcApiVersionEntry, type PcControls } from "./vendors/pinecone";
export type { PcImportModel, PcImportStatus, PcIndexModel, PcSeed, PcSeededImport } from "./vendors/pinecone-imports";
export {
  SO_DEFAULT_PASSWORD,
  SO_DEFAULT_TENANT,
  SO_DEFAULT_TICKET,
  SO_DEFAULT_TOKEN,
  SO_DEFAULT_USER,
  type SoCancelFinishedMode,
  type SoControls,
} from "./vendors/superoffice";
export type { SoChunks, SoRagStatus, SoSeed } from "./vendors/superoffice-runs";
