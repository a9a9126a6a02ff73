/**
 * The README's audit samples ("The audit trail") are the command's real output: the README's own `ragcancel audit`
 * line, run through audit/cli.ts on the stack that test/docs/readme-stack.ts builds, prints the ```text block byte
 * for byte, and every key the shortened JSON record shows has that value in the stack. The stack is checked too, so
 * the sample stays one the Pulumi CLI and this provider could have produced.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { type CliIo, main } from "../../audit/cli";
import { cancellationKind } from "../../audit/parse/record";
import { summarize } from "../../provider/lifecycle/record";
import type { JobRecord, VendorName } from "../../provider/model";
import { validatorOrSkip } from "../engine/export-schema";
import { passphraseCrypter } from "../engine/harness/state-crypto";
import { PASSPHRASE, README_EXPORT, README_HISTORY, SECRET_REASON, SECRETS_STATE } from "./readme-stack";

const README = readFileSync(resolve(__dirname, "../../README.md"), "utf8");
const SECTION = README.slice(README.indexOf("### The audit trail"), README.indexOf("### What a cancellation acts on"));

function block(lang: string): string {
  const found = new RegExp("```" + lang + "\\n([\\s\\S]*?)```").exec(SECTION)?.[1];
  if (found === undefined) throw new Error(`no \`\`\`${lang} block in the README's "The audit trail"`);
  return found;
}

// The files under the names the README's commands give them, so its command line runs unchanged.
const dir = mkdtempSync(join(tmpdir(), "ragcancel-readme-audit-"));
const FILES: Record<string, string> = { "prod.json": README_EXPORT, "prod-history.json": README_HISTORY };
for (const [name, text] of Object.entries(FILES)) writeFileSync(join(dir, name), text);

/** The README's command for the table, as argv after `ragcancel`: the shell line that says it prints a table. */
function readmeCommand(): string[] {
  const line = block("sh")
    .split("\n")
    .find((l) => l.includes("# a table in the terminal"));
  if (line === undefined) throw new Error("no `ragcancel audit` line for the table in the README");
  const words = (line.split("#")[0] ?? "").trim().split(/\s+/);
  expect(words.slice(0, 3)).toEqual(["npx", "ragcancel", "audit"]);
  return words.slice(2).map((w) => (w in FILES ? join(dir, w) : w));
}

/** Runs `ragcancel` as at a terminal (nothing piped in), capturing what it prints. */
function ragcancel(argv: string[]): { code: number; out: string; err: string } {
  let out = "";
  let err = "";
  const io: CliIo = {
    stdout: (t) => (out += t),
    stderr: (t) => (err += t),
    readStdin: () => {
      throw new Error("the README's command reads no standard input");
    },
    stdinIsTTY: true,
    writeFile: () => {
      throw new Error("the README's command writes no file");
    },
  };
  return { code: main(argv, io), out, err };
}

/** Where `shown` differs from `actual`: objects may leave keys out (the sample is shortened), nothing else may. */
function differences(shown: unknown, actual: unknown, path = "$"): string[] {
  if (Array.isArray(shown)) {
    if (!Array.isArray(actual) || actual.length !== shown.length) return [path];
    return shown.flatMap((s, i) => differences(s, actual[i], `${path}[${i}]`));
  }
  if (typeof shown === "object" && shown !== null) {
    if (typeof actual !== "object" || actual === null || Array.isArray(actual)) return [path];
    const a = actual as Record<string, unknown>;
    return Object.entries(shown).flatMap(([k, v]) =>
      k in a ? differences(v, a[k], `${path}.${k}`) : [`${path}.${k}`],
    );
  }
  return Object.is(shown, actual) ? [] : [path];
}

interface Resource {
  urn: string;
  type: string;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
}
const exported = JSON.parse(README_EXPORT) as { version: number; deployment: { resources: Resource[] } };
const cancellations = exported.deployment.resources.filter((r) => cancellationKind(r) !== undefined);

describe("the README's audit sample", () => {
  it("is what the README's `ragcancel audit` command prints for the README stack, byte for byte", () => {
    const { code, out, err } = ragcancel(readmeCommand());
    expect({ code, err }).toEqual({ code: 0, err: "" });
    expect(out.replace(/\n$/, "")).toBe(block("text").replace(/\n$/, ""));
  });

  it("is the table format, whatever the terminal's width", () => {
    const table = ragcancel([...readmeCommand(), "--format", "table"]).out;
    expect(ragcancel(readmeCommand()).out).toBe(table);
    // The table cuts cells at a fixed length (audit/format/table.ts), never at the terminal's width: a change to
    // that would make the sample depend on the terminal it was made in.
    const columns = Object.getOwnPropertyDescriptor(process.stdout, "columns");
    const env = process.env.COLUMNS;
    try {
      for (const width of [40, 400]) {
        Object.defineProperty(process.stdout, "columns", { value: width, configurable: true });
        process.env.COLUMNS = String(width);
        expect(ragcancel(readmeCommand()).out).toBe(table);
      }
    } finally {
      if (columns) Object.defineProperty(process.stdout, "columns", columns);
      else delete (process.stdout as { columns?: number }).columns;
      if (env === undefined) delete process.env.COLUMNS;
      else process.env.COLUMNS = env;
    }
  });

  it("shows one resource's record with every key it lists as the stack holds it", () => {
    const shown = JSON.parse(block("json")) as { jobIds: string[] };
    const resource = cancellations.find((r) => JSON.stringify(r.outputs?.jobIds) === JSON.stringify(shown.jobIds));
    expect(resource?.urn).toBe(
      "urn:pulumi:prod::rag::pulumi-nodejs:dynamic/ragcancel:digitalocean.IndexingJobCancellation::stop-kb-reindex",
    );
    expect(differences(shown, resource?.outputs)).toEqual([]);
  });
});

describe("the README stack", () => {
  it("is a deployment version 3 export that passes Pulumi's own schemas", () => {
    expect(exported.version).toBe(3);
    const validate = validatorOrSkip();
    if (validate) expect(validate(exported)).toEqual([]);
  });

  it("holds records as the provider writes them: each is what summarize makes of its jobs", () => {
    expect(cancellations).toHaveLength(3);
    for (const r of cancellations) {
      const o = r.outputs ?? {};
      const made = summarize(
        o.vendor as VendorName,
        o.jobs as JobRecord[],
        o.details as Parameters<typeof summarize>[2],
        {
          requestedAt: o.requestedAt as string | null,
          confirmedAt: o.confirmedAt as string | null,
          observedAt: o.observedAt as string,
          omitted: o.jobsOmitted as number,
        },
      );
      expect([r.urn, Object.fromEntries(Object.keys(made).map((k) => [k, o[k]]))]).toEqual([r.urn, made]);
    }
  });

  it("keeps the Bedrock reason as the CLI writes a secret: a ciphertext the stack's passphrase opens", () => {
    const bedrock = cancellations.find((r) => r.type === "ragcancel:bedrock:IngestionJobCancellation");
    const reason = bedrock?.outputs?.reason as { ciphertext?: unknown } | undefined;
    expect(typeof reason?.ciphertext).toBe("string");
    const crypter = passphraseCrypter(PASSPHRASE, SECRETS_STATE);
    expect(JSON.parse(crypter.decrypt(String(reason?.ciphertext)))).toBe(SECRET_REASON);
    expect(README_EXPORT).not.toContain(SECRET_REASON);
  });
});
