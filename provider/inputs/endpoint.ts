/**
 * Endpoints from every source (the resource input, stack config, the environment) pass one validator, run by
 * `check` and again before any request: the credential travels to this URL, so it must be an absolute https URL, or
 * http to this machine's loopback; plain http elsewhere only when the user opts in explicitly. No userinfo (it would
 * be ignored, and echoed into state), no query or fragment (they would rewrite every request path).
 * @internal
 * @packageDocumentation
 */
import { getDomain } from "tldts";
import { findSetting, resolveSetting, type SettingSource } from "./credentials";

/** The explicit opt-in to plain http to a host other than loopback: `true` in config or environment. */
export const ALLOW_HTTP: SettingSource = {
  config: "allowInsecureHttp",
  env: ["RAGCANCEL_ALLOW_INSECURE_HTTP"],
};

const LOOPBACK_HOSTS = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

/** True when the user opted in to plain http to any host. */
export function insecureHttpAllowed(): boolean {
  return resolveSetting(ALLOW_HTTP, undefined)?.toLowerCase() === "true";
}

/** What is wrong with an endpoint, or undefined when it is fine. Never echoes the value (it may hold userinfo). */
export function endpointProblem(raw: string, allowHttp = insecureHttpAllowed()): string | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return "expected an absolute URL, e.g. https://api.example.com";
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0020\u007f]/.test(raw)) return "expected a URL without spaces or control characters";
  if (url.protocol !== "https:" && url.protocol !== "http:") return `expected an https URL, not ${url.protocol}`;
  // The authority as written (the parser drops an empty userinfo such as `https://@host`).
  const authority = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)/i.exec(raw)?.[1] ?? "";
  if (url.username !== "" || url.password !== "" || authority.includes("@"))
    return "expected a URL without user name or password: credentials go in `credentials` or stack config, never in the URL";
  if (raw.includes("?")) return "expected a URL without a query (?…): it would rewrite every request path";
  if (raw.includes("#")) return "expected a URL without a fragment (#…)";
  if (url.protocol === "http:" && !LOOPBACK_HOSTS.test(url.hostname) && !allowHttp) {
    return (
      "expected https: plain http sends the credential in cleartext. http is accepted for loopback " +
      "(localhost, 127.0.0.1, [::1]); elsewhere set ragcancel:allowInsecureHttp (or RAGCANCEL_ALLOW_INSECURE_HTTP) to true"
    );
  }
  return undefined;
}

/** The endpoint a resource resolves to, where it came from, and what is wrong with it, if anything. */
export interface EndpointChoice {
  /** The base URL without a trailing slash. */
  url: string;
  /** `the endpoint input`, `stack config ragcancel:…`, `environment variable …` or `the default`. */
  from: string;
  problem: string | undefined;
}

/** Resolves the endpoint (input, config, environment, default) and validates it. */
export function chooseEndpoint(
  source: SettingSource,
  input: string | undefined,
  inputName = "endpoint",
): EndpointChoice | undefined {
  const found = findSetting(source, input, inputName);
  if (!found) return undefined;
  return { url: found.value.replace(/\/+$/, ""), from: found.from, problem: endpointProblem(found.value) };
}

/**
 * The endpoint rules applied to the scheme and authority of a request URL, right before it is sent (its path and
 * query are the adapter's): whatever the host's source (input, config, environment, state, a reply), a credential
 * goes only where the rules allow, with the opt-in as it is now.
 */
export function requestHostProblem(url: string): string | undefined {
  const origin = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i.exec(url)?.[0];
  return origin === undefined ? "expected an absolute URL" : endpointProblem(origin);
}

/** Hosts that are an IP address or have no registrable domain (localhost) are trusted only as themselves. */
const IP_HOST = /^(\d{1,3}(\.\d{1,3}){3}|\[[0-9a-f:.]+\])$/i;

/**
 * The registrable domain of a host by the Public Suffix List (tldts, with the list's private section, so that
 * `<id>.cloudfront.net` and `<app>.herokuapp.com` are each their own domain); undefined for an IP address or a host
 * with no registrable domain (localhost, a bare suffix such as `co.uk`).
 */
export function registrableDomain(hostname: string): string | undefined {
  if (IP_HOST.test(hostname)) return undefined;
  return getDomain(hostname, { allowPrivateDomains: true }) ?? undefined;
}

/**
 * What is wrong with a host a vendor's reply names (Pinecone's index host), given the base URL that reply came from,
 * or undefined when it may receive the credential: it passes the endpoint rules; it is under the base's own
 * registrable domain (the same host, for a base that has none); and it never downgrades https to http, whatever
 * `allowInsecureHttp` says: the user opted in to the endpoint they wrote, not to one a reply names.
 */
export function replyHostProblem(base: string, named: string): string | undefined {
  const problem = endpointProblem(named);
  if (problem !== undefined) return problem;
  const from = new URL(base);
  const to = new URL(named);
  if (from.protocol === "https:" && to.protocol !== "https:")
    return "plain http where the request that named it used https; a reply never downgrades the scheme";
  const domain = registrableDomain(from.hostname);
  if (domain === undefined) {
    return to.hostname === from.hostname
      ? undefined
      : `another host than ${from.hostname}; the credential is not sent there`;
  }
  return registrableDomain(to.hostname) === domain
    ? undefined
    : `outside ${domain} (by the Public Suffix List); the credential is not sent there`;
}
