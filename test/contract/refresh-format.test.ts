/**
 * refresh.ts formats a fragment with the repository's prettier settings wherever it writes it: outside the repository
 * (`RAGCANCEL_CONTRACT_SPECS`, a temporary folder here) the text is the same as in test/contract/specs. Nothing is
 * fetched or written; only the formatting is exercised.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Options } from "prettier";
import { repoRoot } from "./specs/location";
import type { JsonObject } from "./specs/refresh/json";

const ROOT = repoRoot();
const FORMAT_TS = join(ROOT, "test", "contract", "specs", "refresh", "format.ts");
const OUTSIDE = join(tmpdir(), "ragcancel-elsewhere", "digitalocean.openapi.json");
const INSIDE = join(ROOT, "test", "contract", "specs", "digitalocean.openapi.json");
/** What .prettierrc.json says, so the test follows the settings rather than a number written here. */
const SETTINGS = JSON.parse(readFileSync(join(ROOT, ".prettierrc.json"), "utf8")) as { printWidth?: number };
const WIDTH = SETTINGS.printWidth ?? 80;

interface Formatted {
  options: Options;
  outside: string;
  inside: string;
}

/**
 * Runs refresh/format.ts in a plain node process, transpiling TypeScript as it loads: prettier 3 loads its core by a
 * dynamic import, which jest's module sandbox refuses without --experimental-vm-modules.
 */
function formatInNode(doc: JsonObject): Formatted {
  const script = `
    const ts = require("typescript");
    const fs = require("node:fs");
    require.extensions[".ts"] = (m, file) =>
      m._compile(ts.transpileModule(fs.readFileSync(file, "utf8"), { fileName: file, compilerOptions: {
        module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true } }).outputText, file);
    const [formatTs, outside, inside, doc] = JSON.parse(process.argv[1]);
    const f = require(formatTs);
    (async () => ({
      options: await f.fragmentFormatOptions(outside),
      outside: await f.formatFragment(doc, outside),
      inside: await f.formatFragment(doc, inside),
    }))().then((r) => process.stdout.write(JSON.stringify(r)), (e) => { console.error(e); process.exitCode = 1; });
  `;
  const args = JSON.stringify([FORMAT_TS, OUTSIDE, INSIDE, doc]);
  return JSON.parse(execFileSync(process.execPath, ["-e", script, args], { cwd: ROOT, encoding: "utf8" })) as Formatted;
}

/** An array whose one-line form is wider than prettier's default (80) but within the repository's width. */
function wideArray(): string[] {
  const items: string[] = [];
  // The line is `  "enum": [...],` with a space after each comma: 12 characters more than the array plus one per item.
  const line = (xs: string[]) => JSON.stringify(xs).length + xs.length + 12;
  while (line([...items, `item-${items.length}`]) <= WIDTH) items.push(`item-${items.length}`);
  return items;
}

const formatted = formatInNode({ enum: wideArray(), b: { a: 1 } });

it("the repository's prettier settings apply to a fragment written outside the repository", () => {
  expect(WIDTH).toBeGreaterThan(80);
  expect(formatted.options).toMatchObject(SETTINGS);
});

it("a fragment's text is the same wherever it is written, its lines as wide as the repository allows", () => {
  expect(formatted.outside).toBe(formatted.inside);
  const longest = Math.max(...formatted.outside.split("\n").map((l) => l.length));
  expect(longest).toBeGreaterThan(80);
  expect(longest).toBeLessThanOrEqual(WIDTH);
  // Keys sorted, as the fragments are.
  expect(formatted.outside.indexOf('"b"')).toBeLessThan(formatted.outside.indexOf('"enum"'));
});
