/**
 * Trust, class 2: no credential in any text that leaves the provider. A careless vendor echoes the request's
 * credential headers (raw, or the Basic scheme's base64 pair) in error bodies, in status bodies and in unknown fields
 * that `details` keeps. Through the real provider host, for every vendor and every credential form, the canaries must
 * appear nowhere: errors, partial-failure reasons (stored by the engine as plain `initErrors`), host output, state.
 */
import type { Emulator } from "../../emulator";
import { emulator, only, stack as newStack, stateText } from "../setup";
import { CANARY, DRIVERS, SECRET_CANARIES, expectNoSecret } from "../vendors";
import type { FrontDoor } from "../front-doors";
import type { EngineOptions } from "../harness";

/** Registers the suite for one front door: the dynamic host or the plugin. */
export function credentialEchoSuite(door: FrontDoor): void {
  const stack = (e: Emulator, o: Partial<EngineOptions> = {}) => newStack(e, { ...door.stack, ...o });

  let emu: Emulator;
  beforeAll(async () => {
    emu = await emulator();
  });
  afterAll(async () => {
    await emu.close();
  });
  beforeEach(() => {
    emu.reset();
  });

  // The non-secret halves (user name, email) travel with the secrets: the Basic pair's base64 holds both.
  const BASIC_PAIR = Buffer.from(`${CANARY.soUser}:${CANARY.soPassword}`).toString("base64");
  const LEAKS = [...SECRET_CANARIES, BASIC_PAIR];

  function expectNoCanary(where: Record<string, string>) {
    expectNoSecret(where, LEAKS);
  }

  describe.each(DRIVERS.map(door.driver))(
    `$vendor: credentials echoed by the vendor never leave the provider (${door.name})`,
    (d) => {
      it.each(d.credentialForms.map((f) => [f.name, f.credentials] as const))(
        "%s: echoed in status bodies, in the cancel reply and in a 401 after an accepted cancel",
        async (_form, credentials) => {
          const s = stack(emu);
          const echoed = d.seed(emu, { cancelSettleMs: 3_600_000 });
          const refused = d.seed(emu, { cancelSettleMs: 3_600_000 });
          const read = (job: typeof echoed) => ({ vendor: d.vendor, ...d.statusRead(job) });
          // The echoing job: every status read and its cancel reply carry the credential in unknown fields.
          emu.inject({ ...read(echoed), echoCredentials: true, times: 1000 });
          emu.inject({ vendor: d.vendor, ...d.cancelRequest(echoed), echoCredentials: true, times: 2 });
          const up = await s.engine.up(() => {
            d.create("echoed", { ...d.jobArgs(echoed), credentials, timeoutSeconds: 1 });
            return {};
          });
          expect(up.ok).toBe(false);

          // The refused job: the cancel is accepted, then every status read is a 401 that echoes the credential.
          const s2 = stack(emu);
          emu.clearFaults();
          const cancelThen401 = { ...read(refused), status: 401, echoCredentials: true, times: 1000 };
          const program = () => {
            d.create("refused", { ...d.jobArgs(refused), credentials, timeoutSeconds: 2 });
            return {};
          };
          // create reads the status before cancelling (the same route): that first read goes through.
          emu.inject({ ...read(refused), times: 1 });
          emu.inject(cancelThen401);
          const refusedUp = await s2.engine.up(program);
          expect(refusedUp.ok).toBe(false);
          const reason = only(s2).initErrors?.join("\n") ?? "";
          expect(reason).toMatch(/HTTP 401/);
          expect(reason).toContain("[redacted]");

          expectNoCanary({
            "the state file": stateText(s),
            "the second state file": stateText(s2),
            "the partial-failure reasons": reason,
            "the host's output": [...up.hostLog, ...refusedUp.hostLog].join("\n"),
            "an error message": [...up.errors, ...refusedUp.errors].map((e) => e.message).join("\n"),
          });
          // The echo did reach the provider: where details keep the vendor's unknown fields, it is there, redacted.
          if (d.vendor !== "groundx") expect(JSON.stringify(only(s).outputs.details)).toContain("[redacted]");
        },
      );
    },
  );
}
