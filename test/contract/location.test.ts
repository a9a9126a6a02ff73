/**
 * The rule of specs/location.ts, on temporary folders laid out like a clone and the steering repository's shared/:
 * where a shared folder exists, a vendor without its fragment (or a missing metaschema) is a failure naming the vendor
 * and the folder; only a machine without any shared folder may skip, and the message says so.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DRIVERS } from "../engine/vendors";
import {
  findFragment,
  findMetaschema,
  findStateSchemas,
  sharedLayout,
  STATE_SCHEMAS,
  type SharedFile,
} from "./specs/location";

const VENDORS = DRIVERS.map((d) => d.vendor);
let top: string;
let root: string;

beforeEach(() => {
  top = mkdtempSync(join(tmpdir(), "ragcancel-location-"));
  root = join(top, "clone");
  mkdirSync(join(root, "test", "contract", "specs"), { recursive: true });
});
afterEach(() => {
  rmSync(top, { recursive: true, force: true });
});

/** Writes an (empty) fragment for each vendor into `dir`. */
function fragments(dir: string, vendors: readonly string[]): void {
  mkdirSync(dir, { recursive: true });
  for (const v of vendors) writeFileSync(join(dir, `${v}.openapi.json`), "{}");
}

function statuses(found: Record<string, SharedFile>): Record<string, string> {
  return Object.fromEntries(Object.entries(found).map(([v, f]) => [v, f.status]));
}

function lookAll(env: NodeJS.ProcessEnv = {}): Record<string, SharedFile> {
  const layout = sharedLayout(root, env);
  return Object.fromEntries(VENDORS.map((v) => [v, findFragment(v, layout)]));
}

describe("a shared folder beside the clone", () => {
  it("lacking one vendor's fragment: that vendor fails, naming itself and the folder looked in", () => {
    const specs = join(top, "shared", "contract-specs");
    fragments(
      specs,
      VENDORS.filter((v) => v !== "pinecone"),
    );
    // A local copy must not stand in for the shared one: CI would then pass on a fragment it was never given.
    fragments(join(root, "test", "contract", "specs"), ["pinecone"]);

    const found = lookAll();
    expect(statuses(found)).toEqual(
      Object.fromEntries(VENDORS.map((v) => [v, v === "pinecone" ? "missing" : "found"])),
    );
    const pinecone = found.pinecone;
    expect(pinecone?.status === "missing" ? pinecone.message : "").toContain("pinecone: no pinecone.openapi.json in");
    expect(pinecone?.status === "missing" ? pinecone.message : "").toContain(specs);
  });

  it("holding every vendor's fragment: all are found there", () => {
    const specs = join(top, "shared", "contract-specs");
    fragments(specs, VENDORS);
    const found = lookAll();
    expect(Object.values(found).map((f) => (f.status === "found" ? f.file : f.message))).toEqual(
      VENDORS.map((v) => join(specs, `${v}.openapi.json`)),
    );
  });

  it("without contract-specs inside it: every vendor fails, saying the folder does not exist", () => {
    mkdirSync(join(top, "shared"));
    for (const f of Object.values(lookAll())) {
      expect(f.status).toBe("missing");
      expect(f.status === "missing" ? f.message : "").toContain(
        `${join(top, "shared", "contract-specs")} (which does not exist)`,
      );
    }
  });

  it("without the metaschema: a failure naming the file", () => {
    fragments(join(top, "shared", "contract-specs"), VENDORS);
    const m = findMetaschema(sharedLayout(root, {}));
    expect(m.status).toBe("missing");
    expect(m.status === "missing" ? m.message : "").toContain(join(top, "shared", "pulumi-metaschema", "pulumi.json"));
  });

  it("with the metaschema: found", () => {
    mkdirSync(join(top, "shared", "pulumi-metaschema"), { recursive: true });
    writeFileSync(join(top, "shared", "pulumi-metaschema", "pulumi.json"), "{}");
    expect(findMetaschema(sharedLayout(root, {}))).toEqual({
      status: "found",
      file: join(top, "shared", "pulumi-metaschema", "pulumi.json"),
    });
  });
});

describe("Pulumi's state schemas (what `pulumi stack export` prints)", () => {
  const dir = () => join(top, "shared", "pulumi-metaschema");

  it("a shared folder without one of them: a failure naming the files missing", () => {
    mkdirSync(dir(), { recursive: true });
    writeFileSync(join(dir(), "deployments.json"), "{}");
    const found = findStateSchemas(sharedLayout(root, {}));
    expect(found.status).toBe("missing");
    expect(found.status === "missing" ? found.message : "").toContain(
      `no resources.json, property-values.json in ${dir()}`,
    );
  });

  it("all three: found, naming their folder", () => {
    mkdirSync(dir(), { recursive: true });
    for (const f of STATE_SCHEMAS) writeFileSync(join(dir(), f), "{}");
    expect(findStateSchemas(sharedLayout(root, {}))).toEqual({ status: "found", file: dir() });
  });

  it("no shared folder: skipped, saying so", () => {
    rmSync(join(top, "shared"), { recursive: true, force: true });
    const found = findStateSchemas(sharedLayout(root, {}));
    expect(found.status === "unavailable" ? found.message : "").toMatch(
      /^Pulumi's state schemas: SKIPPED, no shared folder/,
    );
  });
});

describe("RAGCANCEL_CONTRACT_SPECS", () => {
  it("replaces the folder beside the clone, and a vendor missing from it fails naming that folder", () => {
    const elsewhere = join(top, "elsewhere", "contract-specs");
    fragments(
      elsewhere,
      VENDORS.filter((v) => v !== "superoffice"),
    );
    fragments(join(top, "shared", "contract-specs"), VENDORS);
    const found = lookAll({ RAGCANCEL_CONTRACT_SPECS: elsewhere });
    expect(found.superoffice?.status).toBe("missing");
    expect(found.superoffice?.status === "missing" ? found.superoffice.message : "").toContain(
      `superoffice: no superoffice.openapi.json in ${elsewhere};`,
    );
    expect(found.digitalocean).toEqual({ status: "found", file: join(elsewhere, "digitalocean.openapi.json") });
  });

  it("naming a folder that does not exist fails rather than skips (a typo must not empty the suite)", () => {
    const found = lookAll({ RAGCANCEL_CONTRACT_SPECS: join(top, "no-such-folder") });
    expect(new Set(Object.values(found).map((f) => f.status))).toEqual(new Set(["missing"]));
  });

  it("places the metaschema beside the folder it names, as shared/contract-specs/README.md does", () => {
    const layout = sharedLayout(root, { RAGCANCEL_CONTRACT_SPECS: join(top, "s", "contract-specs") });
    expect(layout.metaschema).toBe(join(top, "s", "pulumi-metaschema", "pulumi.json"));
    expect(findMetaschema(layout).status).toBe("missing");
  });
});

describe("no shared folder at all (a contributor's machine)", () => {
  it("skips each vendor without a local fragment, saying there is no shared folder", () => {
    fragments(join(root, "test", "contract", "specs"), ["openai"]);
    const found = lookAll();
    expect(statuses(found)).toEqual(
      Object.fromEntries(VENDORS.map((v) => [v, v === "openai" ? "found" : "unavailable"])),
    );
    const bedrock = found.bedrock;
    expect(bedrock?.status === "unavailable" ? bedrock.message : "").toMatch(/^bedrock: SKIPPED, no shared folder/);
    expect(bedrock?.status === "unavailable" ? bedrock.message : "").toContain(join(top, "shared"));
  });

  it("skips the metaschema test, saying so", () => {
    const m = findMetaschema(sharedLayout(root, {}));
    expect(m.status).toBe("unavailable");
    expect(m.status === "unavailable" ? m.message : "").toMatch(/SKIPPED, no shared folder/);
  });
});
