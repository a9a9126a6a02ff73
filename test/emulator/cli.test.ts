import { banner } from "./cli";
import { useEmulators } from "./test-client";

const { start, call } = useEmulators();

describe("CLI banner", () => {
  it("lists every vendor's endpoint, and each seed call it prints is accepted by the control API", async () => {
    const emu = await start();
    const text = banner(emu.url, emu.endpoints);
    const lines = text.split("\n").map((l) => l.trim());
    for (const [vendor, endpoint] of Object.entries(emu.endpoints)) {
      expect(lines.filter((l) => l.startsWith(`${vendor}:`) && l.includes(` ${endpoint}   (`))).toHaveLength(1);
    }
    // The seed lines come from the registry rows; a row whose example body no longer validates would print a
    // command that fails for whoever copies it.
    const seeds = [...text.matchAll(/curl -s -X POST \S+\/_emulator(\/\S+) .* -d '(.*)'$/gm)];
    expect(seeds.map((m) => m[1]?.split("/")[1])).toEqual(Object.keys(emu.endpoints));
    for (const [, path = "", body] of seeds) {
      const seeded = await call(`${emu.url}/_emulator`, "POST", path, { token: null, body });
      expect({ path, status: seeded.status }).toEqual({ path, status: 201 });
    }
  });
});
