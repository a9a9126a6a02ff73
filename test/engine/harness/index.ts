/**
 * Engine harness: stands in for the Pulumi engine (preview/up/refresh/destroy, its state kept in the CLI's own
 * formats: export, history, config file) and drives dynamic resources through the real
 * `@pulumi/pulumi/cmd/dynamic-provider` host over gRPC.
 */
export { Engine } from "./engine";
export { programFromModule } from "./program-from-module";
export { decryptState, DEFAULT_PASSPHRASE } from "./state-crypto";
export { stackFiles } from "./state-store";
export { isSecret, RESOURCE_SIG, SECRET_SIG, SIG_KEY, UNKNOWN, unwrapSecrets } from "./property-values";
export type {
  ChangeCounts,
  EngineLogEntry,
  EngineOptions,
  HistoryEntry,
  Program,
  PropertyMap,
  ResourceState,
  RunResult,
  StateFile,
  StepOp,
  StepRecord,
  UpdateMetadata,
} from "./types";
export { cacheDir, installRelease, LAUNCHER, onPath, packageRelease, type PluginRoute, routeOf } from "./plugin-routes";
