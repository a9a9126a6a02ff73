/**
 * The fault matrix, through the real provider host against the emulator: for each vendor, one `up` with one
 * resource per fault, each fault injected into that resource's own cancel request; then a second `up`, which must
 * converge. Transient faults succeed within the retry budget (after at least what Retry-After asked); permanent ones
 * fail with a clear error and save nothing; a cancel whose answer is lost or unreadable saves the record as
 * cancel-requested. The host stays up throughout, and no credential appears in any error or output.
 */
import { writeFileSync } from "node:fs";
import type { Emulator, Fault, LoggedRequest } from "../../emulator";
import { emulator, stack as newStack, stateText } from "../setup";
import { DRIVERS, SECRET_CANARIES, type Driver, type SeededJob } from "../vendors";
import type { FrontDoor } from "../front-doors";
import type { EngineOptions } from "../harness";

/** Registers the suite for one front door: the dynamic host or the plugin. */
export function faultMatrixSuite(door: FrontDoor): void {
  const stack = (e: Emulator, o: Partial<EngineOptions> = {}) => newStack(e, { ...door.stack, ...o });

  type Kind = "transient" | "permanent" | "unclear";
  interface Case {
    name: string;
    kind: Kind;
    /** The kind at a container-addressed vendor, where it differs. */
    atContainer?: Kind;
    fault: () => Omit<Fault, "vendor" | "method" | "path">;
    /** The least time the provider must have waited after the 429 before retrying, in ms. */
    waitAtLeastMs?: number;
    error?: RegExp;
  }

  const CASES: Case[] = [
    {
      name: "429-seconds",
      kind: "transient",
      fault: () => ({ status: 429, headers: { "retry-after": "1" } }),
      waitAtLeastMs: 1000,
    },
    {
      name: "429-date",
      kind: "transient",
      // An HTTP date has whole seconds: the next full second at least 3 s away.
      fault: () => ({
        status: 429,
        headers: { "retry-after": new Date(Math.ceil((Date.now() + 3000) / 1000) * 1000).toUTCString() },
      }),
    },
    { name: "500", kind: "transient", fault: () => ({ status: 500 }) },
    { name: "502", kind: "transient", fault: () => ({ status: 502 }) },
    { name: "503", kind: "transient", fault: () => ({ status: 503 }) },
    { name: "reset", kind: "transient", fault: () => ({ reset: true }) },
    { name: "reply-lost-after-action", kind: "transient", fault: () => ({ dropReplyAfterAction: true }) },
    { name: "hang-past-timeout", kind: "unclear", fault: () => ({ hang: true }) },
    // At a container-addressed vendor (SuperOffice) an unreadable answer is followed by a status read and, the run
    // still current and running, by the cancel again: these resolve within the same up.
    {
      name: "malformed-body",
      kind: "unclear",
      atContainer: "transient",
      fault: () => ({ status: 200, body: "{not json" }),
    },
    { name: "wrong-shape", kind: "unclear", atContainer: "transient", fault: () => ({ status: 200, json: 42 }) },
    { name: "401", kind: "permanent", fault: () => ({ status: 401 }), error: /failed \(HTTP 401.*Check the/ },
    { name: "403", kind: "permanent", fault: () => ({ status: 403 }), error: /failed \(HTTP 403.*Check the/ },
    { name: "404", kind: "permanent", fault: () => ({ status: 404 }), error: /cancel .* failed \(HTTP 404/ },
  ];

  /** Where one resource's cancel goes, so a fault hits that resource only. */
  function cancelRoute(d: Driver, emu: Emulator, job: SeededJob, i: number) {
    switch (d.vendor) {
      case "digitalocean":
        return { method: "PUT", path: `/indexing_jobs/${job.id}/cancel`, args: {} };
      case "cloudflare":
        return { method: "PATCH", path: `/jobs/${job.id}`, args: {} };
      case "groundx":
        return { method: "DELETE", path: `/v1/ingest/${job.id}`, args: {} };
      case "openai":
        return { method: "POST", path: `/file_batches/${job.id}/cancel`, args: {} };
      case "pinecone":
        return { method: "DELETE", path: `/bulk/imports/${job.id}`, args: {} };
      case "bedrock":
        return { method: "POST", path: `/ingestionjobs/${job.id}/stop`, args: {} };
      case "superoffice": {
        // The cancel path names no run, so each resource talks to its own tenant segment.
        const tenant = `Cust${2000 + i}`;
        return {
          method: "POST",
          path: `/${tenant}/api/v1/Agents/AI/CancelIndexing`,
          args: { endpoint: emu.endpoints.superoffice.replace("Cust12345", tenant) },
        };
      }
    }
  }

  let emu: Emulator;
  const report: string[] = [];
  beforeAll(async () => {
    emu = await emulator();
  });
  afterAll(async () => {
    await emu.close();
    // FAULT_MATRIX_REPORT=<file> writes the matrix as a Markdown table (vendor × fault → outcome, attempts, wait).
    const given = process.env.FAULT_MATRIX_REPORT;
    // One report per front door: the plugin's beside the dynamic host's.
    const file = given && door.stack.pluginDir ? `${given.replace(/\.md$/, "")}.plugin.md` : given;
    if (file) {
      const head =
        "| vendor | fault | first up | cancel attempts | waited after 429 | second up |\n|---|---|---|---|---|---|";
      writeFileSync(file, [head, ...report].join("\n") + "\n");
    }
  });

  /** The gap between a 429 and the next attempt of the same cancel. */
  function waitedAfter429(log: LoggedRequest[]): number {
    const i = log.findIndex((r) => r.status === 429);
    const next = log[i + 1];
    return i < 0 || !next ? -1 : Date.parse(next.at) - Date.parse(log[i]!.at);
  }

  describe.each(DRIVERS.map(door.driver))(`$vendor fault matrix (${door.name})`, (d) => {
    it("rides out transient faults, fails clearly on permanent ones, keeps every accepted cancel, and converges", async () => {
      emu.reset();
      const s = stack(emu);
      const faults = new Map<string, ReturnType<Case["fault"]>>();
      const setup = CASES.map((c, i) => {
        const job = d.seed(emu);
        const route = cancelRoute(d, emu, job, i);
        faults.set(c.name, c.fault());
        emu.inject({ vendor: d.vendor, method: route.method, path: route.path, ...faults.get(c.name) });
        const args = { ...d.jobArgs(job), ...route.args, timeoutSeconds: c.kind === "unclear" ? 3 : 60 };
        return { c, job, route, args };
      });
      const program = () => {
        for (const { c, args } of setup) d.create(c.name, args);
        return {};
      };

      const up = await s.engine.up(program);
      expect(up.steps).toHaveLength(CASES.length);
      const failed = new Map(up.errors.map((e) => [e.urn.split("::").pop(), e.message]));
      const state = new Map(s.engine.state().resources.map((r) => [r.name, r]));
      for (const { c, route, job } of setup) {
        const log = emu
          .requests({ vendor: d.vendor })
          .filter((r) => r.method === route.method && r.path.includes(route.path));
        const kind = d.vendor === "superoffice" ? (c.atContainer ?? c.kind) : c.kind;
        if (kind === "transient") {
          expect([c.name, failed.get(c.name)]).toEqual([c.name, undefined]);
          expect([c.name, state.get(c.name)?.outputs.outcome]).toEqual([c.name, "cancelled"]);
          expect(d.isCancelled(emu, job)).toBe(true);
          // At a container-addressed vendor a lost reply is followed by a status read, which already shows the run
          // cancelled: no second cancel is needed (or allowed, were another run current).
          const lostAtContainer = c.name === "reply-lost-after-action" && d.vendor === "superoffice";
          expect(log.length).toBeGreaterThanOrEqual(lostAtContainer ? 1 : 2);
          expect(log.length).toBeLessThanOrEqual(5);
          if (c.waitAtLeastMs) expect(waitedAfter429(log)).toBeGreaterThanOrEqual(c.waitAtLeastMs - 20);
          const date = Date.parse(String(faults.get(c.name)?.headers?.["retry-after"]));
          if (Number.isFinite(date)) expect(Date.parse(log.at(-1)!.at)).toBeGreaterThanOrEqual(date - 20);
        } else if (kind === "permanent") {
          expect([c.name, failed.get(c.name)]).toEqual([c.name, expect.stringMatching(c.error!)]);
          expect([c.name, state.has(c.name)]).toEqual([c.name, false]);
          expect(log).toHaveLength(1);
        } else {
          expect([c.name, failed.get(c.name)]).toEqual([
            c.name,
            expect.stringContaining("may have accepted the cancel"),
          ]);
          expect([c.name, state.get(c.name)?.outputs.outcome]).toEqual([c.name, "cancel-requested"]);
          expect(state.get(c.name)?.initErrors).toHaveLength(1);
        }
        const first = failed.has(c.name)
          ? `failed, ${state.has(c.name) ? `saved as ${String(state.get(c.name)?.outputs.outcome)}` : "nothing saved"}`
          : String(state.get(c.name)?.outputs.outcome);
        const waited = log.some((r) => r.status === 429) ? `${waitedAfter429(log)} ms` : "";
        report.push(`| ${d.vendor} | ${c.name} | ${first} | ${log.length} | ${waited} | cancelled |`);
      }
      const leaks = [up.hostLog.join("\n"), up.errors.map((e) => e.message).join("\n"), stateText(s)];
      for (const canary of SECRET_CANARIES) for (const text of leaks) expect(text).not.toContain(canary);

      const again = await s.engine.up(program);
      expect(again.errors).toEqual([]);
      const converged = s.engine.state().resources;
      expect(converged).toHaveLength(CASES.length);
      for (const r of converged) expect([r.name, r.outputs.outcome]).toEqual([r.name, "cancelled"]);
      for (const { job } of setup) expect(d.isCancelled(emu, job)).toBe(true);
    });
  });
}
