/**
 * The plugin's progress lines, sent to the engine. Since Pulumi v3.144.0 the engine hides a resource plugin's stdout
 * and stderr (debug level only), so a line the user should see goes through the Engine service's `Log` RPC, attached
 * to its resource's URN; a waiting line as ephemeral (the resource's status, superseded by the next). When no engine
 * takes them (nothing listens at the address, or it does not serve `Log`) the lines go to stderr, with one warning:
 * a progress line is never worth failing or slowing a cancellation for.
 * @internal
 * @packageDocumentation
 */
import * as grpc from "@grpc/grpc-js";
import * as engineGrpc from "@pulumi/pulumi/proto/engine_grpc_pb";
import * as enginePb from "@pulumi/pulumi/proto/engine_pb";
import type { ProgressSink } from "../provider/lifecycle/progress";

/** How long one `Log` call may take: the engine answers in microseconds; a slower one loses the line to stderr. */
const LOG_DEADLINE_MS = 2_000;
/** How long a flush waits for the lines queued before it. */
const FLUSH_MS = 1_000;
/** Beyond this many lines waiting, a waiting line is dropped: the engine would show it only until the next one. */
const MAX_QUEUED = 50;

/** The progress of one operation on one resource. */
export interface ResourceLog {
  /** Takes a line about the resource; returns at once, whatever the engine does. */
  progress: ProgressSink;
  /** Resolves once this resource's lines reached the engine or stderr, or after a second, whichever is first. */
  flush(): Promise<void>;
}

/** What the plugin sends its progress through. */
export interface EngineLog {
  /** The log of an operation on the resource `urn`. */
  forResource(urn: string): ResourceLog;
  /** Resolves once every line given so far reached the engine or stderr, or after a second, whichever is first. */
  flush(): Promise<void>;
  /**
   * Sends later lines to the engine at `address`: the one that attached to a plugin started by hand
   * (`PULUMI_DEBUG_PROVIDERS`), which had no address on its command line or the previous engine's.
   */
  attach(address: string): void;
  /** Closes the connection; later lines go to stderr. */
  close(): void;
}

/** What {@link connectEngineLog} writes to instead of stderr, and its bounds (tests). */
export interface EngineLogOptions {
  /** Takes what would go to stderr. */
  write?: (text: string) => void;
  /** How long one `Log` call may take before its line goes to stderr. */
  deadlineMs?: number;
  /** How long a flush waits at most. */
  flushMs?: number;
}

/**
 * The engine's address: the last command-line argument, as the engine passes it to every plugin (run-plugin leaves
 * it last too). Undefined when there is none: a plugin started by hand.
 */
export function engineAddressOf(argv: readonly string[]): string | undefined {
  const last = argv.length > 2 ? argv[argv.length - 1] : undefined;
  if (last === undefined || !/^[\w.[\]-]*:\d+$/.test(last)) return undefined;
  // Older engines wrote ":<port>"; gRPC needs a host.
  return last.startsWith(":") ? `127.0.0.1${last}` : last;
}

/** Resolves with `work`, or after `ms`: a caller never waits longer on the engine than that. */
function bounded(work: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
  });
  return Promise.race([work, timeout]).finally(() => {
    clearTimeout(timer);
  });
}

/**
 * A client of the engine at `address`. Lines are sent one at a time, in order (the engine may otherwise show a
 * waiting line after the outcome), each bounded by a deadline; nothing waits for them but {@link EngineLog.flush}.
 */
export function connectEngineLog(initial: string | undefined, o: EngineLogOptions = {}): EngineLog {
  const write =
    o.write ??
    ((text: string) => {
      process.stderr.write(text);
    });
  const deadlineMs = o.deadlineMs ?? LOG_DEADLINE_MS;
  const flushMs = o.flushMs ?? FLUSH_MS;
  let address = initial;
  const dial = (to: string | undefined) =>
    to === undefined ? undefined : new engineGrpc.EngineClient(to, grpc.credentials.createInsecure());
  let client = dial(address);
  let warned = false;
  let queued = 0;
  let tail = Promise.resolve();

  const toStderr = (line: string, why: string) => {
    if (!warned) {
      warned = true;
      write(`ragcancel: ${why}; progress lines go to stderr\n`);
    }
    write(`${line}\n`);
  };

  const send = (urn: string, line: string, ephemeral: boolean) =>
    new Promise<void>((resolve) => {
      const engine = client;
      if (engine === undefined) {
        toStderr(line, address === undefined ? "no engine address was given" : `the engine at ${address} is gone`);
        resolve();
        return;
      }
      const req = new enginePb.LogRequest()
        .setSeverity(enginePb.LogSeverity.INFO)
        .setMessage(line)
        .setUrn(urn)
        .setEphemeral(ephemeral);
      const failed = (code: grpc.status) => {
        // A slow answer may be a busy engine: this line goes to stderr, the next tries again. Any other failure
        // (refused, unimplemented) will not heal within this plugin's life: stop dialling.
        if (code !== grpc.status.DEADLINE_EXCEEDED) {
          engine.close();
          client = undefined;
        }
        toStderr(line, `the engine at ${address ?? ""} took no log message (${grpc.status[code]})`);
      };
      try {
        engine.log(req, new grpc.Metadata(), { deadline: Date.now() + deadlineMs }, (err) => {
          if (err) failed(err.code);
          resolve();
        });
      } catch {
        failed(grpc.status.INTERNAL);
        resolve();
      }
    });

  return {
    forResource: (urn) => {
      // Where this resource's last line is in the queue: its flush waits for no other resource's later lines.
      let last = Promise.resolve();
      return {
        progress: (line, opts) => {
          if (opts.ephemeral && queued >= MAX_QUEUED) return;
          queued++;
          last = tail = tail
            .then(() => send(urn, line, opts.ephemeral))
            .then(() => {
              queued--;
            });
        },
        flush: () => bounded(last, flushMs),
      };
    },
    flush: () => bounded(tail, flushMs),
    attach: (to) => {
      client?.close();
      address = to;
      client = dial(to);
      // A new engine: if it too takes no line, say so once more.
      warned = false;
    },
    close: () => {
      client?.close();
      client = undefined;
    },
  };
}
