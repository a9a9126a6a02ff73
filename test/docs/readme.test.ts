/**
 * Every code block of the README (and of the examples' READMEs) is checked: TypeScript blocks type-check against
 * the SDK; shell blocks name only npm scripts that exist and config keys and environment variables the provider
 * reads; JSON blocks are records the provider writes; and every message the troubleshooting table quotes is one the
 * provider can actually print.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import ts from "typescript";
import { recordSchema } from "../../provider/lifecycle/record";
import { ASSUMPTIONS } from "../contract/assumptions";

const REPO = resolve(__dirname, "../..");
const README = readFileSync(join(REPO, "README.md"), "utf8");
const EXAMPLE_READMES = readdirSync(join(REPO, "examples")).map((e) =>
  readFileSync(join(REPO, "examples", e, "README.md"), "utf8"),
);
const PROVIDER_SOURCE = ["provider", "provider/lifecycle", "provider/http", "provider/inputs", "provider/vendors"]
  .flatMap((dir) =>
    readdirSync(join(REPO, dir))
      .filter((f) => f.endsWith(".ts"))
      .map((f) => readFileSync(join(REPO, dir, f), "utf8")),
  )
  .join("\n");

function blocks(markdown: string, lang: string): string[] {
  return [...markdown.matchAll(new RegExp("```" + lang + "\\n([\\s\\S]*?)```", "g"))].map((m) => m[1] ?? "");
}

describe("the README's TypeScript blocks", () => {
  const sources = blocks(README, "ts");

  it("exist", () => {
    expect(sources.length).toBeGreaterThanOrEqual(2);
  });

  it("type-check against the SDK, each as its own module", () => {
    const config = ts.readConfigFile(join(REPO, "tsconfig.json"), (p) => ts.sys.readFile(p));
    const options = ts.parseJsonConfigFileContent(config.config, ts.sys, REPO).options;
    const files = new Map(sources.map((src, i) => [join(REPO, `readme-block-${i}.ts`), src]));
    const host = ts.createCompilerHost({ ...options, noEmit: true });
    const read = host.readFile.bind(host);
    host.readFile = (f) => files.get(f) ?? read(f);
    const exists = host.fileExists.bind(host);
    host.fileExists = (f) => files.has(f) || exists(f);
    const program = ts.createProgram([...files.keys()], { ...options, noEmit: true, noUnusedLocals: false }, host);
    const problems = ts
      .getPreEmitDiagnostics(program)
      .filter((d) => d.file && files.has(d.file.fileName))
      .map((d) => `${d.file?.fileName ?? ""}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`);
    expect(problems).toEqual([]);
  });
});

describe("the shell blocks of the README and the examples' READMEs", () => {
  const lines = [README, ...EXAMPLE_READMES].flatMap((md) => blocks(md, "sh")).flatMap((b) => b.split("\n"));
  const scripts = Object.keys(
    (JSON.parse(readFileSync(join(REPO, "package.json"), "utf8")) as { scripts: object }).scripts,
  );
  const configKeys = new Set([...PROVIDER_SOURCE.matchAll(/config: "(\w+)"/g)].map((m) => m[1]));
  const envVars = new Set([...PROVIDER_SOURCE.matchAll(/"([A-Z][A-Z0-9_]+)"/g)].map((m) => m[1]));

  it("run only npm scripts that exist", () => {
    const used = lines.flatMap((l) => [...l.matchAll(/npm run (\w+)/g)].map((m) => m[1]));
    expect(used.length).toBeGreaterThan(0);
    expect(used.filter((s) => !scripts.includes(s ?? ""))).toEqual([]);
  });

  it("set only ragcancel config keys the provider reads", () => {
    const keys = lines.flatMap((l) => [...l.matchAll(/ragcancel:(\w+)/g)].map((m) => m[1]));
    expect(keys.length).toBeGreaterThan(5);
    expect(keys.filter((k) => !configKeys.has(k))).toEqual([]);
  });

  it("name only environment variables the provider reads", () => {
    const vars = lines.flatMap((l) =>
      [...l.matchAll(/export ([A-Z][A-Z0-9_]+)=/g), ...l.matchAll(/or export ([A-Z][A-Z0-9_]+)/g)].map((m) => m[1]),
    );
    expect(vars.length).toBeGreaterThan(0);
    expect(vars.filter((v) => !envVars.has(v))).toEqual([]);
  });
});

describe("the README's JSON blocks", () => {
  it("are records as the provider writes them", () => {
    const records = blocks(README, "json").map((b) => JSON.parse(b) as Record<string, unknown>);
    expect(records.length).toBeGreaterThan(0);
    for (const record of records) {
      // recordSchema replaces a wrong value with a neutral one; a sample that survives unchanged is a real record.
      const parsed = recordSchema.parse(record);
      for (const [key, value] of Object.entries(parsed)) expect([key, record[key]]).toEqual([key, value]);
    }
  });
});

describe("the troubleshooting table", () => {
  const section = README.slice(README.indexOf("## Troubleshooting"));
  const quoted = [...section.matchAll(/^\| (.+?) \|/gm)].flatMap((row) =>
    [...(row[1] ?? "").matchAll(/`([^`]+)`/g)].map((m) => m[1] ?? ""),
  );

  it("quotes only messages the provider prints (or Node's own, for a missing module)", () => {
    expect(quoted.length).toBeGreaterThan(10);
    const missing = quoted
      .filter((q) => !q.startsWith("Cannot find module"))
      // Vendor names and numbers are filled in at run time; the text between them must be in the source as is.
      .flatMap((q) => q.split(/…|DigitalOcean|Cloudflare|GroundX|SuperOffice|\d+/))
      .map((piece) => piece.trim())
      .filter((piece) => piece.length >= 6)
      .filter((piece) => !PROVIDER_SOURCE.includes(piece.replace(/^\(|\)$/g, "")));
    expect(missing).toEqual([]);
  });
});

describe("the README's table of assumptions", () => {
  const LABELS = {
    digitalocean: "DigitalOcean",
    cloudflare: "Cloudflare",
    groundx: "GroundX",
    superoffice: "SuperOffice",
    openai: "OpenAI",
    bedrock: "Amazon Bedrock",
  };
  // Prettier pads table cells: compare with runs of spaces folded.
  const folded = README.replace(/ {2,}/g, " ");

  it("lists every behaviour the conformance suite takes as an assumption, with the emulator's answer", () => {
    const missing = ASSUMPTIONS.filter(
      (a) => !folded.includes(`| ${LABELS[a.vendor]} | ${a.behaviour} | ${a.emulator} |`),
    ).map((a) => `${a.vendor}: ${a.behaviour}`);
    expect(missing).toEqual([]);
  });
});
