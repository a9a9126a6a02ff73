import { isDeepStrictEqual } from "node:util";
import fc from "fast-check";
import type { dynamic } from "@pulumi/pulumi";
import { adapters, providers, type VendorName } from "../../provider";
import { UNKNOWN } from "../../provider/inputs/inputs";
import { anyJunk, mixedJunkInputs, previewInputs, validInputs, VENDORS } from "./support/input-arbitraries";
import { CANARY, isolateFromHost } from "./support/vendor-env";

const RUNS = { numRuns: 1000 };

let restoreHost: () => void;
beforeAll(() => {
  restoreHost = isolateFromHost();
});
afterAll(() => {
  restoreHost();
});

/** A deep copy in this realm (structuredClone's objects would differ from the inputs by prototype). */
function copy<T>(value: T): T {
  if (Array.isArray(value)) return value.map(copy) as T;
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, copy(v)])) as T;
  }
  return value;
}

async function check(vendor: VendorName, news: unknown): Promise<dynamic.CheckResult> {
  // Pulumi types `news` as inputs; the point here is what happens when it is not.
  return providers[vendor].check({}, news as Record<string, unknown>);
}

/** What every check result must satisfy, whatever it was given; plain checks, as `expect` dominates 1,000 runs. */
function expectWellFormed(result: dynamic.CheckResult, news: unknown): void {
  if (!("inputs" in result) || !Object.is(result.inputs, news))
    throw new Error("check did not return the inputs it was given");
  for (const failure of result.failures ?? []) {
    const problem =
      typeof failure.property !== "string" || failure.property === ""
        ? "an empty property"
        : typeof failure.reason !== "string" || failure.reason === ""
          ? "an empty reason"
          : failure.reason.includes(CANARY) || failure.property.includes(CANARY)
            ? "a credential value"
            : undefined;
    if (problem) throw new Error(`a failure has ${problem}: ${JSON.stringify(failure)}`);
  }
}

describe.each(VENDORS)("check (%s)", (vendor) => {
  it("never throws on any value at all, and its failures name a property and a reason", async () => {
    await fc.assert(
      fc.asyncProperty(anyJunk, async (news) => {
        expectWellFormed(await check(vendor, news), news);
      }),
      RUNS,
    );
  });

  it("never throws on the vendor's keys holding junk, and never repeats a credential in a failure", async () => {
    await fc.assert(
      fc.asyncProperty(mixedJunkInputs(vendor), async (news) => {
        expectWellFormed(await check(vendor, news), news);
      }),
      RUNS,
    );
  });

  it("accepts valid inputs and returns them unchanged", async () => {
    await fc.assert(
      fc.asyncProperty(validInputs(vendor), async (news) => {
        const given = copy(news);
        const result = await check(vendor, news);
        if (result.failures?.length) throw new Error(`unexpected failures: ${JSON.stringify(result.failures)}`);
        if (!isDeepStrictEqual(result.inputs, given)) expect(result.inputs).toEqual(given);
      }),
      RUNS,
    );
  });

  it("in preview, fails a valid input with unknown values only for missing credentials", async () => {
    await fc.assert(
      fc.asyncProperty(previewInputs(vendor), async (news) => {
        const result = await check(vendor, news);
        const failures = result.failures ?? [];
        if (!Object.is(result.inputs, news)) throw new Error("check did not return the inputs it was given");
        // Credentials present (even as the sentinel) leave nothing to fail; absent, they resolve nowhere, since the
        // host is isolated: exactly one credentials failure when every value is known, at most one otherwise. A vendor
        // whose own loaders look further (AWS's chain) cannot be failed by check for lack of a local credential.
        const chain = adapters[vendor].connect !== undefined;
        const allowed = "credentials" in news || chain ? 0 : 1;
        const required = "credentials" in news || chain || Object.values(news).includes(UNKNOWN) ? 0 : 1;
        const ok =
          failures.length >= required &&
          failures.length <= allowed &&
          failures.every((f) => f.property === "credentials");
        if (!ok) throw new Error(`unexpected failures: ${JSON.stringify(failures)}`);
      }),
      RUNS,
    );
  });
});
