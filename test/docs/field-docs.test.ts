/**
 * One source of truth for every input's documentation: the zod schemas' descriptions (provider/), from which the
 * plugin's schema is generated, must say word for word what the SDK's TSDoc says on the same field.
 */
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import ts from "typescript";
import { z } from "zod";
import { adapters } from "../../provider";
import { commonShape, INTERNAL_INPUTS } from "../../provider/inputs/inputs";
import { recordSchema } from "../../provider/lifecycle/record";
import type { VendorName } from "../../provider/model";

const REPO = resolve(__dirname, "../..");

/** Each documented property of each interface of an SDK file, as `Interface.property` → text. */
function sdkDocs(file: string, folder = "sdk"): Map<string, string> {
  const text = readFileSync(join(REPO, folder, file), "utf8");
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const out = new Map<string, string>();
  source.forEachChild((node) => {
    if (!ts.isInterfaceDeclaration(node) && !ts.isClassDeclaration(node)) return;
    for (const member of node.members) {
      if (!(ts.isPropertySignature(member) || ts.isPropertyDeclaration(member)) || !ts.isIdentifier(member.name))
        continue;
      const doc = ts.getJSDocCommentsAndTags(member).find(ts.isJSDoc);
      const text = typeof doc?.comment === "string" ? doc.comment : "";
      out.set(`${node.name?.text ?? ""}.${member.name.text}`, text.replace(/\s+/g, " ").trim());
    }
  });
  return out;
}

function described(schema: z.ZodType): string {
  return (schema.description ?? "").replace(/\s+/g, " ").trim();
}

function objectShape(schema: z.ZodType): Record<string, z.ZodType> | undefined {
  const inner = schema instanceof z.ZodOptional ? (schema.unwrap() as z.ZodType) : schema;
  return inner instanceof z.ZodObject ? inner.shape : undefined;
}

const CREDENTIALS: Record<VendorName, string> = {
  digitalocean: "DigitalOceanCredentials",
  cloudflare: "CloudflareCredentials",
  groundx: "GroundXCredentials",
  superoffice: "SuperOfficeCredentials",
  openai: "OpenAICredentials",
  pinecone: "PineconeCredentials",
  bedrock: "BedrockCredentials",
};

describe("every input's documentation has one source", () => {
  it("the common inputs: zod descriptions equal the SDK's TSDoc of CancellationArgs", () => {
    const docs = sdkDocs("common.ts");
    const keys = Object.keys(commonShape).filter((k) => !INTERNAL_INPUTS.includes(k));
    expect(keys.map((k) => [k, described(commonShape[k as keyof typeof commonShape])])).toEqual(
      keys.map((k) => [k, docs.get(`CancellationArgs.${k}`)]),
    );
  });

  it.each(Object.keys(CREDENTIALS) as VendorName[])("%s: inputs and credential fields, word for word", (vendor) => {
    const docs = sdkDocs(`${vendor}.ts`);
    const shape = adapters[vendor].inputShape as Record<string, z.ZodType>;
    const pairs: [string, string, string | undefined][] = Object.entries(shape).map(([k, s]) => [
      k,
      described(s),
      docs.get(`${adapters[vendor].resourceName}Args.${k}`),
    ]);
    for (const [k, s] of Object.entries(objectShape(shape.credentials!) ?? {}))
      pairs.push([`credentials.${k}`, described(s), docs.get(`${CREDENTIALS[vendor]}.${k}`)]);
    expect(pairs.every(([, zod]) => zod !== "")).toBe(true);
    expect(pairs.map(([k, zod]) => [k, zod])).toEqual(pairs.map(([k, , sdk]) => [k, sdk]));
  });
});

describe("every output's documentation has one source", () => {
  it("the record: zod descriptions equal the SDK's TSDoc of CancellationResource", () => {
    const docs = sdkDocs("common.ts");
    const shape = recordSchema.shape as Record<string, z.ZodType>;
    const keys = Object.keys(shape);
    expect(keys.map((k) => [k, described(shape[k]!)])).toEqual(
      keys.map((k) => [k, docs.get(`CancellationResource.${k}`)]),
    );
  });

  it("each job's record: zod descriptions equal JobRecord's TSDoc in provider/model.ts", () => {
    const docs = sdkDocs("model.ts", "provider");
    const jobs = recordSchema.shape.jobs as z.ZodType;
    const inner = (jobs instanceof z.ZodCatch ? jobs.unwrap() : jobs) as z.ZodArray<z.ZodObject>;
    const shape = inner.element.shape as Record<string, z.ZodType>;
    const keys = Object.keys(shape);
    expect(keys.length).toBeGreaterThan(5);
    expect(keys.map((k) => [k, described(shape[k]!)])).toEqual(keys.map((k) => [k, docs.get(`JobRecord.${k}`)]));
  });
});
