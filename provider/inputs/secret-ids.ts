/**
 * An id cannot be kept secret: it is the resource's id, and it is in `jobIds`, `jobs[].id`, the keys of `details`,
 * progress lines, errors and request paths, all in plain text. Rather than a secret that leaks, an identity input
 * marked secret is refused by `check`, naming the field.
 * @internal
 * @packageDocumentation
 */
import type { dynamic } from "@pulumi/pulumi";
import type { VendorAdapter } from "../adapter";

/**
 * The internal input that lists the inputs the program marked secret. The SDK sets it (the dynamic provider host
 * strips secrets before `check` sees them), the plugin from the engine's secret marks.
 */
export const SECRET_INPUTS = "__secretInputs";

/** The input names listed in `__secretInputs`, whatever the value holds. */
function listed(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((k): k is string => typeof k === "string") : [];
}

/** A failure per identity input (an id, a target's name) the program marked secret. */
export function secretIdFailures(adapter: VendorAdapter, inputs: unknown): dynamic.CheckFailure[] {
  // `check` never throws, whatever it is given.
  const given = inputs !== null && typeof inputs === "object" ? (inputs as Record<string, unknown>) : {};
  const secret = new Set(listed(given[SECRET_INPUTS]));
  return adapter.identityKeys
    .filter((k) => secret.has(k))
    .map((k) => ({
      property: k,
      reason: `${k} is marked secret, but an id cannot be kept secret: it is the resource's id and appears in plain text in \`jobIds\`, \`jobs\`, the keys of \`details\`, progress lines and errors. Pass it as a plain value (\`pulumi.unsecret\`)`,
    }));
}
