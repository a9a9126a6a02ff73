/**
 * `npm run demo`: the example program, unchanged, through the real Pulumi provider host (as `pulumi` would run it)
 * against the built-in vendor emulator: preview, up, up again, refresh, destroy, printing each step, the vendor
 * requests it made, and the audit record. Exits non-zero if any step does not do what the README promises.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { startEmulator, type Emulator } from "../emulator";
import { Engine, programFromModule, type RunResult } from "./harness";

const REPO = resolve(__dirname, "../../..");
const EXAMPLE = join(REPO, "examples/digitalocean/index.ts");
const TOKEN = "do-emulator-token";
const KB = "0b9f5c2e-5d8a-4b2a-9a53-7a3c3e0d1f00";

function requestsSummary(emu: Emulator): string {
  const counts = new Map<string, number>();
  for (const r of emu.requests()) {
    const key = `${r.method} ${r.path.replace(/[0-9a-f-]{36}/g, "{uuid}")}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  emu.clearRequests();
  return counts.size ? [...counts].map(([k, n]) => `${n} × ${k}`).join(", ") : "none";
}

function show(command: string, result: RunResult, emu: Emulator, expect: (r: RunResult) => boolean): void {
  const steps = result.steps.map((s) => `${s.op} ${s.name}`).join(", ") || "nothing to do";
  console.log(`\n$ ${command}\n  steps: ${steps}   (${(result.durationMs / 1000).toFixed(1)} s)`);
  for (const line of result.hostLog) console.log(`  host: ${line}`);
  console.log(`  vendor requests: ${requestsSummary(emu)}`);
  for (const e of result.errors) console.log(`  error: ${e.message}`);
  if (!expect(result)) throw new Error(`${command} did not do what the README says`);
}

function record(outputs: Record<string, unknown>): void {
  const jobIds = (outputs.jobIds as string[] | undefined) ?? [];
  console.log(`  outcome:      ${String(outputs.outcome)}`);
  console.log(`  jobs:         ${jobIds.join(", ")}`);
  console.log(
    `  phase:        ${String(outputs.phaseBefore)} → ${String(outputs.phase)}   (${String(outputs.vendorStatus)})`,
  );
  console.log(`  requestedAt:  ${String(outputs.requestedAt)}`);
  console.log(`  confirmedAt:  ${String(outputs.confirmedAt)}`);
  console.log(`  reason:       ${String(outputs.reason)}`);
}

async function main(): Promise<void> {
  const emu = await startEmulator({ timeScale: 0.05 });
  try {
    for (let i = 0; i < 2; i++) emu.digitalocean.seedJob({ knowledgeBaseUuid: KB, cancelSettleMs: 4000 });
    emu.digitalocean.seedJob({ knowledgeBaseUuid: KB, phase: "succeeded" });
    const stateFile = join(mkdtempSync(join(tmpdir(), "ragcancel-demo-")), "state.json");
    const engine = new Engine({
      projectDir: REPO,
      project: "ragcancel-digitalocean",
      stack: "demo",
      stateFile,
      config: {
        "ragcancel-digitalocean:knowledgeBaseUuid": KB,
        "ragcancel-digitalocean:reason": "CHG-1234: swap the embedding model",
        "ragcancel:digitaloceanApiUrl": emu.endpoints.digitalocean,
      },
      secretConfig: { "ragcancel:digitaloceanToken": TOKEN },
      env: { DIGITALOCEAN_TOKEN: undefined, DIGITALOCEAN_ACCESS_TOKEN: undefined, DIGITALOCEAN_API_URL: undefined },
    });
    const program = programFromModule(EXAMPLE);
    console.log("pulumi-rag-cancel demo: examples/digitalocean through the real Pulumi provider host");
    console.log(`vendor emulator: ${emu.url}; knowledge base ${KB} has 2 indexing jobs running and 1 finished`);

    show("pulumi preview", await engine.preview(program), emu, (r) => r.ok && r.steps[0]?.op === "preview-create");
    const up = await engine.up(program);
    show("pulumi up", up, emu, (r) => r.ok && r.outputs.outcome === "cancelled");
    record(up.outputs);
    show(
      "pulumi up   # again: the cancellation is recorded",
      await engine.up(program),
      emu,
      (r) => r.steps[0]?.op === "same",
    );
    const before = JSON.stringify(engine.state().resources[0]?.outputs);
    show("pulumi refresh", await engine.refresh(), emu, (r) => r.ok);
    const same = JSON.stringify(engine.state().resources[0]?.outputs) === before;
    console.log(`  changes: ${same ? "none (the jobs are terminal and unchanged)" : "outputs changed"}`);
    show(
      "pulumi destroy   # forgets the record; a cancellation cannot be undone",
      await engine.destroy(),
      emu,
      (r) => r.ok,
    );
    const history = engine.state().history.map((h) => `${h.kind}${h.ok ? "" : " (failed)"}`);
    console.log(`\nstate file: ${stateFile}\nstack history: ${history.join(" → ")}`);
  } finally {
    await emu.close();
  }
}

main().catch((err: unknown) => {
  console.error(`demo failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
