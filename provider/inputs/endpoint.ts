/**
 * Endpoints from every source (the resource input, stack config, the environment) pass one validator, run by
 * `check` and again before any request: the credential travels to this URL, so it must be an absolute https URL, or
 * http to this machine's loopback; plain http elsewhere only when the user opts in explicitly. No userinfo (it would
 * be ignored, and echoed into state), no query or fragment (they would rewrite every request path).
 * @internal
 * @packageDocumentation
 */
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
export function chooseEndpoint(source: SettingSource, input: string | undefined): EndpointChoice | undefined {
  const found = findSetting(source, input, "endpoint");
  if (!found) return undefined;
  return { url: found.value.replace(/\/+$/, ""), from: found.from, problem: endpointProblem(found.value) };
}
