import { Clock } from "./clock";
import type { RateLimitConfig } from "./rate-limit";
import type { Vendor } from "./vendor";
import { buildVendors, vendorRow, type VendorContext } from "./vendor-row";

/** A vendor that answers everything; the row around it records what it was handed. */
function fake(name: string): Vendor {
  return {
    name,
    authenticate: () => ({ state: "ok", principal: "p" }),
    meter: () => ({ headers: {} }),
    error: (_req, status) => ({ status }),
    handle: () => ({ status: 200 }),
    control: () => undefined,
    reset: () => undefined,
  };
}

const row = (name: string, seen: { ctx?: VendorContext; keys?: readonly string[] }) =>
  vendorRow({
    basePath: "/api/v1",
    rateLimited: true,
    create: (ctx, tokens: { acme?: string[] }) => {
      seen.ctx = ctx;
      seen.keys = tokens.acme ?? ["acme-default"];
      return { vendor: fake(name), controls: { seen } };
    },
    banner: { auth: () => "X-Key acme-default", seed: ["jobs", "{}"] },
  });

describe("buildVendors", () => {
  const budget: RateLimitConfig = { limit: 3, windowMs: 1000 };

  it("builds each row with its tokens, budget and endpoint, keyed like the registry", () => {
    const seen: { ctx?: VendorContext; keys?: readonly string[] } = {};
    let origin = "";
    const built = buildVendors(
      { acme: row("acme", seen) },
      { clock: new Clock(1), origin: () => origin, tokens: { acme: ["k1"] }, rateLimits: { acme: budget } },
    );
    origin = "http://127.0.0.1:1234";
    expect([...built.vendors.keys()]).toEqual(["acme"]);
    expect(built.controls.acme.seen).toBe(seen);
    expect(seen.keys).toEqual(["k1"]);
    expect(seen.ctx?.rateLimit).toBe(budget);
    // Read after the port is known, as the pipeline and describe-index do.
    expect(seen.ctx?.endpoint()).toBe("http://127.0.0.1:1234/acme/api/v1");
    expect(built.endpoints()).toEqual({ acme: "http://127.0.0.1:1234/acme/api/v1" });
  });

  it("leaves absent credentials and budgets to the row's defaults", () => {
    const seen: { ctx?: VendorContext; keys?: readonly string[] } = {};
    buildVendors({ acme: row("acme", seen) }, { clock: new Clock(1), origin: () => "", tokens: {}, rateLimits: {} });
    expect(seen.keys).toEqual(["acme-default"]);
    expect(seen.ctx?.rateLimit).toBe(false);
  });

  it("refuses a row whose key is not the name of the vendor it builds (it would be served under another prefix)", () => {
    const build = () =>
      buildVendors(
        { acme: row("acme-corp", {}) },
        { clock: new Clock(1), origin: () => "", tokens: {}, rateLimits: {} },
      );
    expect(build).toThrow('vendor row "acme" builds vendor "acme-corp"');
  });
});
