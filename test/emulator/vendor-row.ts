import type { Clock } from "./clock";
import type { RateLimitConfig } from "./rate-limit";
import type { Vendor } from "./vendor";

/** What the emulator hands a registry row's factory. */
export interface VendorContext {
  /** The emulator's clock, shared so that `advance` moves every vendor's jobs together. */
  clock: Clock;
  /** `EmulatorOptions.rateLimits.<vendor>`, or false when absent (always, for a row that is not `rateLimited`). */
  rateLimit: RateLimitConfig | false;
  /** The vendor's endpoint as an absolute URL; a function because the port is known only once the server listens. */
  endpoint: () => string;
}

/** What the CLI banner says about a vendor. */
export interface VendorBanner {
  /** The default credentials in words (e.g. "Bearer do-emulator-token"), given the vendor's endpoint. */
  auth: (endpoint: string) => string;
  /** One control-API call that seeds a running job: the path under `/_emulator/<vendor>/`, and its JSON body. */
  seed: readonly [path: string, body: string];
}

/**
 * One vendor of the emulator: how it is built from `EmulatorOptions`, where its API sits and how the CLI introduces
 * it. `Tokens` is the vendor's share of `EmulatorOptions.tokens`; `Controls` becomes `Emulator.<vendor>`.
 */
export interface VendorRow<Tokens extends object, Controls, RateLimited extends boolean> {
  /** The API base under the vendor's prefix: the endpoint handed to clients is `<origin>/<vendor><basePath>`. */
  basePath: string;
  /** Whether `EmulatorOptions.rateLimits` takes a budget for this vendor (not for vendors that meter nothing). */
  rateLimited: RateLimited;
  /**
   * Builds the vendor; `vendor.name` must be the row's key (the route prefix). `tokens` is the whole of
   * `EmulatorOptions.tokens` (`{}` when absent) seen as this vendor's share: the type written on this parameter,
   * TSDoc included, is what `EmulatorTokens` is made of. A method rather than a function property because method
   * parameters are compared both ways, which lets a row with its own `Tokens` fit {@link AnyVendorRow}.
   */
  create(ctx: VendorContext, tokens: Tokens): { vendor: Vendor; controls: Controls };
  /** The vendor's lines in the CLI banner. */
  banner: VendorBanner;
}

/** Any row: the constraint of a registry. */
export type AnyVendorRow = VendorRow<object, unknown, boolean>;

/** A registry: vendor key (its route prefix, `Vendor.name`, and its name in every per-vendor option) to row. */
export type VendorRows = Record<string, AnyVendorRow>;

/**
 * Returns `row` unchanged; exists so the compiler infers the row's own types (`const` keeps `rateLimited: true` the
 * literal that {@link RateLimitsOf} tests, rather than `boolean`).
 */
export function vendorRow<Tokens extends object, Controls, const RateLimited extends boolean>(
  row: VendorRow<Tokens, Controls, RateLimited>,
): VendorRow<Tokens, Controls, RateLimited> {
  return row;
}

// A union of object types turned into their intersection (each member becomes a parameter type, which infers
// contravariantly): how each row's `Tokens` adds its keys to one options object.
type Intersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;
// Mapping over the intersection merges it into one object type (hovers show one object), keeping every key's TSDoc.
type Merged<T> = { [K in keyof T]: T[K] };

/** Every row's `Tokens`, merged: `EmulatorOptions.tokens`. */
export type TokensOf<R extends VendorRows> = Merged<
  Intersection<{ [K in keyof R]: Parameters<R[K]["create"]>[1] }[keyof R]>
>;

/** A budget key for every `rateLimited` row (TSDoc from the row): `EmulatorOptions.rateLimits`. */
export type RateLimitsOf<R extends VendorRows> = {
  [K in keyof R as R[K] extends { rateLimited: true } ? K : never]?: RateLimitConfig | false;
};

/** A base URL for every row (TSDoc from the row): `Emulator.endpoints`. */
export type EndpointsOf<R extends VendorRows> = { [K in keyof R]: string };

/** The controls of every row (TSDoc from the row): the vendor members of `Emulator`. */
export type ControlsOf<R extends VendorRows> = { [K in keyof R]: ReturnType<R[K]["create"]>["controls"] };

/** The vendors of one emulator, built from a registry. */
export interface BuiltVendors<R extends VendorRows> {
  /** Route prefix to vendor: what the request pipeline and the control API dispatch on, and what reset walks. */
  vendors: ReadonlyMap<string, Vendor>;
  /** Per-vendor controls, keyed like the registry. */
  controls: ControlsOf<R>;
  /** Per-vendor base URLs; call once the server listens. */
  endpoints: () => EndpointsOf<R>;
}

/** What {@link buildVendors} reads from the emulator. */
export interface BuildInput<R extends VendorRows> {
  clock: Clock;
  /** `http://127.0.0.1:<port>`; read only once requests arrive, when the port is known. */
  origin: () => string;
  tokens: TokensOf<R>;
  rateLimits: RateLimitsOf<R>;
}

/** Builds every vendor of `rows`, in row order; throws when a row's key is not the name of the vendor it builds. */
export function buildVendors<R extends VendorRows>(rows: R, input: BuildInput<R>): BuiltVendors<R> {
  // The derived types are mapped over the registry's keys; walking its entries loses the per-key types, so the
  // loop works on plain records and the result is asserted back to the mapped types the rows determine.
  const limits: Partial<Record<string, RateLimitConfig | false>> = input.rateLimits;
  const vendors = new Map<string, Vendor>();
  const controls: Record<string, unknown> = {};
  const paths: [name: string, path: string][] = [];
  for (const [name, row] of Object.entries(rows)) {
    const path = `/${name}${row.basePath}`;
    const ctx = { clock: input.clock, rateLimit: limits[name] ?? false, endpoint: () => `${input.origin()}${path}` };
    const built = row.create(ctx, input.tokens);
    // The key names the vendor in options, controls and endpoints, the vendor's name routes requests and logs them:
    // a row where the two differ would serve its endpoint from another prefix.
    if (built.vendor.name !== name) throw new Error(`vendor row "${name}" builds vendor "${built.vendor.name}"`);
    vendors.set(name, built.vendor);
    controls[name] = built.controls;
    paths.push([name, path]);
  }
  return {
    vendors,
    controls: controls as ControlsOf<R>,
    endpoints: () =>
      Object.fromEntries(paths.map(([name, path]) => [name, `${input.origin()}${path}`])) as EndpointsOf<R>,
  };
}
