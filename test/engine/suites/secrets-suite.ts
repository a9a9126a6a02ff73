/**
 * Per-resource, config and rejected credentials never reach state plaintext, `__provider`, host output or errors,
 * and per-resource credentials are stored encrypted: once per front door, every vendor's resources in one stack.
 */
import * as pulumi from "@pulumi/pulumi";
import type { Emulator } from "../../emulator";
import { decryptState, SECRET_SIG, SIG_KEY } from "../harness";
import { useEmulator, stack as newStack, stateText, vendorConfig, VENDOR_ENV } from "../setup";
import { CANARY, DRIVERS, SECRET_CANARIES, expectNoSecret, type Driver } from "../vendors";
import { byVendor, errorsByVendor, everyVendorProgram } from "./every-vendor";
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

  it(`every vendor: an update preview never shows the old values of a secret reason and endpoint the new inputs dropped (${door.name})`, async () => {
    const s = stack(emu());
    const OLD_REASON = "canary_old_reason_4f2e";
    const jobs = byVendor(drivers, (d) => d.seed(emu()));
    const endpointOf = (d: Driver) => String(d.directInputs(emu()).endpoint);
    const program = (dropped: boolean) => () => {
      const outputs: Record<string, unknown> = {};
      for (const d of drivers) {
        const args = { ...d.jobArgs(jobs[d.vendor]!), waitForTerminal: false };
        const secrets = { reason: pulumi.secret(OLD_REASON), endpoint: pulumi.secret(endpointOf(d)) };
        // Dropped, yet still declared (undefined), so the program reads whatever the preview returns for them.
        const gone = { reason: undefined, endpoint: undefined };
        const r = d.create(`stop-${d.vendor}`, { ...args, ...(dropped ? gone : secrets) }) as unknown as Record<
          string,
          unknown
        >;
        outputs[`reason-${d.vendor}`] = r.reason;
        outputs[`endpoint-${d.vendor}`] = r.endpoint;
      }
      return outputs;
    };
    const up = await s.engine.up(program(false));
    expect(up.errors).toEqual([]);
    const preview = await s.engine.preview(program(true));
    expect(preview.ok).toBe(true);
    expect(preview.steps.map((x) => x.op)).toEqual(drivers.map(() => "preview-update"));
    // An old value shown in the preview is a leak unless it is still marked secret.
    const plain = (key: string, old: unknown) =>
      preview.outputs[key] === old && !preview.secretOutputs.includes(key) ? key : undefined;
    expect(
      byVendor(drivers, (d) =>
        [plain(`reason-${d.vendor}`, OLD_REASON), plain(`endpoint-${d.vendor}`, endpointOf(d))].filter(Boolean),
      ),
    ).toEqual(byVendor(drivers, () => []));
  });

  it(`every vendor: an id marked secret is refused by check, naming the field, and nothing is sent (${door.name})`, async () => {
    const s = stack(emu(), { continueOnError: true });
    const jobs = byVendor(drivers, (d) => d.seed(emu()));
    // The first identity input the job form sets: the one that becomes the resource's id and `jobIds`.
    const idOf = (d: Driver) => Object.keys(d.jobArgs(jobs[d.vendor]!)).find((k) => !["endpoint"].includes(k))!;
    const up = await s.engine.up(() => {
      for (const d of drivers) {
        const args = d.jobArgs(jobs[d.vendor]!);
        d.create(`stop-${d.vendor}`, { ...args, [idOf(d)]: pulumi.secret(args[idOf(d)]) });
      }
      return {};
    });
    expect(errorsByVendor(up, drivers)).toEqual(
      byVendor(drivers, (d) => [
        expect.stringContaining(`property "${idOf(d)}": ${idOf(d)} is marked secret, but an id cannot be kept secret`),
      ]),
    );
    expect(byVendor(drivers, (d) => d.cancels(emu()))).toEqual(byVendor(drivers, () => []));
  });

  it(`every vendor: half a credential in stack config is an error naming the keys, never another account's from the environment (${door.name})`, async () => {
    // Every form with two parts, half set in stack config; a complete credential of another account in the
    // environment, which the emulator accepts: a fall-through would cancel with it.
    const HALF: Record<string, { set: string; missing: string; drop: string[]; env: Record<string, string> }> = {
      cloudflare: {
        set: "ragcancel:cloudflareApiKey",
        missing: "ragcancel:cloudflareEmail",
        drop: ["ragcancel:cloudflareApiToken"],
        env: { CLOUDFLARE_API_TOKEN: CANARY.cfToken },
      },
      bedrock: {
        set: "ragcancel:awsAccessKeyId",
        missing: "ragcancel:awsSecretAccessKey",
        drop: ["ragcancel:awsSecretAccessKey"],
        env: { AWS_ACCESS_KEY_ID: CANARY.brPerResourceKeyId, AWS_SECRET_ACCESS_KEY: CANARY.brPerResourceSecret },
      },
      superoffice: {
        set: "ragcancel:superofficeUsername",
        missing: "ragcancel:superofficePassword",
        drop: ["ragcancel:superofficeAccessToken"],
        env: { SUPEROFFICE_ACCESS_TOKEN: CANARY.soToken },
      },
    };
    const base = vendorConfig(emu());
    const dropped = new Set(Object.values(HALF).flatMap((h) => h.drop));
    const secretConfig = Object.fromEntries(Object.entries(base.secretConfig ?? {}).filter(([k]) => !dropped.has(k)));
    const s = stack(emu(), {
      continueOnError: true,
      config: { ...base.config, "ragcancel:superofficeUsername": CANARY.soUser },
      secretConfig: { ...secretConfig, "ragcancel:cloudflareApiKey": CANARY.cfKey },
      env: { ...VENDOR_ENV, ...Object.assign({}, ...Object.values(HALF).map((h) => h.env)) },
    });
    const jobs = byVendor(drivers, (d) => d.seed(emu()));
    const up = await s.engine.up(everyVendorProgram(drivers, (d) => d.jobArgs(jobs[d.vendor]!)));
    const errors = errorsByVendor(up, drivers);

    // A half form fails its vendor's resource, naming the key set and the key missing; on the plugin, CheckConfig
    // fails the provider itself, so every resource reports it; on the dynamic host, only the three vendors' Check.
    const plugin = door.stack.plugin !== undefined;
    expect(
      byVendor(drivers, (d) => {
        const h = HALF[d.vendor];
        const text = (errors[d.vendor] ?? []).join("\n");
        if (h) return text.includes(h.set) && text.includes(`without ${h.missing}`);
        return plugin ? text.includes("ragcancel:cloudflareApiKey") : text === "";
      }),
    ).toEqual(byVendor(drivers, () => true));
    // Nothing reached the three vendors: no request with the environment's credential, no job cancelled.
    expect(
      byVendor(
        drivers.filter((d) => HALF[d.vendor]),
        (d) => emu().requests({ vendor: d.vendor }).length,
      ),
    ).toEqual(
      byVendor(
        drivers.filter((d) => HALF[d.vendor]),
        () => 0,
      ),
    );
    expectNoCanary({ "an error message": up.errors.map((e) => e.message).join("\n"), "the state file": stateText(s) });
  });
}
