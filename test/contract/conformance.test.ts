/**
 * Conformance: every request the adapters send, and every reply the emulator gives, validated against the vendors'
 * own published specifications (test/contract/specs, vendored with their provenance) by real validators (ajv).
 * What no vendor documents is listed in test/contract/assumptions.ts; an undocumented status is accepted only when
 * that list names it. Every documented reply example parses in the adapter and maps to the phase its words mean.
 */
import { providers } from "../../provider";
import { configureHttp } from "../../provider/http/http";
import { resetRateLimits } from "../../provider/http/rate-limit";
import type { Emulator } from "../emulator";
import { emulator } from "../engine/setup";
import { DRIVERS, type Driver } from "../engine/vendors";
import { ASSUMPTIONS, isAssumed } from "./assumptions";
import { EXAMPLE_PHASES, parseExample } from "./examples";
import { findFragment, sharedLayout } from "./specs/location";
import { Spec } from "./support/openapi";
import { Recorder, type Exchange } from "./support/recorder";

let emu: Emulator;
const recorder = new Recorder();
beforeAll(async () => {
  emu = await emulator();
  configureHttp({ dispatcher: recorder, retry: { minDelayMs: 1, maxDelayMs: 5 } });
});
afterAll(async () => {
  await emu.close();
  await recorder.close();
});
beforeEach(() => {
  emu.reset();
  recorder.clear();
  resetRateLimits();
  jest.spyOn(console, "log").mockImplementation(() => undefined);
});
afterEach(() => {
  jest.restoreAllMocks();
});

/** A reply of the right status but a body the vendor's schema forbids (a wrong type where the spec names one). */
const WRONG_REPLY: Record<Driver["vendor"], unknown> = {
  digitalocean: { job: { uuid: 42 } },
  cloudflare: { success: "yes", errors: [], result: {} },
  groundx: { ingest: { processId: 42, status: "queued" } },
  superoffice: { IsCancelled: "no" },
  openai: { id: 42, vector_store_id: "vs_1", status: "in_progress" },
  pinecone: { id: 101, status: "InProgress" },
  bedrock: { ingestionJob: { ingestionJobId: 42, status: "IN_PROGRESS" } },
};

/** The path prefix of the vendor's base URL on the emulator, which the spec's paths are relative to. */
function base(d: Driver): string {
  return new URL(String(d.directInputs(emu).endpoint)).pathname;
}

/** The exchanges' problems, those the assumptions list names set aside. */
function problems(d: Driver, spec: Spec, exchanges: Exchange[]): string[] {
  const b = base(d);
  return exchanges.flatMap((x) => {
    const path = x.path.slice(b.length);
    const relative = { ...x, path: d.specPath ? d.specPath(path) : path };
    return [
      ...spec.checkRequest(relative, "").map((p) => `request ${x.method} ${relative.path}: ${p}`),
      ...spec.checkAuth(relative).map((p) => `request ${x.method} ${relative.path}: ${p}`),
      ...spec.checkReply(relative, "").filter((p) => !isAssumed(d.vendor, relative, p)),
    ];
  });
}

// The fragments are data from the vendors' repositories, kept outside this repository's commits. Where the shared
// folder is (CI), a vendor of the driver table without its fragment is a failure, never a skip: a green run must
// mean all of them were checked. Only a machine without any shared folder skips, and says so (specs/location.ts).
const LAYOUT = sharedLayout();
const LOOKUPS = DRIVERS.map((d) => ({ d, found: findFragment(d.vendor, LAYOUT) }));
const AVAILABLE = LOOKUPS.flatMap(({ d, found }) => (found.status === "found" ? [d] : []));

if (LAYOUT.binding !== undefined) {
  it(`the shared folder (${LAYOUT.specsDir}) holds the fragment of every vendor in the driver table`, () => {
    const missing = LOOKUPS.flatMap(({ found }) => (found.status === "missing" ? [found.message] : []));
    expect(missing).toEqual([]);
  });
} else {
  const skipped = LOOKUPS.flatMap(({ found }) => (found.status === "unavailable" ? [found.message] : []));
  // A skip is easy to miss in a summary line; this names the vendors in the run's output.
  if (skipped.length > 0) console.warn(`conformance not checked on this machine:\n${skipped.join("\n")}`);
  for (const message of skipped) it.skip(message, () => undefined);
}

for (const d of AVAILABLE) {
  describe(`${d.vendor} against its published specification`, () => {
    let loaded: Spec | undefined;
    // Loaded on first use, when a test runs, not while jest collects the file's tests.
    const spec = (): Spec => (loaded ??= new Spec(d.vendor));
    const provider = providers[d.vendor];
    const inputs = (args: Record<string, unknown>) => ({ ...d.directInputs(emu), ...args, timeoutSeconds: 10 });

    it("the fragment documents the operations the adapter uses, with their provenance", () => {
      expect(spec().operationNames.length).toBeGreaterThanOrEqual(2);
      const provenance = spec().doc["x-provenance"];
      expect(Array.isArray(provenance) && provenance.length > 0).toBe(true);
      for (const p of provenance as { commit?: string; repository?: string; path?: string; license?: string }[]) {
        expect([p.repository, p.path, p.license].every((f) => typeof f === "string" && f !== "")).toBe(true);
        // A git source is pinned to its commit; a web page or a registry package says which page or version.
        if (/^[\w.-]+\/[\w.-]+$/.test(p.repository ?? "")) expect(p.commit).toMatch(/^[0-9a-f]{40}$/);
        else expect(`${p.repository ?? ""} ${p.path ?? ""}`).toMatch(/https:\/\/|@\d+\.\d+|stored page/);
      }
    });

    it("a cancel with the wait: every request and reply conforms", async () => {
      const job = d.seed(emu);
      await provider.create(inputs(d.jobArgs(job)));
      expect(recorder.exchanges.length).toBeGreaterThanOrEqual(2);
      expect(problems(d, spec(), recorder.exchanges)).toEqual([]);
    });

    // Registered only where it applies (GroundX and OpenAI address one job, with no selector form), so that a
    // skipped test in this file always means a missing fragment on a machine without the shared folder.
    const selectorArgs = d.selectorArgs;
    if (selectorArgs !== undefined) {
      it("the selector form and a refresh: every request and reply conforms", async () => {
        const first = d.seed(emu);
        if (d.multiJobSelector) d.seed(emu, { group: first.group, phase: "succeeded" });
        const out = await provider.create(inputs(selectorArgs(first.group)));
        await provider.read(out.id, out.outs);
        expect(problems(d, spec(), recorder.exchanges)).toEqual([]);
      });
    }

    it("refusals (unknown job, rejected credential, rate limit, server error) use the documented envelopes", async () => {
      const job = d.seed(emu);
      d.forget(emu, job);
      await provider.create(inputs(d.jobArgs(job))).catch(() => undefined);
      const wrong = Object.fromEntries(
        Object.keys(d.credentialForms[0]!.credentials).map((k) => [k, "wrong-credential"]),
      );
      const other = d.seed(emu);
      await provider.create({ ...inputs(d.jobArgs(other)), credentials: wrong }).catch(() => undefined);
      for (const status of [429, 500]) {
        emu.inject({ vendor: d.vendor, ...d.statusRead(other), status, times: 10 });
        await provider.create({ ...inputs(d.jobArgs(other)), timeoutSeconds: 1 }).catch(() => undefined);
        emu.clearFaults();
      }
      const statuses = new Set(recorder.exchanges.map((x) => x.status));
      expect(statuses.has(429) && statuses.has(500)).toBe(true);
      expect(problems(d, spec(), recorder.exchanges)).toEqual([]);
    });

    it("the validators reject what the specification does not allow (so a pass means something)", async () => {
      const job = d.seed(emu);
      await provider.create(inputs(d.jobArgs(job)));
      const good = recorder.exchanges.find((x) => x.status === 200)!;
      expect(problems(d, spec(), [good])).toEqual([]);
      const bad: Exchange[] = [
        { ...good, path: `${good.path}/nowhere` },
        { ...good, query: new URLSearchParams("undocumented=1") },
        { ...good, replyBody: JSON.stringify(WRONG_REPLY[d.vendor]) },
        { ...good, status: 418 },
      ];
      if (d.vendor !== "superoffice") bad.push({ ...good, headers: {} });
      for (const x of bad) expect(problems(d, spec(), [x]).length).toBeGreaterThan(0);
    });

    it("every documented reply example parses in the adapter and maps to the phase its words mean", () => {
      const examples = spec()
        .examples()
        .filter((e) => e.status.startsWith("2"));
      const seen = examples.map((e) => ({ where: e.where, phases: parseExample(d.vendor, e.value) }));
      expect(seen).toEqual(
        examples.map((e) => ({ where: e.where, phases: EXAMPLE_PHASES[d.vendor][e.where] ?? "(no expected phases)" })),
      );
    });

    it("each assumed status is one the vendor does not document for that request", () => {
      for (const a of ASSUMPTIONS.filter((x) => x.vendor === d.vendor && x.statuses !== undefined)) {
        expect(a.path?.test(a.examplePath ?? "")).toBe(true);
        for (const status of a.statuses ?? []) {
          const documented = spec().responseFor({ method: a.method ?? "", path: a.examplePath ?? "" }, status, "");
          expect([a.behaviour, status, documented?.key]).toEqual([a.behaviour, status, undefined]);
        }
      }
    });

    it("every documented example, success and error, fits its own documented schema", () => {
      // GroundX's examples are its SDK's wire tests, which use placeholder ids ("processId") where the schema says uuid.
      const placeholders = (p: string) => d.vendor === "groundx" && p.endsWith('must match format "uuid"');
      expect(
        spec()
          .checkExamples()
          .filter((p) => !placeholders(p)),
      ).toEqual([]);
    });
  });
}
