/**
 * `ragcancel audit` over what the harness leaves behind, as a user runs it over `pulumi stack export` and `pulumi stack
 * history --json`: one stack per front door, each with every vendor's cancellation (one with a secret reason), a job
 * the vendor then forgot, and both exports checked against Pulumi's schemas.
 */
import * as pulumi from "@pulumi/pulumi";
import { readFileSync } from "node:fs";
import type { AuditRow } from "../../audit/row";
import { main } from "../../audit/cli";
import { validatorOrSkip } from "./export-schema";
import { DYNAMIC, PLUGIN } from "./front-doors";
import { stackFiles } from "./harness";
import { useEmulator } from "./setup";
import { byVendor, everyVendorProgram, everyVendorStack } from "./suites/every-vendor";
import { DRIVERS } from "./vendors";

const emu = useEmulator();
const SECRET_REASON = "CHG-77: the reason itself is secret";

function audit(argv: string[]): { code: number; out: string; err: string } {
  let out = "";
  let err = "";
  const code = main(["audit", ...argv], {
    stdout: (t) => (out += t),
    stderr: (t) => (err += t),
    readStdin: () => "",
    stdinIsTTY: true,
    writeFile: () => undefined,
  });
  return { code, out, err };
}

test("audits every vendor's cancellation through both doors from the stacks' exports and histories", async () => {
  const doors = [DYNAMIC, PLUGIN].map((door) => {
    const drivers = DRIVERS.map(door.driver);
    const jobs = new Map(drivers.map((d) => [d.vendor, d.seed(emu())]));
    const s = everyVendorStack(emu(), door, {
      stack: door === PLUGIN ? "plugin" : "dynamic",
      updateMetadata: {
        message: "CHG-77: stop reindexing",
        environment: { "ci.system": "Jenkins", "ci.build.number": "42" },
      },
    });
    const program = everyVendorProgram(drivers, (d) => ({
      ...d.jobArgs(jobs.get(d.vendor)!),
      reason: d.vendor === "digitalocean" ? pulumi.secret(SECRET_REASON) : "CHG-77",
    }));
    return { door, drivers, jobs, s, program };
  });
  const ups = await Promise.all(doors.map(({ s, program }) => s.engine.up(program)));
  expect(ups.map((u) => u.errors)).toEqual([[], []]);
  // The vendor forgets the dynamic stack's GroundX job; the refresh keeps the record with found: false.
  const dynamic = doors[0]!;
  dynamic.drivers.find((d) => d.vendor === "groundx")!.forget(emu(), dynamic.jobs.get("groundx")!);
  expect((await dynamic.s.engine.refresh()).ok).toBe(true);

  const validate = validatorOrSkip();
  if (validate) for (const { s } of doors) expect(validate(JSON.parse(readFileSync(s.stateFile, "utf8")))).toEqual([]);

  const files = doors.flatMap(({ s }) => [s.stateFile, "--history", stackFiles(s.stateFile).history]);
  const json = audit([...files, "--format", "json"]);
  expect(json).toMatchObject({ code: 0, err: "" });
  expect(json.out).not.toContain(SECRET_REASON);
  const rows = JSON.parse(json.out) as AuditRow[];
  for (const { door, drivers, jobs } of doors) {
    const mine = (vendor: string) =>
      rows.find((r) => r.door === (door === PLUGIN ? "plugin" : "dynamic") && r.vendor === vendor);
    expect(byVendor(drivers, (d) => mine(d.vendor))).toEqual(
      byVendor(drivers, (d) =>
        expect.objectContaining({
          stack: `ragcancel-test/${door === PLUGIN ? "plugin" : "dynamic"}`,
          resource: `stop-${d.vendor}`,
          jobs: [jobs.get(d.vendor)!.id],
          phaseBefore: "running",
          phase: "cancelled",
          outcome: "cancelled",
          reason: d.vendor === "digitalocean" ? "[secret]" : "CHG-77",
          flags: {
            cancelUnclear: [],
            notFound: door === DYNAMIC && d.vendor === "groundx" ? [jobs.get(d.vendor)!.id] : [],
            replacedBy: [],
            v01: false,
          },
          // Created by the first update, which the CLI's environment says a pipeline ran.
          update: expect.objectContaining({
            version: 1,
            kind: "update",
            result: "succeeded",
            message: "CHG-77: stop reindexing",
            by: expect.stringMatching(/ via Jenkins #42$/),
          }),
        }),
      ),
    );
  }
  expect(rows).toHaveLength(2 * DRIVERS.length);

  // The default table, filtered: a line per matching cancellation.
  const table = audit([...files, "--vendor", "groundx,pinecone"]);
  expect(table.out.split("\n").filter((l) => / stop-(groundx|pinecone) /.test(l))).toHaveLength(4);
  expect(table.out).toContain("found:false");
});
