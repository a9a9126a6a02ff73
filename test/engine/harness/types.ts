import type { PluginRoute } from "./plugin-routes";

/** A property bag as it travels over the wire: secrets are `{[SIG_KEY]: SECRET_SIG, value}` objects. */
export type PropertyMap = Record<string, unknown>;

/** Options of an {@link Engine}: one project/stack whose state lives in `stateFile`. */
export interface EngineOptions {
  /** Host cwd, and the directory `@pulumi/pulumi` is resolved from (the program must use that same instance). */
  projectDir: string;
  project: string;
  stack: string;
  /**
   * The state file, `pulumi stack export`'s format; created if missing and written after every up/refresh/destroy,
   * with the history (`<name>.history.json`) and the stack's config file (`<name>.config.yaml`) beside it.
   */
  stateFile: string;
  /** Plain stack config, `"ns:key" -> value`. */
  config?: Record<string, string>;
  /** Secret stack config, `"ns:key" -> value`; stored encrypted in the stack's config file beside the state. */
  secretConfig?: Record<string, string>;
  /** Host environment overrides (`undefined` removes the variable); the host otherwise inherits `process.env`. */
  env?: Record<string, string | undefined>;
  /** Max concurrent Create/Update/Delete/Read calls; default `4 * os.cpus().length`, like the engine. */
  parallel?: number;
  /** Passphrase for the state's secrets; default a fixed test passphrase. */
  passphrase?: string;
  /** Like `pulumi up --continue-on-error`: keep starting steps (and run deletes) after a step failed. */
  continueOnError?: boolean;
  /**
   * How the CLI starts the `ragcancel` plugin (plugin-routes.ts): when set, `ragcancel:*` resources are served by the
   * plugin; unset, the dynamic provider host serves the dynamic classes.
   */
  plugin?: PluginRoute;
  /** Called with the host's pid right after it printed its port (e.g. so a test can kill it mid-run). */
  onHostStarted?: (pid: number) => void;
  /** What each run records in the stack's history (message, environment). */
  updateMetadata?: UpdateMetadata;
  /**
   * The engine address passed to the provider instead of the harness's Engine service, which is then not started:
   * `127.0.0.1:1`, where nothing listens, shows what a provider does with no engine to log to.
   */
  engineAddress?: string;
}

/** One `Log` call the provider made to the Engine service. */
export interface EngineLogEntry {
  severity: "debug" | "info" | "warning" | "error";
  message: string;
  /** The resource the message is about; empty for a message about none. */
  urn: string;
  /** True for a status message: the engine shows it on the resource's line until the next, and keeps none. */
  ephemeral: boolean;
  streamId: number;
}

/** A Pulumi program: may return a record (or a promise of one) of stack outputs. */
export type Program = () => unknown;

/** What happened to one resource during a run. */
export type StepOp =
  | "create"
  | "import"
  | "same"
  | "update"
  | "replace"
  | "delete"
  | "refresh"
  | "read-delete"
  | "preview-create"
  | "preview-update"
  | "preview-replace"
  | "preview-delete";

/** One step of a run. `error` is set when the step failed. */
export interface StepRecord {
  urn: string;
  type: string;
  name: string;
  op: StepOp;
  error?: string;
}

/** The outcome of one preview/up/refresh/destroy. */
export interface RunResult {
  kind: "preview" | "up" | "refresh" | "destroy" | "import";
  /** False if any step (or the program) failed. */
  ok: boolean;
  errors: { urn: string; message: string }[];
  steps: StepRecord[];
  /** Stack outputs with secrets unwrapped to plain values; unknowns (preview) are the SDK's unknown sentinel. */
  outputs: Record<string, unknown>;
  /** Names of stack outputs that are (or contain) secrets. */
  secretOutputs: string[];
  /**
   * What the user sees of the host's stdout/stderr after its port line: every line of the dynamic provider host;
   * nothing of the plugin, whose output the engine hides (pulumi/pulumi `pkg/resource/plugin/plugin.go`, since v3.144).
   */
  hostLog: string[];
  /** The host's stdout/stderr lines the engine hides (debug level only): the plugin's. */
  hiddenLog: string[];
  /** Every `Log` call the provider made to the engine. */
  engineLog: EngineLogEntry[];
  durationMs: number;
}

/** One resource in the state file. */
export interface ResourceState {
  urn: string;
  type: string;
  name: string;
  id: string;
  inputs: PropertyMap;
  outputs: PropertyMap;
  initErrors?: string[];
  retainOnDelete?: boolean;
  protect?: boolean;
  /** URNs this resource depends on; deletes run dependents first. */
  dependencies?: string[];
  additionalSecretOutputs?: string[];
  /** An old copy condemned by a create-before-delete replace whose delete has not happened yet. */
  delete?: boolean;
  created: string;
  modified: string;
}

/** Per-run counters in the state's history. */
export interface ChangeCounts {
  create: number;
  update: number;
  replace: number;
  delete: number;
  same: number;
  refresh: number;
}

/** One history entry (`pulumi stack history`). */
export interface HistoryEntry {
  kind: "up" | "refresh" | "destroy" | "import";
  startedAt: string;
  durationMs: number;
  ok: boolean;
  changes: ChangeCounts;
  /** The update's message (`pulumi up -m`). */
  message?: string;
  /** What the CLI records of where it ran (`git.author`, `ci.system`, …: pulumi/pulumi pkg/backend/updates.go). */
  environment?: Record<string, string>;
  /** The stack config the update ran with; a secret's value is not kept (as `stack history --json` shows it). */
  config?: Record<string, { value?: string; secret: boolean }>;
}

/** What a run records in the history besides its outcome: `pulumi up -m` and the environment the CLI collects. */
export interface UpdateMetadata {
  /** The update's message. */
  message?: string;
  /** Added to (and overriding) the environment the harness collects: `exec.kind`, the git commit of `projectDir`. */
  environment?: Record<string, string>;
}

/**
 * The stack's state as the harness works on it. On disk it is what the Pulumi CLI prints and keeps (state-store.ts):
 * the export, the history and the stack's config file; there every secret is `{[SIG_KEY]: SECRET_SIG, ciphertext}`.
 */
export interface StateFile {
  version: 1;
  project: string;
  stack: string;
  secretsProviders?: { type: "passphrase"; state: { salt: string } };
  /**
   * Secret config, `{[SIG_KEY]: SECRET_SIG, ciphertext}` as stored (the config file's `secure` values: the text
   * itself encrypted, not JSON-encoded as property values are) and `{…, value}` once decrypted.
   */
  secretConfig?: Record<string, unknown>;
  resources: ResourceState[];
  outputs: PropertyMap;
  history: HistoryEntry[];
}
