/**
 * Per-resource, config and rejected credentials never reach state plaintext, `__provider`, host output or errors,
 * and per-resource credentials are stored encrypted: once per front door.
 */
import type { Emulator } from "../../emulator";
import { decryptState, SECRET_SIG, SIG_KEY } from "../harness";
import { emulator, stack as newStack, stateText } from "../setup";
import { DRIVERS, SECRET_CANARIES, expectNoSecret } from "../vendors";
import type { FrontDoor } from "../front-doors";
import type { EngineOptions } from "../harness";

/** Registers the suite for one front door. */
export function secretsSuite(door: FrontDoor): void {
  const stack = (e: Emulator, o: Partial<EngineOptions> = {}) => newStack(e, { ...door.stack, ...o });

  const REJECTED = "canary_rejected_credential_55e1";

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

  function expectNoCanary(where: Record<string, string>) {
    expectNoSecret(where, [...SECRET_CANARIES, REJECTED]);
  }

  describe.each(DRIVERS.map(door.driver))(`$vendor credentials never leak (${door.name})`, (d) => {
    it("config, every per-resource form and a rejected credential stay out of state plaintext, __provider, output and errors", async () => {
      const s = stack(emu);
      const names = ["from-config", ...d.credentialForms.map((f) => f.name.replace(/\W+/g, "-")), "rejected"];
      const jobs = names.map(() => d.seed(emu));
      const firstForm = d.credentialForms[0]!.credentials;
      const rejected = Object.fromEntries(Object.keys(firstForm).map((k) => [k, REJECTED]));
      const up = await s.engine.up(() => {
        d.create(names[0]!, d.jobArgs(jobs[0]!));
        d.credentialForms.forEach((form, i) =>
          d.create(names[i + 1]!, { ...d.jobArgs(jobs[i + 1]!), credentials: form.credentials }),
        );
        d.create("rejected", { ...d.jobArgs(jobs.at(-1)!), credentials: rejected });
        return {};
      });

      expect(up.errors.map((e) => e.urn.split("::").pop())).toEqual(["rejected"]);
      expect(up.errors[0]?.message).toMatch(/HTTP 40[13]/);
      expect(up.errors[0]?.message).toContain("Check the");
      jobs.slice(0, -1).forEach((job) => {
        expect(d.isCancelled(emu, job)).toBe(true);
      });

      const state = s.engine.state();
      for (const r of state.resources.filter((x) => x.name !== "from-config")) {
        expect(r.inputs.credentials).toMatchObject({ [SIG_KEY]: SECRET_SIG });
        expect(r.outputs.credentials).toMatchObject({ [SIG_KEY]: SECRET_SIG });
      }
      // The per-resource secrets are in the state, encrypted: decrypting with the passphrase finds them.
      const decrypted = JSON.stringify(decryptState(state));
      for (const form of d.credentialForms)
        for (const v of Object.values(form.credentials)) expect(decrypted).toContain(v);

      expectNoCanary({
        "the state file": stateText(s),
        __provider: state.resources.map((r) => String(r.inputs.__provider)).join("\n"),
        "the host's output": up.hostLog.join("\n"),
        "an error message": up.errors.map((e) => e.message).join("\n"),
        "the emulator's request log": JSON.stringify(emu.requests()),
      });

      const refresh = await s.engine.refresh();
      expect(refresh.ok).toBe(true);
      expectNoCanary({
        "the state file after refresh": stateText(s),
        "the host's output on refresh": refresh.hostLog.join("\n"),
      });
    });
  });
}
