/**
 * `ragcancel audit` reading exports and histories: both doors, several vendors, every record version, the flags,
 * secrets, the join with the history, and every kind of bad file.
 */
import { auditRows } from "../../audit/audit";
import { AuditInputError } from "../../audit/parse/read-json";
import { flagsText } from "../../audit/row";
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

const input = (name: string, text: string) => ({ name, text });
const rowsOf = (text: string, history?: string) =>
  auditRows([{ exported: input("prod.json", text), ...(history ? { history: input("hist.json", history) } : {}) }]);

describe("reading an export", () => {
  it("finds every cancellation of both doors and several vendors, and nothing else", () => {
    const text = exportOf([
      dynamicResource("digitalocean", "stop-kb", record("digitalocean", [job("3e1c0840-33d1-4531-bc73-438a38cea67f")])),
      pluginResource("cloudflare", "stop-docs", record("cloudflare", [job("job-1")], { reason: "CHG-9" })),
      dynamicResource("openai", "stop-batch", record("openai", [job("vsfb_1")])),
      pluginResource("bedrock", "stop-ingest", record("bedrock", [job("ING1"), job("ING2")])),
      {
        urn: "urn:pulumi:prod::rag::aws:s3/bucket:Bucket::docs",
        custom: true,
        type: "aws:s3/bucket:Bucket",
        outputs: { vendor: "x" },
      },
    ]);
    const rows = rowsOf(text);
    expect(rows.map((r) => [r.stack, r.resource, r.door, r.vendor, r.jobs])).toEqual([
      ["rag/prod", "stop-kb", "dynamic", "digitalocean", ["3e1c0840-33d1-4531-bc73-438a38cea67f"]],
      ["rag/prod", "stop-docs", "plugin", "cloudflare", ["job-1"]],
      ["rag/prod", "stop-batch", "dynamic", "openai", ["vsfb_1"]],
      ["rag/prod", "stop-ingest", "plugin", "bedrock", ["ING1", "ING2"]],
    ]);
    expect(rows[1]).toMatchObject({
      phaseBefore: "running",
      phase: "cancelled",
      outcome: "cancelled",
      requestedAt: "2026-11-23T03:03:20.452Z",
      confirmedAt: "2026-11-23T03:03:20.711Z",
      reason: "CHG-9",
      update: null,
    });
  });

  it("recognises Pulumi's own dynamic.Resource token when its __provider is this package's", () => {
    const r = dynamicResource("groundx", "gx", record("groundx", [job("p-1")]));
    const generic = {
      ...r,
      type: "pulumi-nodejs:dynamic:Resource",
      urn: r.urn.replace(r.type, "pulumi-nodejs:dynamic:Resource"),
    };
    const other = { ...generic, urn: `${generic.urn}-other`, outputs: { __provider: "exports.handler = () => ({})" } };
    expect(rowsOf(exportOf([generic, other])).map((x) => [x.resource, x.vendor])).toEqual([["gx", "groundx"]]);
  });

  it("reads a 0.1 record (no cancelUnclear, no replacedBy) and says it is one", () => {
    const [row] = rowsOf(exportOf([dynamicResource("superoffice", "old", record01("superoffice", "run-7"))]));
    expect(row).toMatchObject({ outcome: "cancelled", jobs: ["run-7"] });
    expect(row!.flags).toEqual({ cancelUnclear: [], notFound: [], replacedBy: [], v01: true });
  });

  it("flags a lost cancel answer, a forgotten job, jobs a bounded record left out and a replaced run", () => {
    const rows = rowsOf(
      exportOf([
        pluginResource(
          "groundx",
          "unclear",
          record("groundx", [job("p-1", { cancelUnclear: true, phase: "running" })], { outcome: "cancel-requested" }),
        ),
        dynamicResource(
          "digitalocean",
          "forgotten",
          record("digitalocean", [job("j-1", { found: false })], { found: false }),
        ),
        pluginResource("digitalocean", "bounded", record("digitalocean", [job("k-1")], { jobsOmitted: 1900 })),
        dynamicResource(
          "superoffice",
          "replaced",
          record("superoffice", [job("run-1", { found: false, replacedBy: "run-2", phase: "cancelling" })], {
            outcome: "unconfirmed",
          }),
        ),
      ]),
    );
    expect(rows.map((r) => [r.outcome, r.flags])).toEqual([
      ["cancel-requested", { cancelUnclear: ["p-1"], notFound: [], replacedBy: [], v01: false }],
      ["cancelled", { cancelUnclear: [], notFound: ["j-1"], replacedBy: [], v01: false }],
      ["cancelled", { cancelUnclear: [], notFound: [], replacedBy: [], v01: false, omitted: 1900 }],
      [
        "unconfirmed",
        { cancelUnclear: [], notFound: ["run-1"], replacedBy: [{ job: "run-1", by: "run-2" }], v01: false },
      ],
    ]);
    expect(flagsText(rows[2]!.flags)).toBe("jobsOmitted: 1900 more jobs not listed");
  });

  it("never shows a secret: an encrypted reason, plaintext from --show-secrets, secret jobs", () => {
    const rows = rowsOf(
      exportOf([
        pluginResource("pinecone", "enc", record("pinecone", [job("101")], { reason: encrypted() })),
        pluginResource(
          "pinecone",
          "shown",
          record("pinecone", [job("102")], {
            reason: { ...encrypted(), ciphertext: undefined, plaintext: '"CHG-SECRET"' },
          }),
        ),
        pluginResource(
          "pinecone",
          "jobs",
          record("pinecone", [job("103")], { jobs: encrypted(), jobIds: encrypted() }),
        ),
      ]),
    );
    expect(rows.map((r) => [r.reason, r.jobs])).toEqual([
      ["[secret]", ["101"]],
      ["[secret]", ["102"]],
      ["CHG-1234: swap embedding model", ["[secret]"]],
    ]);
    expect(JSON.stringify(rows)).not.toMatch(/CHG-SECRET|c2VjcmV0/);
  });

  it("cleans and bounds hostile text from the state", () => {
    const reason = `\u001b[2J\u001b]0;pwned\u0007ok\u202ehidden ${"x".repeat(1000)}`;
    const [row] = rowsOf(
      exportOf([pluginResource("openai", "evil\u001b[31m", record("openai", [job("vsfb_\u0007x")], { reason }))]),
    );
    expect(row!.resource).toBe("evil");
    expect(row!.jobs).toEqual(["vsfb_x"]);
    expect(row!.reason!.startsWith("okhidden xxx")).toBe(true);
    expect(row!.reason!.length).toBeLessThanOrEqual(300);
    expect(JSON.stringify(row)).not.toMatch(/\\u001b|\\u0007|\u202e/);
  });
});

describe("joining the history", () => {
  const exported = exportOf([
    dynamicResource("digitalocean", "first", record("digitalocean", [job("j-1")]), {
      created: "2026-11-23T03:03:20.800123Z",
    }),
    pluginResource("cloudflare", "later", record("cloudflare", [job("c-1")]), { created: "2026-11-24T10:00:05.250Z" }),
    pluginResource("groundx", "unknown-time", record("groundx", [job("g-1")], { requestedAt: null }), {
      created: "2026-12-01T00:00:00Z",
    }),
  ]);
  const history = historyOf([
    update(1, "2026-11-23T03:03:10.000Z", "2026-11-23T03:03:20.000Z", {
      message: "CHG-1234: swap embedding model",
      environment: { "git.author": "Dana Ops", "git.author.email": "dana@example.com", "exec.kind": "cli" },
    }),
    update(2, "2026-11-24T09:00:00.000Z", "2026-11-24T09:00:30.000Z", { kind: "refresh" }),
    update(3, "2026-11-24T10:00:00.000Z", "2026-11-24T10:00:07.000Z", {
      message: "nightly",
      environment: { "ci.system": "GitHub Actions", "ci.build.id": "8812", "git.author": "Bot\u001b[0m" },
    }),
  ]);

  it("names the update that created each cancellation: kind, time, message, who (a person or a pipeline)", () => {
    const rows = rowsOf(exported, history);
    // The first resource entered the state 0.8 s after the update's end, which the CLI keeps in whole seconds.
    expect(rows.map((r) => r.update)).toEqual([
      {
        version: 1,
        kind: "update",
        startTime: "2026-11-23T03:03:10.000Z",
        endTime: "2026-11-23T03:03:20.000Z",
        result: "succeeded",
        message: "CHG-1234: swap embedding model",
        by: "Dana Ops <dana@example.com>",
      },
      expect.objectContaining({ version: 3, message: "nightly", by: "Bot via GitHub Actions #8812" }),
      null,
    ]);
  });

  it("picks the update that created something when two share the resource's second (the CLI keeps whole seconds)", () => {
    const created = { created: "2026-12-05T10:00:09.400Z" };
    const one = exportOf([pluginResource("openai", "x", record("openai", [job("vsfb_1")]), created)]);
    const updates = [
      update(1, "2026-12-05T10:00:01.000Z", "2026-12-05T10:00:09.000Z", { message: "the create" }),
      update(2, "2026-12-05T10:00:09.000Z", "2026-12-05T10:00:12.000Z", {
        message: "again",
        resourceChanges: { same: 1 },
      }),
    ];
    expect(rowsOf(one, historyOf(updates))[0]!.update?.message).toBe("the create");
  });

  it("reads the service's UpdateInfo form too (Unix seconds, wrapped in updates)", () => {
    const api = JSON.stringify({
      updates: [
        {
          version: 4,
          kind: "update",
          startTime: Date.parse("2026-12-01T00:00:00Z") / 1000 - 5,
          endTime: Date.parse("2026-12-01T00:00:00Z") / 1000,
          message: "api",
          environment: null,
          result: "succeeded",
        },
      ],
    });
    expect(rowsOf(exported, api).map((r) => r.update?.version ?? null)).toEqual([null, null, 4]);
  });
});

describe("bad input: one line naming the file and what was expected", () => {
  const fails = (text: string, history?: string) => {
    try {
      rowsOf(text, history);
    } catch (e) {
      expect(e).toBeInstanceOf(AuditInputError);
      return (e as Error).message;
    }
    throw new Error("no error");
  };

  it.each([
    [
      "a truncated export",
      exportOf([]).slice(0, 150),
      /^prod\.json: the JSON ends early \(a truncated file\?\); expected the output of `pulumi stack export`/,
    ],
    [
      "an export cut inside a string",
      '{"version": 3, "deploy\n',
      /^prod\.json: the JSON ends early \(a truncated file\?\)/,
    ],
    ["an empty file", "", /^prod\.json: is empty; expected the output of `pulumi stack export`/],
    ["not JSON", "version: 3\n", /^prod\.json: is not JSON \(.+\); expected the output of `pulumi stack export`/],
    [
      "another JSON document",
      '{"name": "pulumi-rag-cancel"}',
      /^prod\.json: is not a stack export \(no "version" and "deployment" at the top\)/,
    ],
    [
      "a newer deployment version",
      exportOf([], {}, 5),
      /^prod\.json: deployment version 5 is newer than this audit reads \(3 or 4\)/,
    ],
    [
      "an older deployment version",
      exportOf([], {}, 2),
      /^prod\.json: deployment version 2 predates the one this audit reads/,
    ],
    [
      "a history given as the export",
      historyOf([update(1, "2026-11-23T03:03:10.000Z", "2026-11-23T03:03:20.000Z")]),
      /^prod\.json: is the output of `pulumi stack history --json`, not an export/,
    ],
    [
      "a resource without a type",
      exportOf([{ urn: "urn:pulumi:prod::rag::x::y" }]),
      /^prod\.json: deployment\.resources\[2\]\.type: .+; expected the output of `pulumi stack export`/,
    ],
  ])("%s", (_what, text, message) => {
    const m = fails(text);
    expect(m).toMatch(message);
    expect(m).not.toContain("\n");
  });

  it.each([
    ["an export given as the history", exportOf([]), /^hist\.json: is a stack export, not a history/],
    [
      "a truncated history",
      historyOf([update(1, "2026-11-23T03:03:10.000Z", "2026-11-23T03:03:20.000Z")]).slice(0, 40),
      /^hist\.json: the JSON ends early/,
    ],
    [
      "a history entry without a kind",
      '[{"version": 1, "startTime": "2026-11-23T03:03:10.000Z"}]',
      /^hist\.json: \[0\]\.kind: .+expected the output of `pulumi stack history --json`/,
    ],
  ])("%s", (_what, history, message) => {
    expect(fails(exportOf([]), history)).toMatch(message);
  });

  it("accepts a version 4 deployment (the same DeploymentV3, with features)", () => {
    expect(rowsOf(exportOf([pluginResource("openai", "x", record("openai", [job("vsfb_1")]))], {}, 4))).toHaveLength(1);
  });
});
