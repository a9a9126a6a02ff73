import fc from "fast-check";
import { adapters, type VendorName } from "../../../provider";
import { VENDOR_NAMES } from "../../../provider/model";
import { UNKNOWN } from "../../../provider/inputs/inputs";
import { CANARY } from "./vendor-env";

export const VENDORS: readonly VendorName[] = VENDOR_NAMES;

type Inputs = Record<string, unknown>;

/** A credential value that is recognizable wherever it surfaces. */
export const secret = fc.string({ maxLength: 12 }).map((s) => `${CANARY}${s}`);

const COMMON_KEYS = ["reason", "waitForTerminal", "timeoutSeconds", "ifFinished", "triggers", "endpoint", "__provider"];

/** Each vendor's own input keys, from its adapter. */
const VENDOR_KEYS = (vendor: VendorName): string[] =>
  Object.keys(adapters[vendor].inputShape).filter((k) => k !== "credentials");

/** Fields any credential form may carry besides its own (the SuperOffice app token, the AWS session token). */
const SHARED_FIELDS = (vendor: VendorName): string[] => [
  ...Object.keys(adapters[vendor].sharedSecrets ?? {}),
  ...Object.keys(adapters[vendor].pairedSecrets ?? {}),
];

/** Every credential field of every form, from the adapter. */
const CREDENTIAL_FIELDS = (vendor: VendorName): string[] => [
  ...new Set([...adapters[vendor].credentialForms.flatMap((f) => Object.keys(f.fields)), ...SHARED_FIELDS(vendor)]),
];

/** Plain http is accepted only to this machine's loopback (no opt-in is set: the host is isolated). */
const loopbackHost = fc.oneof(
  fc.constantFrom("localhost", "[::1]"),
  fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255)).map(([a, b, c]) => `127.${a}.${b}.${c}`),
);
/** An endpoint the one endpoint validator accepts: https anywhere, or http to loopback; no userinfo, query, fragment. */
const url = fc.oneof(
  fc.webUrl({ validSchemes: ["https"], authoritySettings: { withPort: true } }),
  fc
    .tuple(loopbackHost, fc.option(fc.integer({ min: 1, max: 65_535 }), { nil: undefined }), fc.webPath())
    .map(([host, port, path]) => `http://${host}${port === undefined ? "" : `:${port}`}${path}`),
);
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;
/** One character of any kind but a C0 control or DEL. */
const printable = fc.string({ unit: "binary", minLength: 1, maxLength: 1 }).filter((c) => !CONTROL.test(c));
/** A SuperOffice namespace name: 1 to 200 characters (UTF-16 code units), no control characters. */
const namespaceName = fc.oneof(
  fc.string({ minLength: 1, maxLength: 40, unit: printable }),
  fc.constantFrom("n", "N".repeat(200)),
);
/** A Cloudflare AI Search instance id: `^[a-z0-9_]+(?:-[a-z0-9_]+)*$`, at most 64 characters. */
const instanceId = fc.oneof(
  fc.stringMatching(/^[a-z0-9_]{1,12}(?:-[a-z0-9_]{1,12}){0,3}$/),
  fc.stringMatching(/^[a-z0-9_]{64}$/),
  fc.stringMatching(/^(?:[a-z0-9_]-){31}[a-z0-9_]{2}$/),
);

/** A valid value of every common input. */
const COMMON_VALUES: Record<string, fc.Arbitrary<unknown>> = {
  reason: fc.oneof(fc.string({ maxLength: 200, unit: "binary" }), fc.constant("r".repeat(4000))),
  waitForTerminal: fc.boolean(),
  timeoutSeconds: fc.oneof(
    fc.integer({ min: 1, max: 86_400 }),
    fc.double({ min: Number.MIN_VALUE, max: 86_400, noNaN: true }),
  ),
  ifFinished: fc.constantFrom("succeed", "fail"),
  triggers: fc.array(fc.jsonValue(), { maxLength: 4 }),
  endpoint: url,
  __provider: fc.string(),
};

const validCommon = fc.record(COMMON_VALUES, { requiredKeys: [] });

/** Credentials that resolve: exactly one complete form, plus any field every form may carry. */
function validCredentials(vendor: VendorName): fc.Arbitrary<Inputs> {
  const extras = fc.record(Object.fromEntries(SHARED_FIELDS(vendor).map((f) => [f, secret])), { requiredKeys: [] });
  const forms: Record<VendorName, fc.Arbitrary<Inputs>> = {
    superoffice: fc.oneof(
      fc.record({ accessToken: secret }),
      fc.record({ ticket: secret }),
      fc.record({ username: secret, password: secret }),
    ),
    digitalocean: fc.record({ token: secret }),
    cloudflare: fc.oneof(fc.record({ apiToken: secret }), fc.record({ apiKey: secret, email: secret })),
    groundx: fc.record({ apiKey: secret }),
    openai: fc.record({ apiKey: secret }),
    pinecone: fc.record({ apiKey: secret }),
    bedrock: fc.record({ accessKeyId: secret, secretAccessKey: secret }),
  };
  return fc.tuple(extras, forms[vendor]).map(([extra, form]) => ({ ...extra, ...form }));
}

/** The vendor's own inputs, valid; includes what `check` needs from config when the host has none. */
function validIdentity(vendor: VendorName): fc.Arbitrary<Inputs> {
  switch (vendor) {
    case "superoffice":
      return fc.record({ namespaceName, endpoint: url });
    case "digitalocean":
      return fc.oneof(fc.record({ jobUuid: fc.uuid() }), fc.record({ knowledgeBaseUuid: fc.uuid() }));
    case "cloudflare":
      return fc.record(
        {
          accountId: fc.stringMatching(/^[A-Za-z0-9_-]{1,32}$/),
          instanceId,
          namespace: fc.stringMatching(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}$/),
          jobId: fc.stringMatching(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/),
        },
        { requiredKeys: ["accountId", "instanceId"] },
      );
    case "groundx":
      return fc.record({ processId: fc.uuid() });
    case "openai":
      return fc.record(
        {
          vectorStoreId: fc.stringMatching(/^[A-Za-z0-9_-]{1,128}$/),
          batchId: fc.stringMatching(/^[A-Za-z0-9_-]{1,128}$/),
          organization: fc.stringMatching(/^[\x21-\x7e]{1,40}$/),
          project: fc.stringMatching(/^[\x21-\x7e]{1,40}$/),
        },
        { requiredKeys: ["vectorStoreId", "batchId"] },
      );
    case "pinecone":
      return fc
        .tuple(
          fc.oneof(
            fc.record({ indexName: fc.stringMatching(/^[a-z0-9](?:[a-z0-9-]{0,43}[a-z0-9])?$/) }),
            fc.record({ indexHost: fc.domain() }),
          ),
          fc.record({ importId: fc.stringMatching(/^[A-Za-z0-9_-]{1,40}$/) }, { requiredKeys: [] }),
        )
        .map(([index, job]) => ({ ...index, ...job }));
    case "bedrock":
      // The region is required here: the host has no AWS_REGION and no profile, and check cannot read one.
      return fc.record(
        {
          knowledgeBaseId: fc.stringMatching(/^[0-9a-zA-Z]{10}$/),
          dataSourceId: fc.stringMatching(/^[0-9a-zA-Z]{10}$/),
          ingestionJobId: fc.stringMatching(/^[0-9a-zA-Z]{10}$/),
          region: fc.constantFrom("us-east-1", "eu-central-1", "ap-southeast-2", "us-gov-west-1"),
          profile: fc.stringMatching(/^[A-Za-z0-9_.-]{1,20}$/),
        },
        { requiredKeys: ["knowledgeBaseId", "dataSourceId", "region"] },
      );
  }
}

/** Valid inputs of one vendor; credentials are always present unless `credentials` is "optional". */
export function validInputs(vendor: VendorName, credentials: "present" | "optional" = "present"): fc.Arbitrary<Inputs> {
  const creds = validCredentials(vendor);
  const maybeCreds = credentials === "present" ? creds : fc.option(creds);
  return fc.tuple(validCommon, validIdentity(vendor), maybeCreds).map(([common, identity, c]) => ({
    ...common,
    ...identity,
    ...(c === null ? {} : { credentials: c }),
  }));
}

const sentinel = fc.constant(UNKNOWN);
const junkValue = fc.oneof(fc.anything(), sentinel, secret, fc.string(), fc.boolean(), fc.double(), fc.integer());

/** Junk where credentials go: any value, or an object of real and unknown fields holding secrets and junk. */
function junkCredentials(vendor: VendorName): fc.Arbitrary<unknown> {
  const field = fc.oneof(fc.constantFrom(...CREDENTIAL_FIELDS(vendor)), fc.string());
  const value = fc.oneof(secret, secret, fc.anything(), sentinel, fc.constant(""));
  return fc.oneof(
    fc.anything(),
    sentinel,
    secret,
    fc.array(secret, { maxLength: 3 }),
    fc.dictionary(field, value, { maxKeys: 6 }),
    fc.dictionary(field, fc.dictionary(fc.string(), value, { maxKeys: 3 }), { maxKeys: 3 }),
  );
}

/** Credential fields of the vendor in any combination, complete forms or not, empty strings included. */
function partialCredentials(vendor: VendorName): fc.Arbitrary<Inputs> {
  const value = fc.oneof(secret, secret, fc.constant(""), fc.constant(UNKNOWN));
  return fc.record(Object.fromEntries(CREDENTIAL_FIELDS(vendor).map((f) => [f, value])), { requiredKeys: [] });
}

/**
 * A valid input with a few of the vendor's real keys given wrong-typed values or the sentinel, sometimes unknown keys,
 * and credentials that are valid, incomplete, junk (carrying secrets) or absent.
 */
export function mixedJunkInputs(vendor: VendorName): fc.Arbitrary<Inputs> {
  const keys = [...VENDOR_KEYS(vendor), ...COMMON_KEYS];
  const junk = fc.oneof(junkValue, fc.array(junkValue, { maxLength: 3 }));
  const corrupt = fc
    .oneof(fc.constant([]), fc.subarray(keys, { maxLength: 2 }), fc.subarray(keys))
    .chain((picked) => fc.tuple(...picked.map((k) => junk.map((v) => [k, v] as const))))
    .map((entries) => Object.fromEntries(entries));
  const credentials = fc.oneof(
    validCredentials(vendor),
    partialCredentials(vendor),
    junkCredentials(vendor),
    fc.constant(undefined),
  );
  const unknown = fc.oneof(
    { weight: 3, arbitrary: fc.constant({}) },
    { weight: 1, arbitrary: fc.dictionary(fc.string(), junkValue, { minKeys: 1, maxKeys: 3 }) },
  );
  return fc.tuple(validInputs(vendor), corrupt, credentials, unknown).map(([valid, wrong, creds, extra]) => {
    const inputs: Inputs = { ...extra, ...valid, ...wrong, credentials: creds };
    if (creds === undefined) delete inputs.credentials;
    return inputs;
  });
}

/** Junk of every kind JavaScript has, not only what Pulumi would send. */
export const anyJunk = fc.oneof(
  fc.anything(),
  fc.anything({
    withBigInt: true,
    withBoxedValues: true,
    withDate: true,
    withMap: true,
    withNullPrototype: true,
    withObjectString: true,
    withSet: true,
    withSparseArray: true,
    withTypedArray: true,
    stringUnit: "binary",
  }),
);

/** A valid input with any subset of its top-level values replaced by the preview sentinel. */
export function previewInputs(vendor: VendorName): fc.Arbitrary<Inputs> {
  return validInputs(vendor, "optional").chain((inputs) =>
    fc
      .subarray(Object.keys(inputs))
      .map((unknown) => ({ ...inputs, ...Object.fromEntries(unknown.map((k) => [k, UNKNOWN])) })),
  );
}
