/**
 * SigV4 as AWS checks it, for the emulated Bedrock: the signature recomputed with AWS's own signer
 * (`@smithy/signature-v4` + `@aws-crypto/sha256-js`) and the known secret over what was received.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import { Sha256 } from "@aws-crypto/sha256-js";
import { SignatureV4 } from "@smithy/signature-v4";
import { firstHeader } from "../http-util";

/** One accepted AWS key (the emulator knows the secret, so it can check signatures). */
export interface BrKey {
  accessKeyId: string;
  secretAccessKey: string;
  /** When set, requests signed with this key must carry it as `X-Amz-Security-Token`. */
  sessionToken?: string;
}

/** How far a request's `X-Amz-Date` may be from now: AWS refuses a signature older or newer than 5 minutes. */
export const BR_MAX_SKEW_MS = 5 * 60_000;

/** The Authorization header of a SigV4 request: key id, date, region, service, signed header names, signature. */
const AUTH =
  /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/;

/** Why a signature was refused: AWS's own code and wording. */
export interface Refusal {
  code: "MissingAuthenticationTokenException" | "UnrecognizedClientException" | "InvalidSignatureException";
  message: string;
}

/** `20261130T065000Z` → epoch ms. */
function amzDate(value: string | undefined): number | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value ?? "");
  return m ? Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!) : undefined;
}

/**
 * Checks a request's SigV4 signature the way AWS does: the key must be known (and its session token sent), the
 * scope must be service `bedrock`, the date within 5 minutes, and the signature recomputed over the signed headers,
 * the method, the path and query as received, and the body must match.
 */
export async function verifySigV4(
  keys: readonly BrKey[],
  request: { method: string; url: string; headers: IncomingHttpHeaders; body: string },
  now = Date.now(),
): Promise<{ ok: true; key: BrKey; region: string } | { ok: false; refusal: Refusal }> {
  const authorization = firstHeader(request.headers.authorization);
  if (authorization === undefined)
    return {
      ok: false,
      refusal: { code: "MissingAuthenticationTokenException", message: "Missing Authentication Token" },
    };
  const m = AUTH.exec(authorization);
  const bad = (message: string) => ({
    ok: false as const,
    refusal: { code: "InvalidSignatureException" as const, message },
  });
  if (!m) return bad("Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' parameters.");
  const [, accessKeyId, day, region, service, signedHeaders, signature] = m as unknown as string[];
  const key = keys.find((k) => k.accessKeyId === accessKeyId);
  const token = firstHeader(request.headers["x-amz-security-token"]);
  if (key === undefined || (key.sessionToken ?? undefined) !== token)
    return {
      ok: false,
      refusal: {
        code: "UnrecognizedClientException",
        message: "The security token included in the request is invalid.",
      },
    };
  if (service !== "bedrock") return bad("Credential should be scoped to correct service: 'bedrock'.");
  const dateHeader = firstHeader(request.headers["x-amz-date"]);
  const signedAt = amzDate(dateHeader);
  if (signedAt === undefined || dateHeader?.slice(0, 8) !== day)
    return bad("Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP.");
  if (Math.abs(now - signedAt) > BR_MAX_SKEW_MS)
    return bad(`Signature expired: ${dateHeader} is now earlier than the allowed 5 minutes.`);
  const names = (signedHeaders ?? "").split(";");
  if (!names.includes("host")) return bad("'Host' must be a signed header.");
  const headers: Record<string, string> = {};
  for (const name of names) {
    const value = request.headers[name];
    if (value === undefined) return bad(`Signed header ${name} is missing.`);
    headers[name] = Array.isArray(value) ? value.join(",") : value;
  }
  // A signed payload hash must be the body's: otherwise a changed body would pass under the old signature.
  const declared = firstHeader(request.headers["x-amz-content-sha256"]);
  if (declared !== undefined && declared !== createHash("sha256").update(request.body).digest("hex"))
    return bad("The provided 'x-amz-content-sha256' header does not match what was computed.");
  const url = new URL(request.url, `http://${headers.host}`);
  const signer = new SignatureV4({
    service: "bedrock",
    region: region ?? "",
    sha256: Sha256,
    credentials: { accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey },
  });
  const expected = await signer.sign(
    {
      method: request.method,
      protocol: "http:",
      hostname: url.hostname,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers,
      ...(request.body === "" ? {} : { body: request.body }),
    },
    { signingDate: new Date(signedAt) },
  );
  const computed = /Signature=([0-9a-f]{64})/.exec(expected.headers.authorization ?? "")?.[1] ?? "";
  const same = computed.length === signature?.length && timingSafeEqual(Buffer.from(computed), Buffer.from(signature));
  if (!same)
    return bad(
      "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.",
    );
  return { ok: true, key, region: region ?? "" };
}
