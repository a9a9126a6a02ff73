/**
 * AWS credentials, region and request signing for the Bedrock adapter, with AWS's own libraries only: the standard
 * provider chain of `@aws-sdk/credential-providers` (`fromNodeProviderChain`: environment, shared config and
 * credentials files with SSO and `credential_process`, web identity, container and instance metadata), the region
 * loaders of `@smithy/config-resolver`, and SigV4 from `@smithy/signature-v4` with `@aws-crypto/sha256-js`.
 * No hand-written crypto. Those libraries are loaded on the first Bedrock request (`aws()`), not with this module.
 * @internal
 * @packageDocumentation
 */
import { aws, fromProfile, type Profile } from "./aws-config";
import type { Connection } from "../adapter";
import { fileEndpoint } from "./bedrock-endpoint";
import type { Signer } from "../http/http";
import type { ResolvedCredentials, SettingSource } from "../inputs/credentials";
import type { Sourced } from "../inputs/resolve";
import { NO_SECRETS } from "../http/redact";
import { chainProfile, processCommandOf, runCredentialProcess } from "./aws-process";

/** The signing name of the Bedrock Agent service (botocore `bedrock-agent/2023-06-05/service-2.json` `signingName`). */
export const SIGNING_NAME = "bedrock";

/** Assumed region form (`us-east-1`, `eu-central-1`, `us-gov-west-1`): AWS's model names no pattern for it. */
export const REGION_PATTERN = /^[a-z]{2}(-[a-z]+)+-\d$/;

/** `region`: input, then config, then AWS's two variables (the SDKs read `AWS_REGION`, the CLI `AWS_DEFAULT_REGION`). */
export const REGION: SettingSource = { config: "awsRegion", env: ["AWS_REGION", "AWS_DEFAULT_REGION"] };
/** `profile`: input, then config, then `AWS_PROFILE` (which AWS's loaders read on their own too). */
export const PROFILE: SettingSource = { config: "awsProfile", env: ["AWS_PROFILE"] };
/** The session token of temporary keys: paired with keys from the same place only (the adapter's `pairedSecrets`). */
export const SESSION_TOKEN: SettingSource = { config: "awsSessionToken", env: ["AWS_SESSION_TOKEN"] };

/** Where the chain looks, for the message when it finds nothing. */
export const CHAIN_PLACES =
  "the AWS default credential chain (environment AWS_ACCESS_KEY_ID + AWS_SECRET_ACCESS_KEY [+ AWS_SESSION_TOKEN]; " +
  "the shared config and credentials files for the profile (AWS_PROFILE, or the profile input / ragcancel:awsProfile), " +
  "including SSO and credential_process; web identity (AWS_WEB_IDENTITY_TOKEN_FILE + AWS_ROLE_ARN); " +
  "container credentials (AWS_CONTAINER_CREDENTIALS_*); EC2 instance metadata)";

/** The credential parts the redactor scrubs; an empty session token is left out. */
function valuesOf(accessKeyId: string, secretAccessKey: string, sessionToken: string | undefined) {
  return { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) };
}

/**
 * The keys to use. A form the context found (the `credentials` input, stack config or the environment, each with the
 * session token from its own place only) is taken as it is; with no form set anywhere, AWS's default chain (the
 * lifecycle ends it at the operation's deadline or abort: a `credential_process` that never returns cannot hold it).
 */
async function credentialsOf(
  found: ResolvedCredentials | undefined,
  profile: string | undefined,
  stop: AbortSignal,
): Promise<ResolvedCredentials> {
  if (found) {
    const { accessKeyId = "", secretAccessKey = "", sessionToken } = found.values;
    return { form: found.form, values: valuesOf(accessKeyId, secretAccessKey, sessionToken), source: found.source };
  }
  // Loaded outside the try: a missing library is not "no credentials found".
  const { fromNodeProviderChain } = aws();
  try {
    // A credential_process the chain would run first is run here instead, where a stop ends it (aws-process.ts).
    const name = chainProfile(profile);
    const command = name === undefined ? undefined : processCommandOf(await profileData(name));
    if (name !== undefined && command !== undefined) {
      const own = await runCredentialProcess(name, command, stop);
      const { accessKeyId = "", secretAccessKey = "", sessionToken } = own.values;
      return { ...own, values: valuesOf(accessKeyId, secretAccessKey, sessionToken) };
    }
    const id = await fromNodeProviderChain(profile === undefined ? {} : { profile })();
    return {
      form: "access key",
      values: valuesOf(id.accessKeyId, id.secretAccessKey, id.sessionToken),
      source: `the AWS default credential chain${profile === undefined ? "" : ` (profile ${profile})`}`,
    };
  } catch (err) {
    // The chain's own words say which step failed; they name files and variables, never a value (scrubbed anyway).
    const why = NO_SECRETS.text((err as Error).message, 300);
    throw new Error(
      `Amazon Bedrock: no AWS credentials found. Looked at the credentials input, stack config ragcancel:awsAccessKeyId + ragcancel:awsSecretAccessKey (pulumi config set --secret), and ${CHAIN_PLACES}: ${why}`,
      { cause: err },
    );
  }
}

/** A profile's keys, the credentials file's over the config file's as AWS's chain merges them; none without files. */
function profileData(name: string): Promise<Profile | undefined> {
  return fromProfile((p) => p, { profile: name, preferredFile: "credentials" });
}

/**
 * A region becomes part of the default endpoint's host (`bedrock-agent.{region}.amazonaws.com`), and the signed
 * request (session token included) goes there: one from anywhere, a shared config file included, must be a region.
 */
function aRegion(region: string, from: string): string {
  if (!REGION_PATTERN.test(region))
    throw new Error(`Amazon Bedrock: the region from ${from} is not an AWS region such as us-east-1; nothing was sent`);
  return region;
}

/** The region: input, config, `AWS_REGION`/`AWS_DEFAULT_REGION`, then the profile's `region` in the shared config. */
async function regionOf(set: Sourced | undefined, profile: string | undefined): Promise<string> {
  if (set) return aRegion(set.value, set.from);
  let loaded: string;
  // Loaded outside the try: a missing library is not "no region".
  const { loadConfig, NODE_REGION_CONFIG_OPTIONS, NODE_REGION_CONFIG_FILE_OPTIONS } = aws();
  try {
    const load = loadConfig(NODE_REGION_CONFIG_OPTIONS, {
      ...NODE_REGION_CONFIG_FILE_OPTIONS,
      ...(profile === undefined ? {} : { profile }),
    });
    loaded = await load();
  } catch {
    throw new Error(
      `Amazon Bedrock: no AWS region. Set the region input, stack config ragcancel:awsRegion, environment AWS_REGION or AWS_DEFAULT_REGION, or region in the profile${profile === undefined ? "" : ` ${profile}`} of the shared config file`,
    );
  }
  return aRegion(loaded, `the shared config file${profile === undefined ? "" : ` (profile ${profile})`}`);
}

/** SigV4 for service `bedrock` in `region`: every attempt signed afresh with the current time. */
export function signerFor(credentials: Readonly<Record<string, string>>, region: string): Signer {
  const { SignatureV4, Sha256 } = aws();
  const signer = new SignatureV4({
    service: SIGNING_NAME,
    region,
    sha256: Sha256,
    credentials: {
      accessKeyId: credentials.accessKeyId ?? "",
      secretAccessKey: credentials.secretAccessKey ?? "",
      ...(credentials.sessionToken ? { sessionToken: credentials.sessionToken } : {}),
    },
  });
  return async ({ method, url, headers, body }) => {
    const signed = await signer.sign({
      method,
      protocol: url.protocol,
      hostname: url.hostname,
      ...(url.port ? { port: Number(url.port) } : {}),
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      // The host header is signed as undici will send it (with a non-default port).
      headers: { ...headers, host: url.host },
      ...(body === undefined ? {} : { body }),
    });
    // undici sets Host itself from the URL; sending it twice would be refused.
    return Object.fromEntries(Object.entries(signed.headers).filter(([name]) => name.toLowerCase() !== "host"));
  };
}

/**
 * The adapter's `connect`: credentials, region, the endpoint the shared config file names (AWS's rules, see
 * `bedrock-endpoint.ts`) and the signer of every request. The lifecycle bounds it by the operation's deadline and
 * abort signal.
 */
export async function connect(
  _inputs: Record<string, unknown>,
  found: ResolvedCredentials | undefined,
  settings: Readonly<Record<string, Sourced>>,
  stop: AbortSignal,
): Promise<Connection> {
  // Region and profile as the context resolved them (input, config, environment; the adapter's `settings`).
  const profile = settings.profile?.value;
  const credentials = await credentialsOf(found, profile, stop);
  const region = await regionOf(settings.region, profile);
  const file = await fileEndpoint(profile);
  return {
    credentials,
    region,
    ignoreConfiguredEndpoint: file.ignore,
    ...(file.endpoint ? { endpoint: file.endpoint } : {}),
    sign: signerFor(credentials.values, region),
  };
}
