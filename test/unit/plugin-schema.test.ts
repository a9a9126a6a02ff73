/**
 * The plugin's package schema is generated from the zod schemas: its resources' inputs are exactly the zod keys,
 * credentials are secret, every `ragcancel:*` key the runtime reads is in `config`, and every field is documented.
 * It is validated against Pulumi's package metaschema from the steering repository's shared/ (required where that
 * folder exists).
 */
import { readFileSync } from "node:fs";
import Ajv2020 from "ajv/dist/2020";
import addFormats from "ajv-formats";
import { z } from "zod";
import { configKeys, inputShapeOf, packageSchema, resourceToken } from "../../plugin/schema";
import { adapters } from "../../provider";
import type { VendorName } from "../../provider/model";
import { findMetaschema, sharedLayout } from "../contract/specs/location";

const schema = packageSchema("0.2.0");
const VENDORS = Object.keys(adapters) as VendorName[];

describe.each(VENDORS)("%s in the plugin's schema", (vendor) => {
  const adapter = adapters[vendor];
  const r = schema.resources[resourceToken(vendor)]!;

  it("has the token ragcancel:<vendor>:<resource name> and exactly the zod inputs", () => {
    expect(resourceToken(vendor)).toBe(`ragcancel:${vendor}:${adapter.resourceName}`);
    expect(adapter.resourceName).toMatch(/^[A-Z][A-Za-z]+Cancellation$/);
    expect(Object.keys(r.inputProperties).sort()).toEqual(Object.keys(inputShapeOf(adapter)).sort());
    const required = Object.entries(inputShapeOf(adapter))
      .filter(([, f]) => !(f instanceof z.ZodOptional))
      .map(([k]) => k);
    expect(r.requiredInputs.sort()).toEqual(required.sort());
  });

  it("marks credentials secret, and its type has exactly the zod credential fields", () => {
    expect(r.inputProperties.credentials).toMatchObject({
      secret: true,
      $ref: `#/types/ragcancel:${vendor}:Credentials`,
    });
    const zodCredentials = (inputShapeOf(adapter).credentials as z.ZodOptional<z.ZodObject>).unwrap().shape;
    expect(Object.keys(schema.types[`ragcancel:${vendor}:Credentials`]!.properties).sort()).toEqual(
      Object.keys(zodCredentials).sort(),
    );
  });

  it("documents every input and output", () => {
    const undocumented = Object.entries({ ...r.inputProperties, ...r.properties })
      .filter(([, p]) => !p.description)
      .map(([k]) => k);
    expect(undocumented).toEqual([]);
  });
});

it("every $ref names a type the schema defines or Pulumi's Any", () => {
  const refs = [...JSON.stringify(schema).matchAll(/"\$ref":"([^"]+)"/g)].map((m) => m[1] ?? "");
  expect(refs.length).toBeGreaterThan(4);
  for (const ref of refs) {
    if (ref === "pulumi.json#/Any") continue;
    expect([ref, schema.types[ref.replace("#/types/", "")] !== undefined]).toEqual([ref, true]);
  }
});

it("config lists every ragcancel:* key the runtime reads, secrets marked", () => {
  const expected = new Set<string>(["allowInsecureHttp"]);
  const secret = new Set<string>();
  for (const a of Object.values(adapters)) {
    for (const form of a.credentialForms) for (const s of Object.values(form.fields)) secret.add(s.config);
    for (const s of Object.values(a.sharedSecrets ?? {})) secret.add(s.config);
    for (const s of Object.values(a.pairedSecrets ?? {})) secret.add(s.config);
    for (const s of Object.values(a.settings ?? {})) expected.add(s.config);
    expected.add(a.endpoint.config);
  }
  for (const k of secret) expected.add(k);
  expect(Object.keys(schema.config.variables).sort()).toEqual([...expected].sort());
  for (const { key, secret: isSecret } of configKeys()) expect([key, isSecret]).toEqual([key, secret.has(key)]);
  expect(schema.config.variables.digitaloceanToken).toMatchObject({ secret: true, type: "string" });
  expect(schema.config.variables.cloudflareAccountId?.secret).toBeUndefined();
});

// Pulumi's package metaschema (pkg/codegen/schema/pulumi.json) is data from pulumi/pulumi: it is kept in the
// steering repository's shared/, never committed here. Where that folder is, a missing metaschema fails; only a
// machine without it skips, and says so (test/contract/specs/location.ts).
const LAYOUT = sharedLayout();
const METASCHEMA = findMetaschema(LAYOUT);
if (METASCHEMA.status === "unavailable") {
  // A skip is easy to miss in a summary line; this says why in the run's output.
  console.warn(METASCHEMA.message);
  it.skip(METASCHEMA.message, () => undefined);
} else {
  it(`validates against Pulumi's package metaschema (${LAYOUT.metaschema})`, () => {
    if (METASCHEMA.status !== "found") throw new Error(METASCHEMA.message);
    // The metaschema's formats (regex, uri-reference) are checked, not ignored with a warning.
    const ajv = addFormats(new Ajv2020({ strict: false, allErrors: true }));
    const validate = ajv.compile(JSON.parse(readFileSync(METASCHEMA.file, "utf8")) as object);
    expect(validate(schema) ? [] : validate.errors).toEqual([]);
  });
}
