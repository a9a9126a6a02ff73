/**
 * The `__provider` text of every resource: the module the Pulumi provider host loads (with `require-from-string`,
 * calling its `handler()`) to find the resource's provider. Pulumi's `dynamic.Resource` would produce it by
 * serializing a closure; we write it out instead, because the result is the thinnest possible shim: it captures no
 * value and no code, stays under 100 bytes, never changes between versions (so it never causes a diff), and needs
 * no TypeScript parser in the user's program. The host resolves `pulumi-rag-cancel/provider` from the project
 * directory, so destroy and refresh always run the installed runtime, not the code of the day of the create.
 * @internal
 * @packageDocumentation
 */
import type { VendorName } from "../provider/model";

/** The host-side module text for one vendor's provider. */
export function providerModule(vendor: VendorName): string {
  return `exports.handler = () => require("pulumi-rag-cancel/provider").providers[${JSON.stringify(vendor)}];\n`;
}

/** The type token of a vendor's resource, as `dynamic.Resource` would build it from module `ragcancel`. */
export function typeToken(vendor: VendorName, resourceName: string): string {
  return `pulumi-nodejs:dynamic/ragcancel:${vendor}.${resourceName}`;
}
