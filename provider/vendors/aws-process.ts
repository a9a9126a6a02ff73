/**
 * A profile's `credential_process`, run so that a deadline or Ctrl-C ends the process and not only the wait for it.
 * AWS's own runner (`@aws-sdk/credential-provider-process`: `exec` with no signal and no timeout) cannot be stopped:
 * a helper waiting for an MFA code or a browser sign-in stayed behind every operation that gave up on it, and the
 * chain went on to the next provider (instance metadata) after the operation had ended.
 *
 * It takes over only where AWS's chain would run that very command first: no keys in the environment, and the
 * profile (AWS's name: the profile input, else `AWS_PROFILE`, else `default`) has `credential_process` and none of
 * what AWS's `fromIni` prefers to it (`role_arn`, static keys, `web_identity_token_file`). Everything else stays
 * with AWS's chain. The command runs as AWS's does (a shell, the same environment), and its output is read by the
 * rules AWS documents: "Sourcing credentials with an external process" (Version 1, AccessKeyId, SecretAccessKey,
 * optional SessionToken and an ISO 8601 Expiration that must not have passed), as `getValidatedProcessCredentials`
 * in that package applies them.
 * @internal
 * @packageDocumentation
 */
import { spawn, spawnSync } from "node:child_process";
import { z } from "zod";
import type { ResolvedCredentials } from "../inputs/credentials";
import type { Profile } from "./aws-config";

/** What AWS's chain reads before the profile's `credential_process` (`resolveProfileData`'s order). */
const PREFERRED_KEYS = ["role_arn", "aws_access_key_id", "aws_secret_access_key", "web_identity_token_file"];

/** The most a helper may print: AWS's `exec` stops at 1 MiB (its default `maxBuffer`). */
const MAX_OUTPUT_BYTES = 1024 * 1024;

/** A stopped helper gets this long after SIGTERM to exit before its process group is killed. */
const GRACE_MS = 2000;

/** The output AWS documents for a credential process. */
const OUTPUT = z.object({
  Version: z.literal(1),
  AccessKeyId: z.string().min(1),
  SecretAccessKey: z.string().min(1),
  // AWS's reader takes a missing, null or empty value as none.
  SessionToken: z.string().nullish(),
  Expiration: z.string().nullish(),
});

/**
 * The profile AWS's chain reads (the profile input, else `AWS_PROFILE`, else `default`), or none when it takes keys
 * from the environment first (no profile named and both keys set).
 */
export function chainProfile(profile: string | undefined, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (profile !== undefined) return profile;
  if (env.AWS_PROFILE) return env.AWS_PROFILE;
  if (env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY) return undefined;
  return "default";
}

/** The profile's `credential_process`, when AWS's chain would run it before anything else the profile holds. */
export function processCommandOf(data: Profile | undefined): string | undefined {
  const command = data?.credential_process;
  if (command === undefined || command.trim() === "") return undefined;
  if (PREFERRED_KEYS.some((key) => data?.[key] !== undefined)) return undefined;
  return command;
}

/**
 * Helpers that may still have something running, by pid (on POSIX also their process group's id): a running shell,
 * or a stopped one's group until its SIGKILL, since a member that ignored the SIGTERM outlives the shell. Ended with
 * this process, which may exit within the grace period (the CLI's Ctrl-C cancels, then the plugin exits).
 */
const live = new Set<number>();
let endsWithProcess = false;

/** Kills the group of every helper that may still have something running, as this process exits; returns their ids. */
export function endHelpers(): number[] {
  const ended = [...live];
  for (const pid of ended) signalGroup(pid, "SIGKILL");
  live.clear();
  return ended;
}

/**
 * Runs `command` in a shell of its own process group and reads the credentials it prints. `stop` ends it: SIGTERM to
 * the whole group (the shell and whatever it started; the process tree on Windows), SIGKILL after a grace period, and
 * the wait ends at once. A helper still running when this process exits is killed then: out of the plugin's process
 * group, it would not get the CLI's signals.
 */
export async function runCredentialProcess(
  profile: string,
  command: string,
  stop: AbortSignal,
): Promise<ResolvedCredentials> {
  const where = `the credential_process of profile ${profile}`;
  if (ended(stop)) throw new Error(`${where} was not started: the operation had ended`);
  if (!endsWithProcess) {
    endsWithProcess = true;
    process.on("exit", endHelpers);
  }
  const child = spawn(command, {
    shell: true,
    detached: process.platform !== "win32",
    stdio: ["ignore", "pipe", "ignore"],
    windowsHide: true,
  });
  const pid = child.pid;
  if (pid !== undefined) live.add(pid);
  let ending = false;
  // The SIGKILL follows whatever the shell does: a child that ignores SIGTERM outlives its shell in the same group.
  const end = () => {
    if (ending || pid === undefined) return;
    ending = true;
    signalGroup(pid, "SIGTERM");
    setTimeout(() => {
      signalGroup(pid, "SIGKILL");
      live.delete(pid);
    }, GRACE_MS).unref();
  };
  child.on("exit", () => {
    if (pid !== undefined && !ending) live.delete(pid);
  });
  try {
    const { code, output } = await new Promise<{ code: number | null; output: string }>((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      const onStop = () => {
        // Before "close": the pipe is still held, so the group still has a member to end, the shell or its child.
        end();
        child.stdout.destroy();
        reject(new Error(`${where} was ended: the operation had ended`));
      };
      stop.addEventListener("abort", onStop, { once: true });
      child.stdout.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (size <= MAX_OUTPUT_BYTES) chunks.push(chunk);
        else {
          end();
          child.stdout.destroy();
          reject(new Error(`${where} printed over ${MAX_OUTPUT_BYTES} bytes`));
        }
      });
      child.on("error", (err) => {
        reject(new Error(`${where} could not be started (${err.message})`));
      });
      child.on("close", (exit) => {
        resolve({ code: exit, output: Buffer.concat(chunks).toString("utf8") });
      });
      child.once("close", () => {
        stop.removeEventListener("abort", onStop);
      });
    });
    // Neither the command line nor what it printed is repeated: either may hold a secret.
    if (code !== 0) throw new Error(`${where} exited with ${code === null ? "a signal" : `code ${code}`}`);
    return credentialsFrom(output, where);
  } catch (err) {
    // Still running (it printed too much, say): ended. An exited one is not signalled: its id may be reused.
    if (pid !== undefined && live.has(pid)) end();
    throw err;
  }
}

/** Reads a helper's output by AWS's rules; the errors name the rule, never a value. */
export function credentialsFrom(output: string, where: string): ResolvedCredentials {
  let json: unknown;
  try {
    json = JSON.parse(output.trim());
  } catch {
    throw new Error(`${where} did not print JSON`);
  }
  const parsed = OUTPUT.safeParse(json);
  if (!parsed.success) {
    const fields = [...new Set(parsed.error.issues.map((i) => i.path.join(".") || "(output)"))].join(", ");
    throw new Error(
      `${where} printed no usable credentials (${fields}): expected Version 1 with AccessKeyId and SecretAccessKey`,
    );
  }
  const out = parsed.data;
  // As AWS's reader: an Expiration in the past is refused; one that is not a date is not compared, so not refused.
  if (out.Expiration && Date.parse(out.Expiration) < Date.now())
    throw new Error(`${where} printed expired credentials`);
  return {
    form: "access key",
    values: {
      accessKeyId: out.AccessKeyId,
      secretAccessKey: out.SecretAccessKey,
      ...(out.SessionToken ? { sessionToken: out.SessionToken } : {}),
    },
    source: where,
  };
}

/** Whether the operation has stopped; a call, so a check after a wait is not narrowed away by one before it. */
function ended(stop: AbortSignal): boolean {
  return stop.aborted;
}

/**
 * Sends `signal` to the helper's process group; on Windows, where a signal reaches one process only, `taskkill /T`
 * ends its tree. It may have exited already.
 */
function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    if (process.platform === "win32") spawnSync("taskkill", ["/pid", String(pid), "/T", "/F"], { windowsHide: true });
    else process.kill(-pid, signal);
  } catch {
    // Gone already: nothing to end.
  }
}
