/**
 * `ragcancel audit`'s formats: each one's content, the escaping each needs (terminal escapes, CSV formulas, Markdown
 * pipes and links, HTML), and the HTML page's table read back and compared with the CSV.
 */
import { auditRows, render } from "../../audit/audit";
import { COLUMNS } from "../../audit/row";
import {
  dynamicResource,
  encrypted,
  exportOf,
  historyOf,
  job,
  pluginResource,
  record,
  record01,
  update,
} from "./support/audit-stacks";

const exported = exportOf([
  dynamicResource(
    "digitalocean",
    "stop-kb",
    record("digitalocean", [job("3e1c0840-33d1-4531-bc73-438a38cea67f"), job("9a1b")]),
    {
      created: "2026-11-23T03:03:20.9Z",
    },
  ),
  pluginResource(
    "superoffice",
    "stop-copilot",
    record("superoffice", [job("run-1", { found: false, replacedBy: "run-2" })], {
      outcome: "unconfirmed",
      reason: encrypted(),
    }),
    {
      created: "2026-11-23T03:03:21.2Z",
    },
  ),
  pluginResource(
    "cloudflare",
    "stop-docs",
    record("cloudflare", [job("cf-1")], {
      reason: '=HYPERLINK("http://evil")|**bold** [x](http://evil) <img src=x onerror=alert(1)> "quoted", comma',
      requestedAt: "2026-11-25T08:00:00Z",
    }),
    {
      created: "2026-11-25T08:00:00.5Z",
    },
  ),
  dynamicResource(
    "groundx",
    "old-01",
    record01("groundx", "3fa85f64-5717-4562-b3fc-2c963f66afa6", {
      reason: "-1+1",
      requestedAt: "2026-10-01T00:00:00Z",
    }),
    {
      created: "2026-10-01T00:00:01Z",
    },
  ),
]);
const history = historyOf([
  update(1, "2026-10-01T00:00:00.000Z", "2026-10-01T00:00:02.000Z", {
    message: "first",
    environment: { "git.author": "Ann" },
  }),
  update(2, "2026-11-23T03:03:00.000Z", "2026-11-23T03:03:21.000Z", {
    message: "CHG-1234 | swap",
    environment: { "ci.system": "Jenkins", "ci.build.number": "77" },
  }),
]);
const rows = auditRows([
  { exported: { name: "prod.json", text: exported }, history: { name: "hist.json", text: history } },
]);

/** A minimal RFC 4180 reader: enough to read back what the CSV writer wrote. */
function readCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted && c === '"' && text[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (c === '"') {
      quoted = !quoted;
    } else if (!quoted && c === ",") {
      row.push(cell);
      cell = "";
    } else if (!quoted && c === "\r" && text[i + 1] === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
      i++;
    } else {
      cell += c;
    }
  }
  return rows;
}

/** The HTML page's table, cells un-escaped: the page read back by a small parser over its rows. */
function readHtmlTable(html: string): string[][] {
  const table = /<table>([\s\S]*)<\/table>/.exec(html)?.[1] ?? "";
  const unescape = (s: string) =>
    s
      .replace(/&lt;/g, "<")
      .replace(/&gt;/g, ">")
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&amp;/g, "&");
  return [...table.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((tr) =>
    [...tr[1]!.matchAll(/<t[hd]>([\s\S]*?)<\/t[hd]>/g)].map((td) => unescape(td[1]!)),
  );
}

describe("formats", () => {
  it("table: a header, one aligned line per cancellation, long cells cut, no escape sequence", () => {
    const text = render(rows, "table", ["prod.json"]);
    const lines = text.split("\n");
    expect(lines[0]).toMatch(
      /^STACK\s+RESOURCE\s+DOOR\s+VENDOR\s+JOBS\s+PHASE\s+OUTCOME\s+REQUESTED\s+CONFIRMED\s+FLAGS\s+REASON\s+UPDATE\s+MESSAGE\s+BY$/,
    );
    expect(lines.slice(1, 5).map((l) => l.split(/\s{2,}/).slice(0, 4))).toEqual([
      ["rag/prod", "stop-kb", "dynamic", "digitalocean"],
      ["rag/prod", "stop-copilot", "plugin", "superoffice"],
      ["rag/prod", "stop-docs", "plugin", "cloudflare"],
      ["rag/prod", "old-01", "dynamic", "groundx"],
    ]);
    expect(lines[2]).toContain("[secret]");
    expect(lines[2]).toContain("found:false: run-1; replacedBy: run…");
    expect(lines[2]).toContain("Jenkins #77");
    expect(lines[4]).toContain("0.1 record");
    expect(text).toContain("4 cancellations");
    expect(text).toMatch(/3e1c0840-33d1-4531-bc73-438a38cea67…/);
    // eslint-disable-next-line no-control-regex
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
  });

  it("table: without a history the update columns are left out", () => {
    const bare = auditRows([{ exported: { name: "prod.json", text: exported } }]);
    expect(render(bare, "table", []).split("\n")[0]).toMatch(/REASON$/);
    expect(render([], "table", [])).toBe("no cancellations found\n");
  });

  it("csv: every column, full cells, formulas defused, quotes doubled", () => {
    const csv = readCsv(render(rows, "csv", []));
    expect(csv[0]).toEqual(COLUMNS.map((c) => c.header));
    expect(csv.slice(1).map((r) => [r[1], r[4], r[5], r[6]])).toEqual([
      ["stop-kb", "3e1c0840-33d1-4531-bc73-438a38cea67f 9a1b", "running → cancelled", "cancelled"],
      ["stop-copilot", "run-1", "running → cancelled", "unconfirmed"],
      ["stop-docs", "cf-1", "running → cancelled", "cancelled"],
      ["old-01", "3fa85f64-5717-4562-b3fc-2c963f66afa6", "running → cancelled", "cancelled"],
    ]);
    const reasons = csv.slice(1).map((r) => r[10]);
    expect(reasons[2]).toBe(
      `'=HYPERLINK("http://evil")|**bold** [x](http://evil) <img src=x onerror=alert(1)> "quoted", comma`,
    );
    expect(reasons[3]).toBe("'-1+1");
    expect(csv.slice(1).map((r) => [r[11], r[12], r[13]])).toEqual([
      ["#2 update 2026-11-23T03:03:00.000Z", "CHG-1234 | swap", "Jenkins #77"],
      ["#2 update 2026-11-23T03:03:00.000Z", "CHG-1234 | swap", "Jenkins #77"],
      ["", "", ""],
      ["#1 update 2026-10-01T00:00:00.000Z", "first", "Ann"],
    ]);
  });

  it("json: the rows as data", () => {
    const parsed = JSON.parse(render(rows, "json", []));
    expect(parsed).toHaveLength(4);
    expect(parsed[1]).toMatchObject({
      resource: "stop-copilot",
      door: "plugin",
      vendor: "superoffice",
      reason: "[secret]",
      flags: { notFound: ["run-1"], replacedBy: [{ job: "run-1", by: "run-2" }], cancelUnclear: [], v01: false },
      update: { version: 2, message: "CHG-1234 | swap", by: "Jenkins #77" },
    });
  });

  it("md: a table whose cells cannot break out (pipes, links, HTML, emphasis)", () => {
    const md = render(rows, "md", []);
    const lines = md.trimEnd().split("\n");
    expect(lines).toHaveLength(2 + rows.length);
    // Every line has exactly the columns' cells: an unescaped | in a cell would add one.
    for (const l of lines) expect(l.split(/(?<!\\)\|/).length - 2).toBe(COLUMNS.length);
    expect(md).toContain("CHG-1234 \\| swap");
    expect(md).toContain("\\*\\*bold\\*\\* \\[x\\](http://evil) &lt;img src=x onerror=alert(1)&gt;");
  });

  it("html: one self-contained page; its table says what the CSV says", () => {
    const html = render(rows, "html", ["prod.json"]);
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).not.toMatch(/<script|<link|src="http|href="http|url\(/i);
    expect(html).toContain("default-src 'none'");
    expect(html).not.toContain("<img");
    const table = readHtmlTable(html);
    const csv = readCsv(render(rows, "csv", [])).map((r) => r.map((c) => c.replace(/^'(?=[=+\-@])/, "")));
    expect(table).toEqual(csv);
  });

  it("html: the timeline has a lane per vendor and a dot per cancellation at its time, coloured by outcome", () => {
    const svg = /<svg[\s\S]*<\/svg>/.exec(render(rows, "html", []))![0];
    const lanes = [...svg.matchAll(/<text x="\d+" y="(\d+)" text-anchor="end">([a-z]+)<\/text>/g)].map((m) => m[2]);
    expect(lanes).toEqual(["superoffice", "digitalocean", "cloudflare", "groundx"]);
    const dots = [...svg.matchAll(/<circle cx="([\d.]+)" cy="\d+" r="6" fill="(#[0-9a-f]+)"><title>([^<]*)<\/title>/g)];
    expect(dots.map((d) => d[3]!.split(":")[0])).toEqual([
      "rag/prod stop-kb",
      "rag/prod stop-copilot",
      "rag/prod stop-docs",
      "rag/prod old-01",
    ]);
    const x = Object.fromEntries(dots.map((d) => [d[3]!.split(" ")[1]!.replace(":", ""), Number(d[1])]));
    expect(x["old-01"]).toBeLessThan(x["stop-kb"]!);
    expect(x["stop-kb"]).toBeLessThan(x["stop-docs"]!);
    expect(dots[1]![2]).toBe("#c62828"); // unconfirmed
    expect(dots[0]![2]).toBe("#2e7d32"); // cancelled
  });
});
