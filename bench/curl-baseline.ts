/**
 * Scenario 7, the alternative: the same mixed-vendor cancellations done the way a stack without this package would,
 * one `sh -c "curl …"` process per cancellation as `@pulumi/command` runs it, at the engine's width. Only the
 * cancel request is sent (no status read, no confirmation), so the baseline does less work than our `up`.
 */
import { spawn, spawnSync } from "node:child_process";
import type { Emulator } from "../test/emulator";
import { Limiter } from "../test/engine/harness/concurrency";
import { CANARY } from "../test/engine/vendors";
import { signerFor } from "../provider/vendors/bedrock-auth";
import { benchEmulator, DEFAULT_WIDTH, mixedCancellations, since, type Cancellation } from "./bench-env";
import { formatNumber, info, judged, type Figure } from "./figures";
import type { ScalePoint } from "./scale";

const SCENARIO = "7 vs curl";

interface CancelRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
  /** Signed with AWS SigV4 before it is sent (Bedrock). */
  sign?: boolean;
}

/** The request with its SigV4 headers (valid five minutes, longer than the bench runs), when it needs them. */
async function signed(r: CancelRequest): Promise<CancelRequest> {
  if (!r.sign) return r;
  const sign = signerFor({ accessKeyId: CANARY.brKeyId, secretAccessKey: CANARY.brSecret }, "us-east-1");
  return { ...r, headers: await sign({ method: r.method, url: new URL(r.url), headers: r.headers, body: undefined }) };
}

function cancelRequest(emu: Emulator, c: Cancellation): CancelRequest {
  const { id, group } = c.job;
  const json = { "content-type": "application/json" };
  switch (c.driver.vendor) {
    case "digitalocean":
      return {
        method: "PUT",
        url: `${emu.endpoints.digitalocean}/v2/gen-ai/indexing_jobs/${id}/cancel`,
        headers: { ...json, authorization: `Bearer ${CANARY.doToken}` },
        body: JSON.stringify({ uuid: id }),
      };
    case "cloudflare":
      return {
        method: "PATCH",
        url: `${emu.endpoints.cloudflare}/accounts/acc-emulator/ai-search/namespaces/default/instances/${group}/jobs/${id}`,
        headers: { ...json, authorization: `Bearer ${CANARY.cfToken}` },
        body: JSON.stringify({ action: "cancel" }),
      };
    case "groundx":
      return {
        method: "DELETE",
        url: `${emu.endpoints.groundx}/v1/ingest/${id}`,
        headers: { "x-api-key": CANARY.gxKey },
        body: "",
      };
    case "superoffice":
      return {
        method: "POST",
        url: `${emu.endpoints.superoffice}/v1/Agents/AI/CancelIndexing`,
        headers: { ...json, authorization: `Bearer ${CANARY.soToken}`, "so-apptoken": CANARY.soAppToken },
        body: JSON.stringify({ NamespaceName: group }),
      };
    case "openai":
      return {
        method: "POST",
        url: `${emu.endpoints.openai}/vector_stores/${group}/file_batches/${id}/cancel`,
        headers: { authorization: `Bearer ${CANARY.oaKey}`, "openai-beta": "assistants=v2" },
        body: "",
      };
    case "pinecone":
      // The index's host known beforehand, as a careful script would keep it: no describe-index call.
      return {
        method: "DELETE",
        url: `${emu.endpoints.pinecone}/hosts/${group}/bulk/imports/${id}`,
        headers: { "api-key": CANARY.pcKey, "x-pinecone-api-version": "2026-04" },
        body: "",
      };
    case "bedrock": {
      const [kb = "", ds = ""] = group.split("/");
      return {
        method: "POST",
        url: `${emu.endpoints.bedrock}/knowledgebases/${kb}/datasources/${ds}/ingestionjobs/${id}/stop`,
        // SigV4 has no static header: the request is signed here, with AWS's signer, for the shell step to send.
        headers: {},
        body: "",
        sign: true,
      };
    }
  }
}

function quote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

function curlCommand(r: CancelRequest): string {
  const headers = Object.entries(r.headers).map(([k, v]) => `-H ${quote(`${k}: ${v}`)}`);
  const data = r.body === "" ? [] : [`--data ${quote(r.body)}`];
  return ["curl -sS -f -o /dev/null -X", r.method, ...headers, ...data, quote(r.url)].join(" ");
}

function nodeCommand(r: CancelRequest): string {
  const init = JSON.stringify({ method: r.method, headers: r.headers, ...(r.body === "" ? {} : { body: r.body }) });
  const script = `fetch(${JSON.stringify(r.url)}, ${init}).then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))`;
  return `${quote(process.execPath)} -e ${quote(script)}`;
}

function run(command: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn("sh", ["-c", command], { stdio: "ignore" });
    child.once("error", reject);
    child.once("close", (code) => {
      resolve(code ?? -1);
    });
  });
}

/** Whether `curl` is on the PATH. */
export function hasCurl(): boolean {
  return spawnSync("sh", ["-c", "command -v curl"], { stdio: "ignore" }).status === 0;
}

/** Wall ms each added cancellation costs us, from the two largest stacks of the scale scenario. */
function oursMarginalMs(points: readonly ScalePoint[]): number | undefined {
  if (points.length < 2) return undefined;
  const [a, b] = [points[points.length - 2]!, points[points.length - 1]!];
  return (b.wallMs - a.wallMs) / (b.cancellations - a.cancellations);
}

/** Runs `n` cancellations one process each and compares with our `up` of the same size from `points`. */
export async function runCurlBaseline(n: number, points: readonly ScalePoint[]): Promise<Figure[]> {
  const oursMs = points.find((p) => p.cancellations === n)?.wallMs;
  const emu = await benchEmulator(0.01);
  try {
    const curl = hasCurl();
    const requests = await Promise.all(mixedCancellations(emu, n, 0).map((c) => signed(cancelRequest(emu, c))));
    const limiter = new Limiter(DEFAULT_WIDTH);
    const start = performance.now();
    const codes = await Promise.all(
      requests.map((r) => limiter.run(() => run(curl ? curlCommand(r) : nodeCommand(r)))),
    );
    const wallMs = since(start);
    const failed = codes.filter((c) => c !== 0).length;
    if (failed > 0) throw new Error(`${failed} of ${n} ${curl ? "curl" : "node"} cancellations failed`);
    const tool = curl ? "sh -c curl" : "sh -c node -e fetch (no curl on this machine)";
    const how = `${tool}: ${formatNumber(wallMs / 1000)} s; ours ${oursMs === undefined ? "?" : formatNumber(oursMs / 1000)} s`;
    const ratio = oursMs === undefined ? null : wallMs / oursMs;
    const figures = [judged(SCENARIO, `${n} cancellations: baseline / ours`, ratio, "×", ">=", 5, how)];
    const marginal = oursMarginalMs(points);
    if (marginal !== undefined) {
      const note = `ours: (t(${points[points.length - 1]!.cancellations}) − t(${points[points.length - 2]!.cancellations})) per added cancellation`;
      figures.push(info(SCENARIO, "baseline wall per cancellation", wallMs / n, "ms"));
      figures.push(info(SCENARIO, "ours, marginal wall per cancellation", marginal, "ms", note));
    }
    return figures;
  } finally {
    await emu.close();
  }
}
