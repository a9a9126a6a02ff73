/**
 * The contract between the shared lifecycle and one vendor: how to validate its inputs, where its credentials come
 * from, and how to list, read and cancel its jobs.
 * @internal
 * @packageDocumentation
 */
import type { z } from "zod";
import type { dynamic } from "@pulumi/pulumi";
import type { CredentialForm, FieldSource, ResolvedCredentials, SettingSource } from "./inputs/credentials";
import type { JobStatus, VendorName } from "./model";
import type { Redactor } from "./http/redact";
import type { Signer } from "./http/http";
import type { ProgressSink } from "./lifecycle/progress";

/** What a vendor call needs besides its own arguments. */
export interface CallContext {
  /** The vendor's base URL, without a trailing slash. */
  baseUrl: string;
  credentials: ResolvedCredentials;
  /** Epoch ms: the operation's deadline, from `timeoutSeconds` (or the engine's custom timeout, when smaller). */
  deadline: number;
  /**
   * Aborted when the engine asks the provider to stop (the plugin's Cancel RPC, on Ctrl-C): waits end at once and
   * calls in flight are cut off, as if the deadline had passed. Undefined under the dynamic host, which has no Cancel.
   */
  signal?: AbortSignal;
  /** The credential's identity for rate limiting: a hash, never the credential. */
  limitKey: string;
  /** Scrubs every credential value in use out of vendor text. */
  redactor: Redactor;
  /**
   * The adapter's settings (an account id, an organization, a region), resolved once for the operation from the
   * input, config or environment, by name; absent when set nowhere.
   */
  settings: Readonly<Record<string, string>>;
  /** Signs each attempt of every call (AWS SigV4), from the adapter's `connect`; absent for header-token vendors. */
  sign?: Signer;
  /** Takes the operation's progress lines, already scrubbed by `redactor`: stdout, or the engine's `Log` (plugin). */
  progress: ProgressSink;
}

/** What an adapter's `connect` found: the credentials to use, and what they need beyond headers. */
export interface Connection {
  /** The credentials, every part of which the redactor scrubs from vendor text. */
  credentials: ResolvedCredentials;
  /** Fills `{region}` in a default endpoint (`https://bedrock-agent.{region}.amazonaws.com`). */
  region?: string;
  /**
   * An endpoint the vendor's own configuration names where the resource's context found none but the default (AWS's
   * shared config file: a profile's `endpoint_url`); it passes the endpoint rules like any other.
   */
  endpoint?: { url: string; from: string };
  /**
   * True when the vendor's own configuration says to ignore configured endpoints (AWS's profile
   * `ignore_configured_endpoint_urls`): an endpoint the context found in the environment gives way to the default.
   */
  ignoreConfiguredEndpoint?: boolean;
  /** Signs each attempt. */
  sign?: Signer;
}

/** The jobs a resource's inputs designate. */
export interface Resolution {
  /** True for the "whatever is running there" form: only non-terminal jobs are acted on. */
  selector: boolean;
  /** For the job form, the one job (terminal or not); for a selector, every job listed (the lifecycle filters). */
  jobs: JobStatus[];
}

/** One vendor's API, in the terms the lifecycle needs. */
export interface VendorAdapter<Shape extends z.ZodRawShape = z.ZodRawShape> {
  vendor: VendorName;
  /**
   * The resource's name in the vendor's words: `IndexingJobCancellation`, `VectorStoreFileBatchCancellation`. It
   * names the SDK class and ends both type tokens (`…:<vendor>.<name>` dynamic, `ragcancel:<vendor>:<name>` plugin).
   */
  resourceName: string;
  /**
   * How the vendor's cancel names its target. `job`: by the job's own id, so sending it again acts on the same job
   * (idempotent). `container`: by a container (a namespace) whose current job can change between two requests, so
   * the lifecycle reads the status first, sends the cancel only while the recorded job is still current, and never
   * lets the HTTP layer re-send it.
   */
  cancelAddressing: "job" | "container";
  /** The vendor's own inputs (identity fields and the `credentials` object), merged with the common ones. */
  inputShape: Shape;
  /** Cross-field rules (exactly one of two ids, say); issues name the property. */
  refine?: (inputs: Record<string, unknown>, ctx: z.RefinementCtx) => void;
  /** Inputs whose change means a different job: the resource is replaced, i.e. a new cancellation. */
  identityKeys: readonly string[];
  credentialForms: readonly CredentialForm[];
  /**
   * Secrets any credential form may carry, each looked up on its own (resource input, config, environment): the
   * SuperOffice `appToken`, which identifies the application, the same for every account. They are credentials all
   * the same: in `ctx.credentials.values`, and scrubbed from vendor text.
   */
  sharedSecrets?: Readonly<Record<string, SettingSource>>;
  /**
   * Optional parts of every credential form (an AWS session token), taken only from the place the form was found in;
   * one set in a place where no form is complete is a form partly set there.
   */
  pairedSecrets?: Readonly<Record<string, FieldSource>>;
  endpoint: SettingSource;
  /**
   * Hosts other than the endpoint that the inputs send requests to (Pinecone's `indexHost`), as URLs keyed by input
   * name: they pass the endpoint rules in `check` and before every operation, from the inputs or from state.
   */
  hosts?: (inputs: Record<string, unknown>) => Readonly<Record<string, string>>;
  /**
   * Credentials only the vendor's own loaders can find, asynchronously (AWS: profiles, SSO, web identity, container
   * and instance metadata), and per-attempt signing. Called before each operation, after the context resolved with
   * no failure, with the form and settings it found in the input, config or environment (no form when none is set anywhere:
   * a partly set one has failed already); the lifecycle ends it at the operation's deadline or abort, whatever it
   * waits on (a `credential_process` that never returns), and `stop` aborts then, so a child process it started can
   * be ended too; throws, naming every place looked,
   * when nothing is found. `check` cannot know its result, so with `connect` a missing form is no check failure.
   */
  connect?: (
    inputs: Record<string, unknown>,
    found: ResolvedCredentials | undefined,
    settings: Readonly<Record<string, { value: string; from: string }>>,
    stop: AbortSignal,
  ) => Promise<Connection>;
  /** Other settings looked up in config and environment when the input is absent (Cloudflare's `accountId`). */
  settings?: Readonly<Record<string, SettingSource>>;
  /** Checks beyond the schema that need config or environment (an account id, say); run by `check`. */
  validate?: (inputs: Record<string, unknown>) => dynamic.CheckFailure[];
  /** The job id the inputs name (the job form), or undefined for the "whatever runs there" form. */
  namedJob: (inputs: Record<string, unknown>) => string | undefined;
  /** The Pulumi id of the resource. */
  resourceId: (inputs: Record<string, unknown>) => string;
  /**
   * The inverse of `resourceId`, for `pulumi import`: the identity inputs an id names, exactly as a program would
   * write them (defaults left out, so the imported resource shows no diff); undefined when the id has another form.
   */
  fromId: (id: string) => Record<string, unknown> | undefined;
  /** The form of `resourceId`, for messages and the README: `<jobUuid>` or `kb:<knowledgeBaseUuid>`. */
  idFormat: string;
  /** A short name of the target for messages, e.g. `job 1234` or `knowledge base 5678`. */
  describeTarget: (inputs: Record<string, unknown>) => string;
  /** The jobs the inputs designate. The job form throws a VendorError when the job is unknown. */
  resolve: (call: CallContext, inputs: Record<string, unknown>) => Promise<Resolution>;
  /**
   * What the vendor reports at the job's address: the job itself; for a container-addressed vendor, the job now
   * current there, whose different id tells the lifecycle the recorded one was replaced; undefined when the vendor
   * knows nothing there.
   */
  get: (call: CallContext, inputs: Record<string, unknown>, jobId: string) => Promise<JobStatus | undefined>;
  /**
   * Asks the vendor to cancel; returns what the reply shows at the job's address (as `get`), when it carries a job.
   * A container-addressed adapter must send it with `resend: false`.
   */
  cancel: (call: CallContext, inputs: Record<string, unknown>, jobId: string) => Promise<JobStatus | undefined>;
}
