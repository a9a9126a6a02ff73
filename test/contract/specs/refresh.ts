/**
 * Regenerates a vendored OpenAPI fragment under test/contract/specs/ from fetched snapshots of the vendor's sources.
 *
 *   npx tsc -p tsconfig.json
 *   node dist-test/test/contract/specs/refresh.js digitalocean <digitalocean/openapi git dir>
 *   node dist-test/test/contract/specs/refresh.js groundx <groundxai/groundx-sdks git dir> <eyelevelai/groundx-typescript git dir>
 *   node dist-test/test/contract/specs/refresh.js cloudflare <cloudflare/cloudflare-typescript git dir> <cloudflare/api-schemas git dir>
 *   node dist-test/test/contract/specs/refresh.js superoffice <SuperOfficeDocs/superoffice-docs dir (git, or files + COMMITS)>
 *   node dist-test/test/contract/specs/refresh.js openai <openai/openai-openapi git dir>
 *   node dist-test/test/contract/specs/refresh.js pinecone <pinecone-io/pinecone-api git dir>
 *   node dist-test/test/contract/specs/refresh.js bedrock <boto/botocore git dir>
 *
 * Options: --check (compare with the committed file instead of writing it), --retrieved=YYYY-MM-DD.
 * Output: sorted keys, then formatted by the repository's prettier settings wherever it is written (refresh/format.ts),
 * so it equals what `prettier --write` keeps in the repository.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { specsOutputDir } from "./location";
import { bedrock } from "./refresh/bedrock";
import { cloudflare } from "./refresh/cloudflare";
import { digitalocean } from "./refresh/digitalocean";
import { groundx } from "./refresh/groundx";
import { formatFragment } from "./refresh/format";
import { parseJson, type Json, type JsonObject } from "./refresh/json";
import { Source, type Provenance } from "./refresh/source";
import { openai } from "./refresh/openai";
import { pinecone } from "./refresh/pinecone";
import { superoffice } from "./refresh/superoffice";

const SPECS_DIR = specsOutputDir();
const RETRIEVED = "2026-11-30";

interface Vendor {
  repositories: readonly string[];
  build(sources: Source[], manual: () => JsonObject): JsonObject;
}

const VENDORS: Record<string, Vendor> = {
  digitalocean: { repositories: ["digitalocean/openapi"], build: ([s]) => digitalocean(need(s)) },
  groundx: {
    repositories: ["groundxai/groundx-sdks", "eyelevelai/groundx-typescript"],
    build: ([spec, ts]) => groundx(need(spec), need(ts)),
  },
  cloudflare: {
    repositories: ["cloudflare/cloudflare-typescript", "cloudflare/api-schemas"],
    build: ([ts, schemas], manual) => cloudflare(need(ts), need(schemas), manual()),
  },
  openai: { repositories: ["openai/openai-openapi"], build: ([s]) => openai(need(s)) },
  pinecone: { repositories: ["pinecone-io/pinecone-api"], build: ([s]) => pinecone(need(s)) },
  bedrock: { repositories: ["boto/botocore"], build: ([s]) => bedrock(need(s)) },
  superoffice: {
    repositories: ["SuperOfficeDocs/superoffice-docs"],
    build: ([docs], manual) => superoffice(need(docs), manual()),
  },
};

function need(s: Source | undefined): Source {
  if (s === undefined) throw new Error("missing snapshot argument");
  return s;
}

function readManual(vendor: string): JsonObject {
  const path = join(SPECS_DIR, `${vendor}.manual.json`);
  const v = parseJson(readFileSync(path, "utf8"), path);
  if (typeof v !== "object" || v === null || Array.isArray(v)) throw new Error(`${path}: expected an object`);
  return v;
}

/** The manual part's own provenance entries (facts quoted from pages that are not in any snapshot). */
export function manualProvenance(manual: JsonObject): Provenance[] {
  const list = manual["x-provenance"];
  return Array.isArray(list) ? (list as Provenance[]) : [];
}

async function main(argv: string[]): Promise<void> {
  const flags = argv.filter((a) => a.startsWith("--"));
  const [vendorName = "", ...dirs] = argv.filter((a) => !a.startsWith("--"));
  const vendor = VENDORS[vendorName];
  if (vendor === undefined) throw new Error(`usage: refresh.js <${Object.keys(VENDORS).join("|")}> <snapshot dir>...`);
  if (dirs.length !== vendor.repositories.length)
    throw new Error(`${vendorName} needs snapshots of: ${vendor.repositories.join(", ")}`);
  const sources = vendor.repositories.map((repo, i) => new Source(repo, dirs[i] ?? ""));
  let manual: JsonObject | undefined;
  const fragment = vendor.build(sources, () => (manual ??= readManual(vendorName)));
  const retrieved = flags.find((f) => f.startsWith("--retrieved="))?.slice("--retrieved=".length) ?? RETRIEVED;
  const provenance: Json[] = [...sources.flatMap((s) => s.provenance()), ...(manual ? manualProvenance(manual) : [])];
  const doc: JsonObject = { ...fragment, "x-provenance": provenance, "x-retrieved": retrieved };
  const out = join(SPECS_DIR, `${vendorName}.openapi.json`);
  const text = await formatFragment(doc, out);
  if (flags.includes("--check")) {
    const committed = readFileSync(out, "utf8");
    if (committed !== text) throw new Error(`${out} differs from what the snapshots give; run without --check`);
    console.log(`${out}: up to date`);
  } else {
    writeFileSync(out, text);
    console.log(`wrote ${out}`);
  }
}

main(process.argv.slice(2)).catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
});
