/**
 * `npm run demo`: the multi-vendor example program, unchanged, through the real Pulumi provider host (as `pulumi`
 * would run it) against the built-in vendor emulator: preview, up, up again, refresh, destroy. It prints each step,
 * the vendor requests it made and, per resource, what was cancelled and its phase before and after; it exits
 * non-zero if any step does not do what the README promises. The stack's state is kept in the CLI's own formats, so
 * the last step runs `ragcancel audit` (the built command) over its export and history, as an auditor would.
 */
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  BR_DEFAULT_KEY,
  CF_DEFAULT_TOKEN,
  DO_DEFAULT_TOKEN,
  GX_DEFAULT_KEY,
  OA_DEFAULT_KEY,
  PC_DEFAULT_KEY,
  SO_DEFAULT_TOKEN,
  startEmulator,
  type Emulator,
} from "../emulator";
import { Engine, programFromModule, type RunResult, stackFiles } from "./harness";
import { repoRoot } from "../contract/specs/location";

const REPO = repoRoot();
const EXAMPLE = join(REPO, "examples/multi-vendor/index.ts");
const KB = "0b9f5c2e-5d8a-4b2a-9a53-7a3c3e0d1f00";
const PROCESS = "3fa85f64-5717-4562-b3fc-2c963f66afa6";
const PINECONE_INDEX = "docs-index";
const VECTOR_STORE = "vs_demo7Kq2Lm9Np4Rt6Vx8Zb1Cd3F";
const BATCH = "vsfb_demo5Hj7Kl9Mn2Pq4Rs6Tu8Wx1";
const KNOWLEDGE_BASE = "KBDEMO7K2L";
const DATA_SOURCE = "DSDEMO9N4R";

function requestsSummary(emu: Emulator): string {
  const counts = new Map<string, number>();
  for (const r of emu.requests()) {
    const key = `${r.vendor} ${r.method}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  emu.clearRequests();
  return counts.size ? [...counts].map(([k, n]) => `${k} × ${n}`).join(", ") : "none";
}

function show(command: string, result: RunResult, emu: Emulator, expect: (r: RunResult) => boolean): void {
  const steps = result.steps.map((s) => `${s.op} ${s.name}`).join(", ") || "nothing to do";
  console.log(`\n$ ${command}\n  steps: ${steps}   (${(result.durationMs / 1000).toFixed(1)} s)`);
  for (const line of result.hostLog) console.log(`  host: ${line}`);
  console.log(`  vendor requests: ${requestsSummary(emu)}`);
  for (const e of result.errors) console.log(`  error: ${e.message}`);
  if (!expect(result)) throw new Error(`${command} did not do what the README says`);
}

type Audit = Record<string, Record<string, unknown>>;

function printAudit(audit: Audit): void {
  for (const [vendor, r] of Object.entries(audit)) {
    const jobs = (r.jobIds as string[] | undefined)?.join(", ") || "(none)";
    console.log(
      `  ${vendor.padEnd(13)} ${String(r.outcome).padEnd(10)} ${String(r.phaseBefore)} → ${String(r.phase)}   jobs: ${jobs}`,
    );
    console.log(
      `  ${"".padEnd(13)} vendor says: ${String(r.vendorStatus)}; requested ${String(r.requestedAt)}, confirmed ${String(r.confirmedAt)}`,
    );
  }
  const reason = Object.values(audit)[0]?.reason;
  console.log(`  reason: ${String(reason)}`);
}

/** The last step: the package's own command over the export kept before destroy and the stack's history. */
function audit(exported: string, history: string): void {
  console.log(`\n$ pulumi stack history --json > history.json`);
  console.log(`$ ragcancel audit ${exported} --history history.json`);
  const table = execFileSync(
    process.execPath,
    [join(REPO, "dist/audit/cli.js"), "audit", exported, "--history", history],
    {
      encoding: "utf8",
    },
  );
  for (const line of table.trimEnd().split("\n")) console.log(`  ${line}`);
  const rows = table.split("\n").filter((l) => / cancelled /.test(l) && / #1 update /.test(l));
  if (rows.length !== 7)
    throw new Error("ragcancel audit did not list the seven cancellations with the update that created them");
}

async function main(): Promise<void> {
  const emu = await startEmulator({ timeScale: 0.05 });
  try {
    emu.superoffice.seedRun({ namespace: "ServiceCopilot", cancelSettleMs: 4000 });
    for (let i = 0; i < 2; i++) emu.digitalocean.seedJob({ knowledgeBaseUuid: KB, cancelSettleMs: 4000 });
    emu.digitalocean.seedJob({ knowledgeBaseUuid: KB, phase: "succeeded" });
    emu.cloudflare.seedJob({ instanceId: "docs-search", cancelSettleMs: 4000 });
    emu.groundx.seedJob({ processId: PROCESS, cancelSettleMs: 4000 });
    emu.openai.seedJob({ vectorStoreId: VECTOR_STORE, batchId: BATCH, cancelSettleMs: 4000 });
    emu.pinecone.seedJob({ indexName: PINECONE_INDEX, cancelSettleMs: 4000 });
    emu.pinecone.seedJob({ indexName: PINECONE_INDEX, phase: "succeeded" });
    emu.bedrock.seedJob({ knowledgeBaseId: KNOWLEDGE_BASE, dataSourceId: DATA_SOURCE, cancelSettleMs: 4000 });
    const dir = mkdtempSync(join(tmpdir(), "ragcancel-demo-"));
    const stateFile = join(dir, "state.json");
    const project = "ragcancel-multi-vendor";
    const engine = new Engine({
      projectDir: REPO,
      project,
      stack: "demo",
      stateFile,
      updateMetadata: { message: "CHG-1234: swap the embedding model everywhere" },
      config: {
        [`${project}:superofficeNamespace`]: "ServiceCopilot",
        [`${project}:digitaloceanKnowledgeBaseUuid`]: KB,
        [`${project}:cloudflareInstanceId`]: "docs-search",
        [`${project}:groundxProcessId`]: PROCESS,
        [`${project}:openaiVectorStoreId`]: VECTOR_STORE,
        [`${project}:openaiBatchId`]: BATCH,
        [`${project}:pineconeIndexName`]: PINECONE_INDEX,
        [`${project}:bedrockKnowledgeBaseId`]: KNOWLEDGE_BASE,
        [`${project}:bedrockDataSourceId`]: DATA_SOURCE,
        "ragcancel:superofficeWebapiUrl": emu.endpoints.superoffice,
        "ragcancel:digitaloceanApiUrl": emu.endpoints.digitalocean,
        "ragcancel:cloudflareBaseUrl": emu.endpoints.cloudflare,
        "ragcancel:cloudflareAccountId": "acc-emulator",
        "ragcancel:groundxBaseUrl": emu.endpoints.groundx,
        "ragcancel:openaiBaseUrl": emu.endpoints.openai,
        "ragcancel:pineconeControllerHost": emu.endpoints.pinecone,
        "ragcancel:bedrockEndpoint": emu.endpoints.bedrock,
        "ragcancel:awsRegion": "us-east-1",
        "ragcancel:awsAccessKeyId": BR_DEFAULT_KEY.accessKeyId,
      },
      secretConfig: {
        "ragcancel:superofficeAccessToken": SO_DEFAULT_TOKEN,
        "ragcancel:digitaloceanToken": DO_DEFAULT_TOKEN,
        "ragcancel:cloudflareApiToken": CF_DEFAULT_TOKEN,
        "ragcancel:groundxApiKey": GX_DEFAULT_KEY,
        "ragcancel:openaiApiKey": OA_DEFAULT_KEY,
        "ragcancel:pineconeApiKey": PC_DEFAULT_KEY,
        "ragcancel:awsSecretAccessKey": BR_DEFAULT_KEY.secretAccessKey,
      },
    });
    const program = programFromModule(EXAMPLE);
    console.log("pulumi-rag-cancel demo: examples/multi-vendor through the real Pulumi provider host");
    console.log(
      `vendor emulator: ${emu.url}, with a running indexing job at each vendor (two on the DigitalOcean knowledge base)`,
    );

    show(
      "pulumi preview",
      await engine.preview(program),
      emu,
      (r) => r.ok && r.steps.every((s) => s.op === "preview-create"),
    );
    const up = await engine.up(program);
    show(
      "pulumi up",
      up,
      emu,
      (r) => r.ok && Object.values(r.outputs.audit as Audit).every((a) => a.outcome === "cancelled"),
    );
    printAudit(up.outputs.audit as Audit);
    show("pulumi up   # again: the cancellations are recorded", await engine.up(program), emu, (r) =>
      r.steps.every((s) => s.op === "same"),
    );
    const before = JSON.stringify(engine.state().resources.map((r) => r.outputs));
    show("pulumi refresh", await engine.refresh(), emu, (r) => r.ok);
    const same = JSON.stringify(engine.state().resources.map((r) => r.outputs)) === before;
    console.log(`  changes: ${same ? "none (every job is terminal and unchanged)" : "outputs changed"}`);
    // What an auditor keeps before the records go: the export, as `pulumi stack export --file` writes it.
    const exported = join(dir, "export.json");
    copyFileSync(stateFile, exported);
    console.log(`\n$ pulumi stack export --file ${exported}`);
    show(
      "pulumi destroy   # forgets the records; a cancellation cannot be undone",
      await engine.destroy(),
      emu,
      (r) => r.ok,
    );
    const history = engine.state().history.map((h) => `${h.kind}${h.ok ? "" : " (failed)"}`);
    console.log(`\nstate file: ${stateFile}\nstack history: ${history.join(" → ")}`);
    audit(exported, stackFiles(stateFile).history);
  } finally {
    await emu.close();
  }
}

main().catch((err: unknown) => {
  console.error(`demo failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
