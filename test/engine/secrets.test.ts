import { digitalocean } from "pulumi-rag-cancel";
import type { Emulator } from "../emulator";
import { decryptState, SECRET_SIG, SIG_KEY } from "./harness";
import { CANARY, emulator, stack, stateText } from "./setup";

const BAD_TOKEN_CANARY = "dop_v1_canary_rejected_55e1";

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

function expectNoCanary(texts: string[], canaries: string[]) {
  for (const text of texts) {
    for (const canary of canaries) expect(text).not.toContain(canary);
  }
}

describe("credentials never leak", () => {
  it("keeps config and per-resource tokens out of the state file's plaintext, __provider, host output and errors", async () => {
    const s = stack(emu);
    const a = emu.digitalocean.seedJob({});
    const b = emu.digitalocean.seedJob({});
    const up = await s.engine.up(() => {
      new digitalocean.IndexingJobCancellation("from-config", { jobUuid: a.uuid });
      new digitalocean.IndexingJobCancellation("per-resource", {
        jobUuid: b.uuid,
        credentials: { token: CANARY.digitaloceanPerResource },
      });
      new digitalocean.IndexingJobCancellation("rejected", {
        jobUuid: b.uuid,
        credentials: { token: BAD_TOKEN_CANARY },
      });
      return {};
    });

    expect(up.errors.map((e) => e.urn.split("::").pop())).toEqual(["rejected"]);
    expect(up.errors[0]?.message).toContain("HTTP 401, unauthorized");
    expect(up.errors[0]?.message).toContain("Check the DigitalOcean token");
    expect(emu.digitalocean.job(b.uuid)?.phase).not.toBe("BATCH_JOB_PHASE_RUNNING");

    const state = s.engine.state();
    const perResource = state.resources.find((r) => r.name === "per-resource")!;
    expect(perResource.outputs.credentials).toMatchObject({ [SIG_KEY]: SECRET_SIG });
    expect(perResource.inputs.credentials).toMatchObject({ [SIG_KEY]: SECRET_SIG });
    // The secret is there, encrypted: decrypting with the passphrase finds it.
    expect(JSON.stringify(decryptState(state))).toContain(CANARY.digitaloceanPerResource);

    const canaries = [CANARY.digitalocean, CANARY.digitaloceanPerResource, BAD_TOKEN_CANARY];
    expectNoCanary(
      [
        stateText(s),
        ...state.resources.map((r) => String(r.inputs.__provider)),
        up.hostLog.join("\n"),
        up.errors.map((e) => e.message).join("\n"),
        JSON.stringify(emu.requests()),
      ],
      canaries,
    );

    const refresh = await s.engine.refresh();
    expect(refresh.ok).toBe(true);
    expectNoCanary([stateText(s), refresh.hostLog.join("\n")], canaries);
    expect(
      s.engine
        .state()
        .resources.map((r) => r.name)
        .sort(),
    ).toEqual(["from-config", "per-resource"]);
  });
});
