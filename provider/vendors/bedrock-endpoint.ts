/**
 * Bedrock's endpoint by AWS's own rules (https://docs.aws.amazon.com/sdkref/latest/guide/feature-ss-endpoints.html;
 * in code, @smithy/core `submodules/endpoints/middleware-endpoint/adaptors/getEndpointUrlConfig.ts` and
 * `getIgnoreConfiguredEndpointUrls.ts`, which are internal there): after the code-level endpoint (here the
 * `endpoint` input and `ragcancel:bedrockEndpoint`), `AWS_ENDPOINT_URL_BEDROCK_AGENT`, then `AWS_ENDPOINT_URL`, then
 * the profile's `services` section (`bedrock_agent = endpoint_url = …`), then the profile's `endpoint_url`; all four
 * ignored when `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS`, or else the profile's `ignore_configured_endpoint_urls`, is
 * `true`. The environment's part is read with the other settings (`envIgnoredBy`); the shared config file's here.
 * @internal
 * @packageDocumentation
 */
import { fromProfile } from "./aws-config";

/** AWS's switch that ignores every configured endpoint (environment and shared config file). */
export const IGNORE_ENDPOINTS_ENV = "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS";
/** The same switch in a profile of the shared config file. */
const IGNORE_ENDPOINTS_PROFILE = "ignore_configured_endpoint_urls";
/** The service's key in a `services` section: its serviceId "Bedrock Agent", lower-cased, words joined by `_`. */
const SERVICE_KEY = "bedrock_agent";

/** AWS's boolean: exactly `true` or `false`; anything else is an error (as @smithy's booleanSelector). */
function flag(value: string | undefined, where: string): boolean | undefined {
  if (value === undefined) return undefined;
  if (value === "true" || value === "false") return value === "true";
  throw new Error(`Amazon Bedrock: ${where} must be true or false; nothing was sent`);
}

/** What the shared config file says about the endpoint: ignore configured ones, or use the one it names. */
export interface FileEndpoint {
  /** True when configured endpoints are to be ignored (the environment's switch, else the profile's). */
  ignore: boolean;
  /** The profile's endpoint for the service, when it names one and endpoints are not ignored. */
  endpoint?: { url: string; from: string };
}

/** Reads the profile's endpoint settings from the shared config file (none when there is no file). */
export async function fileEndpoint(profile: string | undefined): Promise<FileEndpoint> {
  const name = profile === undefined ? "" : ` (profile ${profile})`;
  const options = profile === undefined ? {} : { profile };
  const envSwitch = flag(process.env[IGNORE_ENDPOINTS_ENV], `environment variable ${IGNORE_ENDPOINTS_ENV}`);
  const ignore =
    envSwitch ??
    flag(
      await fromProfile((p) => p[IGNORE_ENDPOINTS_PROFILE], options),
      `${IGNORE_ENDPOINTS_PROFILE} in the shared config file${name}`,
    ) ??
    false;
  if (ignore) return { ignore };
  const url = await fromProfile((p, file) => {
    const section = p.services === undefined ? undefined : file?.[`services.${p.services}`];
    return section?.[`${SERVICE_KEY}.endpoint_url`] ?? p.endpoint_url;
  }, options);
  return url === undefined ? { ignore } : { ignore, endpoint: { url, from: `the shared config file${name}` } };
}
