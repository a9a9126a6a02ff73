/**
 * The fault matrix, through the real provider host against the emulator: one `up` with one resource per vendor and
 * fault, each fault injected into that resource's own cancel request; then a second `up`, which must converge. Transient faults succeed within the retry budget (after at least what Retry-After asked); permanent ones
 * fail with a clear error and save nothing; a cancel whose answer is lost or unreadable saves the record as
 * cancel-requested. The host stays up throughout, and no credential appears in any error or output.
 */
import { writeFileSync } from "node:fs";
import type { Emulator, Fault, LoggedRequest } from "../../emulator";
import { stack as newStack, stateText, useEmulator } from "../setup";
import { DRIVERS, ownRoutes, SECRET_CANARIES } from "../vendors";
import type { FrontDoor } from "../front-doors";
import type { EngineOptions } from "../harness";
import { everythingPrinted } from "./run-output";

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
    /**
     * Sent with a per-resource credential instead of the stack's. A 429 pauses every request of its credential (a
     * vendor's limit is per credential), so the 429 cases pause only themselves: the unclear cases' 3-s deadlines
     * would otherwise race the 429-date case's 5-s pause, and a read held back past its deadline fails before
     * anything is sent.
     */
    ownCredential?: boolean;
    error?: RegExp;
  }

  const CASES: Case[] = [
    {
      name: "429-seconds",
      kind: "transient",
      fault: () => ({ status: 429, headers: { "retry-after": "1" } }),
      waitAtLeastMs: 1000,
      ownCredential: true,
    },
    {
      name: "429-date",
      kind: "transient",
      ownCredential: true,
      // An HTTP date has whole seconds: the next full second at least 5 s away, set before the up starts, so the date
      // is still ahead when every vendor's resource has reached its cancel (the host's start included).
      fault: () => ({
        status: 429,
        headers: { "retry-after": new Date(Math.ceil((Date.now() + 5000) / 1000) * 1000).toUTCString() },
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
    // A 200 nested 2,000 levels deep: a shape error (bounded depth), never a stack overflow that loses the record.
    {
      name: "deep-body",
      kind: "unclear",
      atContainer: "transient",
      fault: () => ({ status: 200, body: `{"x":${"[".repeat(2000)}1${"]".repeat(2000)}}` }),
    },
    { name: "401", kind: "permanent", fault: () => ({ status: 401 }), error: /failed \(HTTP 401.*Check the/ },
    { name: "403", kind: "permanent", fault: () => ({ status: 403 }), error: /failed \(HTTP 403.*Check the/ },
    { name: "404", kind: "permanent", fault: () => ({ status: 404 }), error: /cancel .* failed \(HTTP 404/ },
  ];

  const emu = useEmulator();
  const report: string[] = [];
  afterAll(() => {
    // FAULT_MATRIX_REPORT=<file> writes the matrix as a Markdown table (vendor × fault → outcome, attempts, wait).
    const given = process.env.FAULT_MATRIX_REPORT;
    // One report per front door: the plugin's beside the dynamic host's.
    const file = given && door.stack.plugin ? `${given.replace(/\.md$/, "")}.plugin.md` : given;
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

  const drivers = DRIVERS.map(door.driver);
  it(`every vendor × every fault in one up (${door.name}): rides out transient faults, fails clearly on permanent ones, keeps every accepted cancel, and converges`, async () => {
    // One resource per vendor and fault, all in flight at once, as `pulumi up --parallel` would run them.
    const s = stack(emu(), { continueOnError: true, parallel: drivers.length * CASES.length });
    const faults = new Map<string, ReturnType<Case["fault"]>>();
    const setup = drivers.flatMap((d) =>
      CASES.map((c, i) => {
        const name = `${c.name}-${d.vendor}`;
        const job = d.seed(emu());
        const own = ownRoutes(d, emu(), job, i);
        const route = { ...own.cancel, args: own.args };
        faults.set(name, c.fault());
        emu().inject({ vendor: d.vendor, method: route.method, path: route.path, ...faults.get(name) });
        const credentials = c.ownCredential ? { credentials: d.credentialForms[0]!.credentials } : {};
        const args = {
          ...d.jobArgs(job),
          ...route.args,
          ...credentials,
          timeoutSeconds: c.kind === "unclear" ? 3 : 60,
        };
        return { d, c, name, job, route, args };
      }),
    );
    const program = () => {
      for (const { d, name, args } of setup) d.create(name, args);
      return {};
    };

    const up = await s.engine.up(program);
    expect(up.steps).toHaveLength(setup.length);
    const failed = new Map(up.errors.map((e) => [e.urn.split("::").pop(), e.message]));
    const state = new Map(s.engine.state().resources.map((r) => [r.name, r]));
    for (const { d, c, name, route, job } of setup) {
      const log = emu()
        .requests({ vendor: d.vendor })
        .filter((r) => r.method === route.method && r.path.includes(route.path));
      const kind = d.vendor === "superoffice" ? (c.atContainer ?? c.kind) : c.kind;
      if (kind === "transient") {
        expect([name, failed.get(name)]).toEqual([name, undefined]);
        expect([name, state.get(name)?.outputs.outcome]).toEqual([name, "cancelled"]);
        expect([name, d.isCancelled(emu(), job)]).toEqual([name, true]);
        // At a container-addressed vendor a lost reply is followed by a status read, which already shows the run
        // cancelled: no second cancel is needed (or allowed, were another run current).
        const lostAtContainer = c.name === "reply-lost-after-action" && d.vendor === "superoffice";
        expect([name, log.length >= (lostAtContainer ? 1 : 2) && log.length <= 5]).toEqual([name, true]);
        if (c.waitAtLeastMs) expect([name, waitedAfter429(log) >= c.waitAtLeastMs - 20]).toEqual([name, true]);
        const date = Date.parse(String(faults.get(name)?.headers?.["retry-after"]));
        if (Number.isFinite(date)) expect([name, Date.parse(log.at(-1)!.at) >= date - 20]).toEqual([name, true]);
      } else if (kind === "permanent") {
        expect([name, failed.get(name)]).toEqual([name, expect.stringMatching(c.error!)]);
        expect([name, state.has(name)]).toEqual([name, false]);
        expect([name, log.length]).toEqual([name, 1]);
      } else {
        expect([name, failed.get(name)]).toEqual([name, expect.stringContaining("may have accepted the cancel")]);
        expect([name, state.get(name)?.outputs.outcome]).toEqual([name, "cancel-requested"]);
        expect([name, state.get(name)?.initErrors?.length]).toEqual([name, 1]);
      }
      const first = failed.has(name)
        ? `failed, ${state.has(name) ? `saved as ${String(state.get(name)?.outputs.outcome)}` : "nothing saved"}`
        : String(state.get(name)?.outputs.outcome);
      const waited = log.some((r) => r.status === 429) ? `${waitedAfter429(log)} ms` : "";
      report.push(`| ${d.vendor} | ${c.name} | ${first} | ${log.length} | ${waited} | cancelled |`);
    }
    const leaks = [everythingPrinted(up), up.errors.map((e) => e.message).join("\n"), stateText(s)];
    for (const canary of SECRET_CANARIES) for (const text of leaks) expect(text).not.toContain(canary);

    const again = await s.engine.up(program);
    expect(again.errors).toEqual([]);
    const converged = s.engine.state().resources;
    expect(converged).toHaveLength(setup.length);
    for (const r of converged) expect([r.name, r.outputs.outcome]).toEqual([r.name, "cancelled"]);
    for (const { name, d, job } of setup) expect([name, d.isCancelled(emu(), job)]).toEqual([name, true]);
  });
}
