/**
 * Local emulator of the vendors' indexing-job APIs, for tests and demos.
 * @packageDocumentation
 */
export { startEmulator, type Emulator, type EmulatorEndpoints, type EmulatorOptions } from "./server";
export type { Fault } from "./faults";
export type { AuthState, LoggedRequest, LoggedStatus, RequestFilter } from "./request-log";
export type { RateLimitConfig } from "./rate-limit";
export {
  DO_DEFAULT_TOKEN,
  DO_PUBLISHED_RATE_LIMIT,
  type CancelFinishedMode,
  type DoControls,
} from "./vendors/digitalocean";
export type { DoJobView, DoPhase, DoSeed, DoSeedPhase, DoStatus } from "./vendors/digitalocean-jobs";
