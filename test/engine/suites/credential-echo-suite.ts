/**
 * Trust, class 2: no credential in any text that leaves the provider. A careless vendor echoes the request's
 * credential headers (raw, or the Basic scheme's base64 pair) in error bodies, in status bodies and in unknown fields
 * that `details` keeps. Through the real provider host, for every vendor and every credential form, the canaries must
 * appear nowhere: errors, partial-failure reasons (stored by the engine as plain `initErrors`), the provider's output
 * and its `Log` messages to the engine, state.
 * Every vendor's every form is a resource of the same two stacks, each with its own job and routes.
 */
import type { Emulator } from "../../emulator";
import { useEmulator, stack as newStack, stateText } from "../setup";
import { named } from "./every-vendor";
import { CANARY, DRIVERS, ownRoutes, SECRET_CANARIES, expectNoSecret } from "../vendors";
import type { FrontDoor } from "../front-doors";
import type { EngineOptions } from "../harness";
import { everythingPrinted, progressShown } from "./run-output";

/** Registers the suite for one front door: the dynamic host or the plugin. */
export function credentialEchoSuite(door: FrontDoor): void {
  const stack = (e: Emulator, o: Partial<EngineOptions> = {}) => newStack(e, { ...door.stack, ...o });

  const emu = useEmulator();

  // The non-secret halves (user name, email) travel with the secrets: the Basic pair's base64 holds both.
  const BASIC_PAIR = Buffer.from(`${CANARY.soUser}:${CANARY.soPassword}`).toString("base64");
  const LEAKS = [...SECRET_CANARIES, BASIC_PAIR];

  function expectNoCanary(where: Record<string, string>) {
    expectNoSecret(where, LEAKS);
  }

  const drivers = DRIVERS.map(door.driver);
  /** Every vendor's every credential form, each a resource of its own with its own job and routes. */
  const cases = () =>
    drivers.flatMap((d) =>
      d.credentialForms.map((form, i) => {
        const job = d.seed(emu(), { cancelSettleMs: 3_600_000 });
        const name = `${d.vendor}-${form.name.replace(/\W+/g, "-")}`;
        return { d, form, name, job, routes: ownRoutes(d, emu(), job, i) };
      }),
    );

  it(`every vendor and credential form: echoed in status bodies, in the cancel reply and in a 401 after an accepted cancel (${door.name})`, async () => {
    // The echoing jobs: every status read and the cancel reply carry the credential in unknown fields.
    const echoed = cases();
    for (const { d, routes } of echoed) {
      emu().inject({ vendor: d.vendor, ...routes.read, echoCredentials: true, times: 1000 });
      emu().inject({ vendor: d.vendor, ...routes.cancel, echoCredentials: true, times: 2 });
    }
    const s = stack(emu(), { continueOnError: true });
    // 3 s: time for status reads after the cancel, so each wait reports lines (searched below), on a busy machine too.
    const up = await s.engine.up(() => {
      for (const { d, name, job, form, routes } of echoed)
        d.create(name, { ...d.jobArgs(job), ...routes.args, credentials: form.credentials, timeoutSeconds: 3 });
      return {};
    });
    expect(byName(up.errors, echoed)).toEqual(Object.fromEntries(echoed.map((c) => [c.name, true])));

    // The refused jobs: the cancel is accepted, then every status read is a 401 that echoes the credential.
    emu().clearFaults();
    const refused = cases();
    for (const { d, routes } of refused) {
      // create reads the status before cancelling (the same route): that first read goes through.
      emu().inject({ vendor: d.vendor, ...routes.read, times: 1 });
      emu().inject({ vendor: d.vendor, ...routes.read, status: 401, echoCredentials: true, times: 1000 });
    }
    const s2 = stack(emu(), { continueOnError: true });
    const refusedUp = await s2.engine.up(() => {
      for (const { d, name, job, form, routes } of refused)
        d.create(name, { ...d.jobArgs(job), ...routes.args, credentials: form.credentials, timeoutSeconds: 2 });
      return {};
    });
    expect(byName(refusedUp.errors, refused)).toEqual(Object.fromEntries(refused.map((c) => [c.name, true])));
    const reasons = Object.fromEntries(refused.map((c) => [c.name, named(s2, c.name).initErrors?.join("\n") ?? ""]));
    expect(reasons).toEqual(
      Object.fromEntries(
        refused.map((c) => [c.name, expect.stringMatching(/HTTP 401[^]*\[redacted\]|\[redacted\][^]*HTTP 401/)]),
      ),
    );

    expectNoCanary({
      "the state file": stateText(s),
      "the second state file": stateText(s2),
      "the partial-failure reasons": Object.values(reasons).join("\n"),
      "the provider's output and engine log": everythingPrinted(up, refusedUp),
      "an error message": [...up.errors, ...refusedUp.errors].map((e) => e.message).join("\n"),
    });
    // The waits on echoing status bodies were reported, so the search above had their lines to look through.
    expect(
      Object.fromEntries(echoed.map((c) => [c.name, progressShown(up, door, c.name, "status").length > 0])),
    ).toEqual(Object.fromEntries(echoed.map((c) => [c.name, true])));
    // The echo did reach the provider: where details keep the vendor's unknown fields, it is there, redacted.
    const keepsDetails = echoed.filter((c) => c.d.vendor !== "groundx");
    expect(
      Object.fromEntries(keepsDetails.map((c) => [c.name, JSON.stringify(named(s, c.name).outputs.details)])),
    ).toEqual(Object.fromEntries(keepsDetails.map((c) => [c.name, expect.stringContaining("[redacted]")])));
  });

  /** For each case, whether the run failed on its resource. */
  function byName(errors: { urn: string }[], of: { name: string }[]): Record<string, boolean> {
    return Object.fromEntries(of.map((c) => [c.name, errors.some((e) => e.urn.endsWith(`::${c.name}`))]));
  }
}
