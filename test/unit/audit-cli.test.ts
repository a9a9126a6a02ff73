/**
 * `ragcancel audit` as a command: files and standard input, `--history` after its export, the filters checked and
 * applied, `--output`, and errors as one line with a non-zero exit code.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type CliIo, main } from "../../audit/cli";
import { dynamicResource, exportOf, historyOf, job, pluginResource, record, update } from "./support/audit-stacks";

const dir = mkdtempSync(join(tmpdir(), "ragcancel-audit-cli-"));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

const prod = file(
  "prod.json",
  exportOf([
    dynamicResource(
      "digitalocean",
      "stop-kb",
      record("digitalocean", [job("j-1")], { requestedAt: "2026-11-23T03:03:20Z" }),
    ),
    pluginResource(
      "bedrock",
      "stop-ingest",
      record("bedrock", [job("ING1")], { requestedAt: "2026-11-30T10:00:00Z", outcome: "cancel-requested" }),
    ),
  ]),
);
const staging = file(
  "staging.json",
  exportOf(
    [
      pluginResource(
        "pinecone",
        "stop-import",
        record("pinecone", [job("101")], { requestedAt: "2026-12-02T00:00:00Z" }),
        { stack: "staging" },
      ),
    ],
    { stack: "staging" },
  ),
);
const prodHistory = file(
  "prod-history.json",
  historyOf([
    update(1, "2026-11-23T03:03:00.000Z", "2026-11-23T03:03:21.000Z", {
      message: "CHG-1",
      environment: { "git.author": "Ann" },
    }),
  ]),
);

function run(
  argv: string[],
  stdin?: string,
): { code: number; out: string; err: string; written: Record<string, string> } {
  let out = "";
  let err = "";
  const written: Record<string, string> = {};
  const io: CliIo = {
    stdout: (t) => (out += t),
    stderr: (t) => (err += t),
    readStdin: () => {
      if (stdin === undefined) throw new Error("stdin read");
      return stdin;
    },
    stdinIsTTY: stdin === undefined,
    writeFile: (f, t) => (written[f] = t),
  };
  return { code: main(argv, io), out, err, written };
}

const resourcesIn = (csv: string) =>
  csv
    .trim()
    .split("\r\n")
    .slice(1)
    .map((l) => l.split(",")[1]);

describe("ragcancel audit", () => {
  it("reads several exports, each with its own history", () => {
    const r = run(["audit", prod, "--history", prodHistory, staging, "--format", "csv"]);
    expect(r).toMatchObject({ code: 0, err: "" });
    const lines = r.out.trim().split("\r\n");
    expect(lines.slice(1).map((l) => l.split(",").slice(0, 2))).toEqual([
      ["rag/prod", "stop-kb"],
      ["rag/prod", "stop-ingest"],
      ["rag/staging", "stop-import"],
    ]);
    expect(lines[1]).toContain("CHG-1,Ann");
    expect(lines[3]).toMatch(/,,,$/); // no history given for staging: no update, message or author
  });

  it("reads standard input when no file is given, or for -", () => {
    const text = readFileSync(staging, "utf8");
    expect(resourcesIn(run(["audit", "--format=csv"], text).out)).toEqual(["stop-import"]);
    expect(resourcesIn(run(["audit", "-", prod, "--format=csv"], text).out)).toEqual([
      "stop-import",
      "stop-kb",
      "stop-ingest",
    ]);
  });

  it.each([
    [
      ["--vendor", "bedrock,pinecone"],
      ["stop-ingest", "stop-import"],
    ],
    [
      ["--vendor", "digitalocean", "--vendor", "pinecone"],
      ["stop-kb", "stop-import"],
    ],
    [["--outcome", "cancel-requested"], ["stop-ingest"]],
    [
      ["--since", "2026-11-30"],
      ["stop-ingest", "stop-import"],
    ],
    [
      ["--until", "2026-11-30"],
      ["stop-kb", "stop-ingest"],
    ],
    [["--since", "2026-11-23T03:03:20Z", "--until", "2026-11-23T03:03:21Z"], ["stop-kb"]],
  ])("filters %j", (filters, expected) => {
    expect(resourcesIn(run(["audit", prod, staging, "--format", "csv", ...filters]).out)).toEqual(expected);
  });

  it("writes --output instead of standard output", () => {
    const r = run(["audit", prod, "--format", "html", "--output", "audit.html"]);
    expect(r.out).toBe("");
    expect(r.written["audit.html"]).toMatch(/^<!DOCTYPE html>[\s\S]*stop-ingest/);
  });

  it.each([
    [
      ["audit", "--since", "yesterday", prod],
      2,
      /^ragcancel audit: --since: expected an ISO 8601 date or date-time with a zone \(2026-11-23 or 2026-11-23T03:00:00Z\), got "yesterday"\n$/,
    ],
    [["audit", "--until", "2026-11-23T03:00", prod], 2, /^ragcancel audit: --until: expected an ISO 8601 date/],
    [["audit", "--since", "2026-12-01", "--until", "2026-11-01", prod], 2, /--since: must be before --until/],
    [
      ["audit", "--vendor", "aws", prod],
      2,
      /^ragcancel audit: --vendor: expected one or more of superoffice, digitalocean, .+, got "aws"\n$/,
    ],
    [
      ["audit", "--outcome", "done", prod],
      2,
      /^ragcancel audit: --outcome: expected one or more of cancelled, .+unknown \(comma-separated\), got "done"\n$/,
    ],
    [
      ["audit", "--format", "xml", prod],
      2,
      /^ragcancel audit: --format: expected one of table, csv, json, md, html, got "xml"/,
    ],
    [
      ["audit", "--colour", prod],
      2,
      /^ragcancel audit: Unknown option '--colour' \(ragcancel audit --help lists the options\)\n$/,
    ],
    [["audit", "--history", prodHistory, prod], 2, /--history: name the stack's export file before its history/],
    [["audit"], 2, /^ragcancel audit: no export given/],
    [["audit", join(dir, "missing.json")], 1, /^ragcancel audit: .+missing\.json: cannot read it \(ENOENT\)\n$/],
    [
      ["audit", prodHistory],
      1,
      /^ragcancel audit: .+prod-history\.json: is the output of `pulumi stack history --json`, not an export/,
    ],
    [["audit", prod, "--history", prod], 1, /^ragcancel audit: .+prod\.json: is a stack export, not a history/],
    [["frobnicate"], 2, /^ragcancel: unknown command "frobnicate"; the command is `ragcancel audit`/],
  ])("%j fails with exit code %d and one line", (argv, code, message) => {
    const r = run(argv);
    expect(r.code).toBe(code);
    expect(r.out).toBe("");
    expect(r.err).toMatch(message);
    expect(r.err).not.toMatch(/\n\s+at /);
  });

  it("prints its usage for --help", () => {
    expect(run(["audit", "--help"])).toMatchObject({ code: 0, out: expect.stringContaining("Usage: ragcancel audit") });
  });
});
