/**
 * Shared set-up of the engine suites: the emulator in-process with the canary credentials accepted, a fresh stack
 * (state file) per test whose host resolves this repository's package, and helpers to read the state.
 */
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Engine, type EngineOptions, type ResourceState, stackFiles } from "./harness";
import { startEmulator, type Emulator, type EmulatorOptions } from "../emulator";
import { BEDROCK_KEYS, CANARY } from "./vendors";
import { adapters } from "../../provider";
import { repoRoot } from "../contract/specs/location";

export { CANARY } from "./vendors";

/**
 * The repository root: the host's cwd, where `pulumi-rag-cancel` resolves through its self-link. Found upwards, so it
 * is the same when the bench runs these files compiled in dist-test/.
 */
export const REPO = repoRoot();

/** The package's one version (package.json), which every route of the plugin must report. */
export const PACKAGE_VERSION = (JSON.parse(readFileSync(join(REPO, "package.json"), "utf8")) as { version: string })
  .version;

/**
 * AWS's credential chain and region lookup also read files and the instance metadata service: pointed at nothing,
 * so only the test's stack config and inputs count, and a chain that finds nothing fails at once.
 */
export const AWS_ISOLATION: Record<string, string> = {
  AWS_CONFIG_FILE: "/nonexistent/ragcancel-test/aws-config",
  AWS_SHARED_CREDENTIALS_FILE: "/nonexistent/ragcancel-test/aws-credentials",
  AWS_EC2_METADATA_DISABLED: "true",
};

/**
 * Every environment variable a vendor adapter reads (credentials, shared secrets, settings, endpoint), removed from
 * the host's environment so only the test's count. Derived from the adapters: a new vendor's are removed too. AWS's
 * files and metadata service are isolated too ({@link AWS_ISOLATION}).
 */
export const VENDOR_ENV: Record<string, string | undefined> = {
  ...Object.fromEntries(
    [
      ...new Set(
        Object.values(adapters).flatMap((a) => [
          ...a.credentialForms.flatMap((f) => Object.values(f.fields).flatMap((source) => source.env)),
          ...Object.values(a.sharedSecrets ?? {}).flatMap((source) => source.env),
          ...Object.values(a.pairedSecrets ?? {}).flatMap((source) => source.env),
          ...Object.values(a.settings ?? {}).flatMap((source) => source.env),
          ...a.endpoint.env,
          ...(a.endpoint.envIgnoredBy === undefined ? [] : [a.endpoint.envIgnoredBy]),
        ]),
      ),
    ].map((name) => [name, undefined]),
  ),
  ...AWS_ISOLATION,
};

/** A stack against a running emulator. */
export interface Stack {
  engine: Engine;
  stateFile: string;
}

/** Starts the emulator with every canary credential accepted and scaled time (an emulated second is 10 ms). */
export function emulator(overrides: Partial<EmulatorOptions> = {}): Promise<Emulator> {
  return startEmulator({
    timeScale: 0.01,
    ...overrides,
    tokens: {
      digitalocean: [CANARY.doToken, CANARY.doPerResource],
      cloudflare: [CANARY.cfToken],
      cloudflareKeys: [{ email: CANARY.cfEmail, key: CANARY.cfKey }],
      groundx: [CANARY.gxKey],
      openai: [CANARY.oaKey, CANARY.oaPerResource],
      pinecone: [CANARY.pcKey, CANARY.pcPerResource],
      bedrock: BEDROCK_KEYS,
      superoffice: {
        bearer: [CANARY.soToken],
        ticket: [CANARY.soTicket],
        basic: [{ user: CANARY.soUser, password: CANARY.soPassword }],
        appToken: CANARY.soAppToken,
      },
    },
  });
}

/**
 * One emulator for a test file (or a suite's `describe`): started before its tests, reset before each, closed after.
 * Returns a getter, since the emulator starts only when the tests run, after the suite was registered.
 */
export function useEmulator(overrides: Partial<EmulatorOptions> = {}): () => Emulator {
  let emu: Emulator | undefined;
  beforeAll(async () => {
    emu = await emulator(overrides);
  });
  afterAll(async () => {
    await emu?.close();
  });
  beforeEach(() => {
    emu?.reset();
  });
  return () => {
    if (!emu) throw new Error("the emulator is used outside a test (it starts in beforeAll)");
    return emu;
  };
}

/** Stack config that points every vendor at the emulator, with one credential per vendor as secret config. */
export function vendorConfig(emu: Emulator): Pick<EngineOptions, "config" | "secretConfig"> {
  return {
    config: {
      "ragcancel:digitaloceanApiUrl": emu.endpoints.digitalocean,
      "ragcancel:cloudflareBaseUrl": emu.endpoints.cloudflare,
      "ragcancel:cloudflareAccountId": "acc-emulator",
      "ragcancel:groundxBaseUrl": emu.endpoints.groundx,
      "ragcancel:openaiBaseUrl": emu.endpoints.openai,
      "ragcancel:pineconeControllerHost": emu.endpoints.pinecone,
      "ragcancel:bedrockEndpoint": emu.endpoints.bedrock,
      "ragcancel:awsRegion": "us-east-1",
      "ragcancel:superofficeWebapiUrl": emu.endpoints.superoffice,
    },
    secretConfig: {
      "ragcancel:digitaloceanToken": CANARY.doToken,
      "ragcancel:cloudflareApiToken": CANARY.cfToken,
      "ragcancel:groundxApiKey": CANARY.gxKey,
      "ragcancel:openaiApiKey": CANARY.oaKey,
      "ragcancel:pineconeApiKey": CANARY.pcKey,
      "ragcancel:awsAccessKeyId": CANARY.brKeyId,
      "ragcancel:awsSecretAccessKey": CANARY.brSecret,
      "ragcancel:superofficeAccessToken": CANARY.soToken,
      "ragcancel:superofficeAppToken": CANARY.soAppToken,
    },
  };
}

/** A new stack whose config points every vendor at the emulator. */
export function stack(emu: Emulator, overrides: Partial<EngineOptions> = {}): Stack {
  const stateFile = join(mkdtempSync(join(tmpdir(), "ragcancel-stack-")), "state.json");
  const engine = new Engine({
    projectDir: REPO,
    project: "ragcancel-test",
    stack: "dev",
    stateFile,
    ...vendorConfig(emu),
    env: VENDOR_ENV,
    ...overrides,
  });
  return { engine, stateFile };
}

/** The state's cancellation resources, of either front door (secrets still encrypted). */
export function resources(s: Stack): ResourceState[] {
  return s.engine
    .state()
    .resources.filter((r) => r.type.startsWith("pulumi-nodejs:dynamic") || r.type.startsWith("ragcancel:"));
}

/** The one resource of the stack's state. */
export function only(s: Stack): ResourceState {
  const all = resources(s);
  if (all.length !== 1) throw new Error(`expected one resource in state, found ${all.length}`);
  return all[0]!;
}

/** The raw text of the stack's files: the export, the history and the config file (the CLI keeps all three). */
export function stateText(s: Stack): string {
  return Object.values(stackFiles(s.stateFile))
    .filter((f) => existsSync(f))
    .map((f) => readFileSync(f, "utf8"))
    .join("\n");
}
