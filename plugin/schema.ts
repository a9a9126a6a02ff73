/**
 * The Pulumi package schema of the provider plugin `ragcancel`, generated from the same zod schemas and field docs
 * that `check` validates with and the SDK's TSDoc repeats (test/docs/field-docs.test.ts), so the three cannot drift.
 * Resources `ragcancel:<vendor>:IndexingJobCancellation`; credentials are secret; `config` lists every `ragcancel:*`
 * key the runtime reads.
 * @internal
 * @packageDocumentation
 */
import { z } from "zod";
import { adapters } from "../provider";
import type { VendorAdapter } from "../provider/adapter";
import type { SettingSource } from "../provider/inputs/credentials";
import { ALLOW_HTTP } from "../provider/inputs/endpoint";
import { commonShape, INTERNAL_INPUTS } from "../provider/inputs/inputs";
import { recordSchema } from "../provider/lifecycle/record";
import type { VendorName } from "../provider/model";

/** The plugin's package name, also the config namespace. */
export const PACKAGE = "ragcancel";

/** The repository; its GitHub releases hold the plugin's archives (`npm run package-plugin` writes them). */
export const REPOSITORY = { owner: "pulumi-rag-cancel", name: "pulumi-rag-cancel" } as const;

/** A property in Pulumi's schema dialect (the subset this package needs). */
export interface PropertySpec {
  type?: "string" | "number" | "integer" | "boolean" | "array" | "object";
  items?: PropertySpec;
  additionalProperties?: PropertySpec;
  $ref?: string;
  description?: string;
  secret?: boolean;
}

/** An object type or a resource: its properties and which are required. */
export interface ObjectSpec {
  type?: "object";
  description?: string;
  properties: Record<string, PropertySpec>;
  required?: string[];
}

/** A resource: inputs, required inputs, outputs. */
export interface ResourceSpec extends ObjectSpec {
  inputProperties: Record<string, PropertySpec>;
  requiredInputs: string[];
}

/** The package schema (the parts this package fills). */
export interface PackageSchema {
  name: string;
  displayName: string;
  version: string;
  description: string;
  keywords: string[];
  license: string;
  repository: string;
  /**
   * Where the CLI fetches the plugin a generated SDK names: `github://api.github.com/<owner>/<repo>` means the
   * release `v<version>` of that repository, asset `pulumi-resource-ragcancel-v<version>-<os>-<arch>.tar.gz`.
   */
  pluginDownloadURL: string;
  publisher: string;
  config: { variables: Record<string, PropertySpec> };
  provider: {
    description: string;
    inputProperties: Record<string, PropertySpec>;
    properties: Record<string, PropertySpec>;
  };
  types: Record<string, ObjectSpec>;
  resources: Record<string, ResourceSpec>;
  language: Record<string, Record<string, unknown>>;
}

/** The resource token of a vendor's cancellation. */
export function resourceToken(vendor: VendorName): string {
  return `${PACKAGE}:${vendor}:${adapters[vendor].resourceName}`;
}

const ANY: PropertySpec = { $ref: "pulumi.json#/Any" };

/** Peels the wrappers that change nothing in the schema (optional, nullable, catch, default). */
function core(schema: z.ZodType): { schema: z.ZodType; optional: boolean } {
  let s = schema;
  let optional = false;
  for (;;) {
    if (s instanceof z.ZodOptional) optional = true;
    if (
      s instanceof z.ZodOptional ||
      s instanceof z.ZodNullable ||
      s instanceof z.ZodCatch ||
      s instanceof z.ZodDefault
    )
      s = s.unwrap() as z.ZodType;
    else return { schema: s, optional };
  }
}

/** One zod field as a schema property; object fields become named types (`types`) under `typeToken`. */
function property(
  field: z.ZodType,
  typeToken: string,
  types: Record<string, ObjectSpec>,
  description = field.description,
): PropertySpec {
  const { schema } = core(field);
  const described = (p: PropertySpec): PropertySpec => (description ? { ...p, description } : p);
  if (schema instanceof z.ZodString || schema instanceof z.ZodEnum) return described({ type: "string" });
  if (schema instanceof z.ZodNumber) return described({ type: "number" });
  if (schema instanceof z.ZodBoolean) return described({ type: "boolean" });
  if (schema instanceof z.ZodArray)
    return described({
      type: "array",
      items: property(schema.element as z.ZodType, `${typeToken}Item`, types, undefined),
    });
  if (schema instanceof z.ZodRecord)
    return described({
      type: "object",
      additionalProperties: property(schema.valueType as z.ZodType, typeToken, types, undefined),
    });
  if (schema instanceof z.ZodObject) {
    types[typeToken] = objectType(schema.shape, typeToken, types, description);
    return described({ $ref: `#/types/${typeToken}` });
  }
  return described({ ...ANY });
}

function objectType(
  shape: Record<string, z.ZodType>,
  token: string,
  types: Record<string, ObjectSpec>,
  description: string | undefined,
): ObjectSpec {
  const properties = Object.fromEntries(
    Object.entries(shape).map(([k, f]) => [k, property(f, `${token}${k[0]?.toUpperCase() ?? ""}${k.slice(1)}`, types)]),
  );
  const required = Object.entries(shape)
    .filter(([, f]) => !core(f).optional)
    .map(([k]) => k);
  return {
    type: "object",
    ...(description ? { description } : {}),
    properties,
    ...(required.length ? { required } : {}),
  };
}

/** The inputs of a vendor's resource: the common ones and the vendor's, without the SDK-internal ones. */
export function inputShapeOf(adapter: VendorAdapter): Record<string, z.ZodType> {
  const all = { ...commonShape, ...adapter.inputShape } as Record<string, z.ZodType>;
  return Object.fromEntries(Object.entries(all).filter(([k]) => !INTERNAL_INPUTS.includes(k)));
}

function resource(vendor: VendorName, adapter: VendorAdapter, types: Record<string, ObjectSpec>): ResourceSpec {
  const token = `${PACKAGE}:${vendor}:`;
  const shape = inputShapeOf(adapter);
  const inputs = Object.fromEntries(
    Object.entries(shape).map(([k, f]) => {
      const named = k === "credentials" ? `${token}Credentials` : `${token}${k}`;
      const p = property(f, named, types);
      return [k, k === "credentials" ? { ...p, secret: true } : p];
    }),
  );
  const record = recordSchema.shape as Record<string, z.ZodType>;
  const outputs = {
    ...inputs,
    ...Object.fromEntries(
      Object.entries(record).map(([k, f]) => [
        k,
        property(f, `${PACKAGE}:index:${k === "jobs" ? "JobRecord" : k}`, types),
      ]),
    ),
  };
  const required = ["vendor", "jobIds", "outcome", "observedAt", "found", "jobs", "details"];
  return {
    description: `Cancels ${adapter.vendor}'s indexing job(s) named by the inputs and records what happened: \`pulumi up\` cancels and waits for the vendor to confirm; a second \`up\` does nothing; \`refresh\` reads the status; \`destroy\` forgets the record (a cancellation cannot be undone).`,
    properties: outputs,
    required,
    inputProperties: inputs,
    requiredInputs: Object.entries(shape)
      .filter(([, f]) => !core(f).optional)
      .map(([k]) => k),
  };
}

/** Every `ragcancel:*` config key the runtime reads, with whether it holds a secret. */
export function configKeys(): { key: string; secret: boolean; description: string }[] {
  const keys = new Map<string, { secret: boolean; description: string }>();
  const add = (source: SettingSource, secret: boolean, description: string) => {
    if (!keys.has(source.config))
      keys.set(source.config, { secret, description: `${description} Environment: ${source.env.join(" or ")}.` });
  };
  for (const adapter of Object.values(adapters)) {
    for (const form of adapter.credentialForms)
      for (const [field, source] of Object.entries(form.fields))
        add(source, true, `${adapter.vendor}: \`${field}\` of the ${form.name} credential form.`);
    for (const [field, source] of Object.entries(adapter.sharedSecrets ?? {}))
      add(source, true, `${adapter.vendor}: \`${field}\`, for every credential form.`);
    for (const [field, source] of Object.entries(adapter.pairedSecrets ?? {}))
      add(source, true, `${adapter.vendor}: \`${field}\`, with the credential form set beside it.`);
    for (const [field, source] of Object.entries(adapter.settings ?? {}))
      add(source, false, `${adapter.vendor}: the default \`${field}\`.`);
    add(
      adapter.endpoint,
      false,
      `${adapter.vendor}: the API base URL${adapter.endpoint.default ? ` (default ${adapter.endpoint.default})` : " (required)"}.`,
    );
  }
  add(
    ALLOW_HTTP,
    false,
    "`true` allows plain http endpoints to hosts other than loopback (the credential then travels in cleartext).",
  );
  return [...keys].map(([key, v]) => ({ key, ...v }));
}

/** The whole package schema. */
export function packageSchema(version: string): PackageSchema {
  const types: Record<string, ObjectSpec> = {};
  const resources = Object.fromEntries(
    (Object.entries(adapters) as [VendorName, VendorAdapter][]).map(([vendor, adapter]) => [
      resourceToken(vendor),
      resource(vendor, adapter, types),
    ]),
  );
  const variables = Object.fromEntries(
    configKeys().map(({ key, secret, description }) => [
      key,
      { type: "string" as const, description, ...(secret ? { secret: true } : {}) },
    ]),
  );
  return {
    name: PACKAGE,
    displayName: "RAG indexing-job cancellation",
    version,
    description:
      "Cancels RAG indexing jobs (DigitalOcean Gradient, Cloudflare AI Search, GroundX, SuperOffice, OpenAI, Amazon Bedrock, Pinecone) as reviewable, auditable steps of `pulumi up`.",
    keywords: ["pulumi", "rag", "indexing", "category/utility", "kind/native"],
    license: "Apache-2.0",
    repository: `https://github.com/${REPOSITORY.owner}/${REPOSITORY.name}`,
    pluginDownloadURL: `github://api.github.com/${REPOSITORY.owner}/${REPOSITORY.name}`,
    publisher: "pulumi-rag-cancel",
    config: { variables },
    provider: {
      description: "The ragcancel provider: credentials and endpoints as provider config, secrets marked.",
      inputProperties: variables,
      properties: {},
    },
    types,
    resources,
    language: {
      nodejs: { packageName: "@pulumi-rag-cancel/ragcancel", respectSchemaVersion: true },
      python: { packageName: "pulumi_ragcancel", respectSchemaVersion: true },
      go: {
        importBasePath: `github.com/${REPOSITORY.owner}/${REPOSITORY.name}/sdk/go/ragcancel`,
        respectSchemaVersion: true,
      },
      csharp: { rootNamespace: "PulumiRagCancel", respectSchemaVersion: true },
      java: { basePackage: "com.pulumiragcancel" },
    },
  };
}
