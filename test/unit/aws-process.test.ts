/**
 * A profile's `credential_process`, run where a deadline or Ctrl-C ends the process itself (and what it started),
 * only where AWS's chain would run that command first, its output read by the rules AWS documents.
 */
import { setTimeout as pause } from "node:timers/promises";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { providers } from "../../provider";
import {
  chainProfile,
  credentialsFrom,
  processCommandOf,
  endHelpers,
  runCredentialProcess,
} from "../../provider/vendors/aws-process";
import { useMockVendor } from "./support/mock-vendor";

const BASE = "https://vendor.test";
const { pool } = useMockVendor(BASE, { isolate: true });
const WHERE = "the credential_process of profile p";

/** What the kernel says of a process on Linux (its state, parent and process group), or undefined once it is gone. */
function statOf(pid: number): string | undefined {
  try {
    return readFileSync(join("/proc", String(pid), "stat"), "utf8").trim();
  } catch {
    return undefined;
  }
}

/**
 * Whether a process still runs. On Linux a zombie (ended, not yet reaped by whoever adopted it) counts as ended;
 * elsewhere signal 0 tests for it without sending anything.
 */
function alive(pid: number): boolean {
  if (existsSync("/proc/self/stat")) {
    const stat = statOf(pid);
    return stat !== undefined && !/^\d+ \(.*\) Z/.test(stat);
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Waits up to `ms` for `pid` to be gone: "gone" when it is, else what the kernel still says of it, so a failure shows
 * the state and process group it was left in.
 */
async function goneWithin(pid: number, ms: number): Promise<string> {
  for (const until = Date.now() + ms; Date.now() < until;) {
    if (!alive(pid)) return "gone";
    await pause(50);
  }
  // pid (command) state parent group: the rest of the line is counters.
  const head = /^\d+ \(.*\) \S+ \d+ \d+/.exec(statOf(pid) ?? "")?.[0] ?? "(kill -0 answers)";
  return alive(pid) ? `still there: ${head}` : "gone";
}

/** A helper that starts a grandchild (`sleep`), writes its pid, and waits on it: what a stop must end too. */
function hangingHelper(): { command: string; pidFile: string } {
  const pidFile = join(mkdtempSync(join(tmpdir(), "ragcancel-proc-")), "pid");
  return { command: `sleep 30 & echo $! > ${pidFile}; wait`, pidFile };
}

/** Waits up to 5 s for a helper to write `file` (a loaded machine starts shells slowly). */
async function written(file: string): Promise<string> {
  for (let i = 0; i < 250 && !existsSync(file); i++) await pause(20);
  return readFileSync(file, "utf8");
}

async function pidOf(file: string): Promise<number> {
  return Number((await written(file)).trim());
}

describe("which profile and command AWS's chain would run first", () => {
  it("the profile: the input, else AWS_PROFILE, else default; none when the environment's keys come first", () => {
    expect(chainProfile("mine", { AWS_PROFILE: "env" })).toBe("mine");
    expect(chainProfile(undefined, { AWS_PROFILE: "env", AWS_ACCESS_KEY_ID: "a", AWS_SECRET_ACCESS_KEY: "s" })).toBe(
      "env",
    );
    expect(chainProfile(undefined, {})).toBe("default");
    expect(chainProfile(undefined, { AWS_ACCESS_KEY_ID: "a", AWS_SECRET_ACCESS_KEY: "s" })).toBeUndefined();
  });

  it("the command, only when the profile holds nothing AWS's fromIni reads before it", () => {
    const cmd = { credential_process: "helper --json" };
    expect(processCommandOf(cmd)).toBe("helper --json");
    expect(processCommandOf({ ...cmd, region: "us-east-1" })).toBe("helper --json");
    for (const before of ["role_arn", "aws_access_key_id", "aws_secret_access_key", "web_identity_token_file"])
      expect([before, processCommandOf({ ...cmd, [before]: "x" })]).toEqual([before, undefined]);
    expect(processCommandOf({ credential_process: "  " })).toBeUndefined();
    expect(processCommandOf(undefined)).toBeUndefined();
  });
});

describe("the helper's output, by AWS's rules", () => {
  const good = { Version: 1, AccessKeyId: "AKIAPROC", SecretAccessKey: "proc-secret" };

  it("reads the keys, the session token and a future expiration", () => {
    const later = new Date(Date.now() + 3_600_000).toISOString();
    expect(credentialsFrom(JSON.stringify({ ...good, SessionToken: "tok", Expiration: later }), WHERE)).toEqual({
      form: "access key",
      values: { accessKeyId: "AKIAPROC", secretAccessKey: "proc-secret", sessionToken: "tok" },
      source: WHERE,
    });
  });

  it("takes a null or empty SessionToken and Expiration as none, and an Expiration that is not a date as no expiry, as AWS does", () => {
    for (const extra of [
      { SessionToken: null, Expiration: null },
      { SessionToken: "", Expiration: "" },
      { Expiration: "soon" },
    ])
      expect(credentialsFrom(JSON.stringify({ ...good, ...extra }), WHERE).values).toEqual({
        accessKeyId: "AKIAPROC",
        secretAccessKey: "proc-secret",
      });
  });

  it("refuses other versions, missing keys, expired credentials and non-JSON, echoing no value", () => {
    const cases: [string, RegExp][] = [
      [JSON.stringify({ ...good, Version: 2 }), /no usable credentials \(Version\)/],
      [JSON.stringify({ Version: 1, AccessKeyId: "AKIAPROC" }), /no usable credentials \(SecretAccessKey\)/],
      [JSON.stringify({ ...good, Expiration: "2001-01-01T00:00:00Z" }), /expired credentials/],
      ["proc-secret is not json", /did not print JSON/],
    ];
    for (const [output, why] of cases) {
      const err = (() => {
        try {
          credentialsFrom(output, WHERE);
          return new Error("expected a failure");
        } catch (e) {
          return e as Error;
        }
      })();
      expect([output, err.message]).toEqual([output, expect.stringMatching(why)]);
      expect(err.message).not.toContain("proc-secret");
    }
  });
});

describe("a stop ends the helper and what it started", () => {
  it("the abort signal ends the shell and its grandchild, and the wait", async () => {
    const { command, pidFile } = hangingHelper();
    const stop = new AbortController();
    const running = runCredentialProcess("p", command, stop.signal);
    const grandchild = await pidOf(pidFile);
    expect(alive(grandchild)).toBe(true);
    stop.abort();
    await expect(running).rejects.toThrow(`${WHERE} was ended: the operation had ended`);
    expect(await goneWithin(grandchild, 10_000)).toBe("gone");
  });

  /**
   * Starts a helper whose child ignores SIGTERM and outlives its shell (ignored signals stay ignored across exec, so
   * the sleep ignores it too), and stops it once the trap is set. Returns the child's pid and its process group, the
   * shell's (field 5 of the kernel's line): the id the helper is tracked by.
   */
  async function stopStubbornHelper(): Promise<{ stubborn: number; group: number }> {
    const dir = mkdtempSync(join(tmpdir(), "ragcancel-proc-"));
    const [pidFile, ready] = [join(dir, "pid"), join(dir, "ready")];
    const child = `sh -c 'trap "" TERM; touch ${ready}; exec sleep 30'`;
    const stop = new AbortController();
    const running = runCredentialProcess("p", `${child} & echo $! > ${pidFile}; wait`, stop.signal);
    const stubborn = await pidOf(pidFile);
    await written(ready);
    const group = Number(
      statOf(stubborn)
        ?.replace(/^.*\) /, "")
        .split(" ")[2],
    );
    stop.abort();
    await expect(running).rejects.toThrow("was ended");
    return { stubborn, group };
  }

  it("a child that ignores SIGTERM and outlives its shell is killed with the group after the grace period", async () => {
    const { stubborn } = await stopStubbornHelper();
    // It outlived the SIGTERM: only the group's SIGKILL, 2 s later, can end it. The wait allows for a loaded machine.
    await pause(100);
    expect(alive(stubborn)).toBe(true);
    expect(await goneWithin(stubborn, 12_000)).toBe("gone");
  });

  it("a group still in its grace period is killed when this process exits (a Ctrl-C: the cancel, then the exit)", async () => {
    const { stubborn, group } = await stopStubbornHelper();
    // The shell has ended and been reaped here (not only a zombie: its exit event has come); the stubborn member of
    // its group runs on.
    for (let i = 0; i < 500 && statOf(group) !== undefined; i++) await pause(20);
    expect(statOf(group)).toBeUndefined();
    await pause(20);
    expect(alive(stubborn)).toBe(true);
    // What tells the exit's kill from the grace period's: the group is still tracked after its shell has exited.
    expect(endHelpers()).toContain(group);
    expect(await goneWithin(stubborn, 10_000)).toBe("gone");
  });

  it("a non-zero exit names the code, not the command or what it printed", async () => {
    const err = (await runCredentialProcess("p", "echo proc-secret; exit 3", new AbortController().signal).catch(
      (e: unknown) => e,
    )) as Error;
    expect(err.message).toBe(`${WHERE} exited with code 3`);
  });

  it("an operation's deadline ends a hanging helper of the profile AWS's chain would run (Bedrock create)", async () => {
    const { command, pidFile } = hangingHelper();
    const file = join(mkdtempSync(join(tmpdir(), "ragcancel-aws-")), "config");
    writeFileSync(file, `[profile hang]\nregion = us-east-1\ncredential_process = ${command}\n`);
    process.env.AWS_CONFIG_FILE = file;
    process.env.AWS_SHARED_CREDENTIALS_FILE = "/nonexistent/ragcancel-unit/credentials";
    const inputs = {
      knowledgeBaseId: "KB12345678",
      dataSourceId: "DS12345678",
      ingestionJobId: "JOB1234567",
      profile: "hang",
      endpoint: BASE,
      timeoutSeconds: 1,
    };
    const err = (await providers.bedrock.create(inputs).catch((e: unknown) => e)) as Error;
    expect(err.message).toContain("did not finish by the deadline");
    expect(await goneWithin(await pidOf(pidFile), 10_000)).toBe("gone");
  });
});

describe("its credentials sign the request", () => {
  it("a profile whose helper prints keys and a session token: the request is signed with them", async () => {
    const out = JSON.stringify({
      Version: 1,
      AccessKeyId: "AKIAPROCESS000000001",
      SecretAccessKey: "proc-secret-1",
      SessionToken: "proc-session-1",
    });
    const dir = mkdtempSync(join(tmpdir(), "ragcancel-aws-"));
    writeFileSync(join(dir, "out.json"), out);
    // The shell's pid and its process group (the fifth field of /proc/<pid>/stat), then the credentials.
    const helper = `echo $$ $(cut -d" " -f5 /proc/$$/stat) > ${join(dir, "group")}; cat ${join(dir, "out.json")}`;
    writeFileSync(join(dir, "config"), `[profile proc]\ncredential_process = ${helper}\n`);
    process.env.AWS_CONFIG_FILE = join(dir, "config");
    process.env.AWS_SHARED_CREDENTIALS_FILE = "/nonexistent/ragcancel-unit/credentials";
    let headers: Record<string, string> = {};
    pool()
      .intercept({ path: "/knowledgebases/KB12345678/datasources/DS12345678/ingestionjobs/JOB1234567", method: "GET" })
      .reply((opts) => {
        headers = opts.headers as Record<string, string>;
        const job = { knowledgeBaseId: "KB12345678", dataSourceId: "DS12345678", ingestionJobId: "JOB1234567" };
        return { statusCode: 200, data: JSON.stringify({ ingestionJob: { ...job, status: "COMPLETE" } }) };
      });
    const { outs } = await providers.bedrock.create({
      knowledgeBaseId: "KB12345678",
      dataSourceId: "DS12345678",
      ingestionJobId: "JOB1234567",
      profile: "proc",
      region: "us-east-1",
      endpoint: BASE,
    });
    expect(outs?.outcome).toBe("already-finished");
    // Run by the provider, not by AWS's exec: the shell leads a process group of its own, which a stop can end.
    const [shell, group] = readFileSync(join(dir, "group"), "utf8").trim().split(" ");
    expect(group).toBe(shell);
    expect(headers.authorization).toContain("Credential=AKIAPROCESS000000001/");
    expect(headers["x-amz-security-token"]).toBe("proc-session-1");
  });
});

describe("its credentials meet the rule check applies to the ones it can see", () => {
  it("a secret or session token too short to scrub is refused, naming the field and the helper, and nothing is sent", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ragcancel-aws-"));
    writeFileSync(
      join(dir, "out.json"),
      JSON.stringify({ Version: 1, AccessKeyId: "AKIASHORT00000000001", SecretAccessKey: "s3c", SessionToken: "tk" }),
    );
    writeFileSync(join(dir, "config"), `[profile short]\ncredential_process = cat ${join(dir, "out.json")}\n`);
    process.env.AWS_CONFIG_FILE = join(dir, "config");
    process.env.AWS_SHARED_CREDENTIALS_FILE = "/nonexistent/ragcancel-unit/credentials";
    let sent = 0;
    pool()
      .intercept({ path: /ingestionjobs/, method: () => true })
      .reply(() => {
        sent++;
        return { statusCode: 200, data: "{}" };
      })
      .persist();
    const err = (await providers.bedrock
      .create({
        knowledgeBaseId: "KB12345678",
        dataSourceId: "DS12345678",
        ingestionJobId: "JOB1234567",
        profile: "short",
        region: "us-east-1",
        endpoint: BASE,
      })
      .catch((e: unknown) => e)) as Error;
    expect(err.message).toContain(
      "the secretAccessKey from the credential_process of profile short is shorter than 4 characters",
    );
    expect(err.message).toContain("the sessionToken from the credential_process of profile short is shorter than 4");
    expect(err.message).toContain("Nothing was sent.");
    expect(err.message).not.toMatch(/s3c|"tk"/);
    expect(sent).toBe(0);
  });
});

describe("the profile is read as AWS's chain merges the files", () => {
  it("the credentials file's credential_process for a profile wins over the config file's", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ragcancel-aws-"));
    const keys = (id: string) => JSON.stringify({ Version: 1, AccessKeyId: id, SecretAccessKey: "proc-secret" });
    writeFileSync(join(dir, "config.json"), keys("AKIACONFIGFILE000001"));
    writeFileSync(join(dir, "creds.json"), keys("AKIACREDSFILE0000001"));
    writeFileSync(join(dir, "config"), `[profile both]\ncredential_process = cat ${join(dir, "config.json")}\n`);
    writeFileSync(join(dir, "credentials"), `[both]\ncredential_process = cat ${join(dir, "creds.json")}\n`);
    process.env.AWS_CONFIG_FILE = join(dir, "config");
    process.env.AWS_SHARED_CREDENTIALS_FILE = join(dir, "credentials");
    let authorization = "";
    pool()
      .intercept({ path: "/knowledgebases/KB12345678/datasources/DS12345678/ingestionjobs/JOB1234567", method: "GET" })
      .reply((opts) => {
        authorization = (opts.headers as Record<string, string>).authorization ?? "";
        const job = { knowledgeBaseId: "KB12345678", dataSourceId: "DS12345678", ingestionJobId: "JOB1234567" };
        return { statusCode: 200, data: JSON.stringify({ ingestionJob: { ...job, status: "COMPLETE" } }) };
      });
    await providers.bedrock.create({
      knowledgeBaseId: "KB12345678",
      dataSourceId: "DS12345678",
      ingestionJobId: "JOB1234567",
      profile: "both",
      region: "us-east-1",
      endpoint: BASE,
    });
    expect(authorization).toContain("Credential=AKIACREDSFILE0000001/");
  });
});
