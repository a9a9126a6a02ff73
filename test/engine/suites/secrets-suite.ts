/**
 * Per-resource, config and rejected credentials never reach state plaintext, `__provider`, host output or errors,
 * and per-resource credentials are stored encrypted: once per front door, every vendor's resources in one stack.
 */
import type { Emulator } from "../../emulator";
import { decryptState, SECRET_SIG, SIG_KEY } from "../harness";
import { useEmulator, stack as newStack, stateText } from "../setup";
import { DRIVERS, SECRET_CANARIES, expectNoSecret } from "../vendors";
import type { FrontDoor } from "../front-doors";
import type { EngineOptions } from "../harness";
import { everythingPrinted } from "./run-output";

/** Registers the suite for one front door. */
export function secretsSuite(door: FrontDoor): void {
  const stack = (e: Emulator, o: Partial<EngineOptions> = {}) => newStack(e, { ...door.stack, ...o });

  const REJECTED = "canary_rejected_credential_55e1";

  const emu = useEmulator();

  function expectNoCanary(where: Record<string, string>) {
    expectNoSecret(where, [...SECRET_CANARIES, REJECTED]);
  }

  const drivers = DRIVERS.map(door.driver);
  it(`every vendor: config, every per-resource form and a rejected credential stay out of state plaintext, __provider, output and errors (${door.name})`, async () => {
    const s = stack(emu(), { continueOnError: true });
    const cases = drivers.flatMap((d) => {
      const firstForm = d.credentialForms[0]!.credentials;
      const rejected = Object.fromEntries(Object.keys(firstForm).map((k) => [k, REJECTED]));
      return [
        { d, name: `${d.vendor}-from-config`, credentials: undefined, accepted: true },
        ...d.credentialForms.map((form) => ({
          d,
          name: `${d.vendor}-${form.name.replace(/\W+/g, "-")}`,
          credentials: form.credentials,
          accepted: true,
        })),
        { d, name: `${d.vendor}-rejected`, credentials: rejected, accepted: false },
      ].map((c) => ({ ...c, job: d.seed(emu()) }));
    });
    const up = await s.engine.up(() => {
      for (const { d, name, job, credentials } of cases)
        d.create(name, { ...d.jobArgs(job), ...(credentials === undefined ? {} : { credentials }) });
      return {};
    });

    const rejectedNames = cases.filter((c) => !c.accepted).map((c) => c.name);
    expect(up.errors.map((e) => e.urn.split("::").pop()).sort()).toEqual([...rejectedNames].sort());
    for (const e of up.errors) {
      expect(e.message).toMatch(/HTTP 40[13]/);
      expect(e.message).toContain("Check the");
    }
    const accepted = cases.filter((c) => c.accepted);
    expect(Object.fromEntries(accepted.map((c) => [c.name, c.d.isCancelled(emu(), c.job)]))).toEqual(
      Object.fromEntries(accepted.map((c) => [c.name, true])),
    );

    const state = s.engine.state();
    for (const r of state.resources.filter((x) => !x.name.endsWith("-from-config"))) {
      expect(r.inputs.credentials).toMatchObject({ [SIG_KEY]: SECRET_SIG });
      expect(r.outputs.credentials).toMatchObject({ [SIG_KEY]: SECRET_SIG });
    }
    // The per-resource secrets are in the state, encrypted: decrypting with the passphrase finds them.
    const decrypted = JSON.stringify(decryptState(state));
    for (const d of drivers)
      for (const form of d.credentialForms)
        for (const v of Object.values(form.credentials)) expect(decrypted).toContain(v);

    expectNoCanary({
      "the state file": stateText(s),
      __provider: state.resources.map((r) => String(r.inputs.__provider)).join("\n"),
      "the provider's output and engine log": everythingPrinted(up),
      "an error message": up.errors.map((e) => e.message).join("\n"),
      "the emulator's request log": JSON.stringify(emu().requests()),
    });

    const refresh = await s.engine.refresh();
    expect(refresh.ok).toBe(true);
    expectNoCanary({
      "the state file after refresh": stateText(s),
      "the provider's output and engine log on refresh": everythingPrinted(refresh),
    });
  });
}
