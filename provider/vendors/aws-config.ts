/**
 * AWS's libraries, loaded on first use, and the one reader of a profile in AWS's shared config and credentials files.
 * Nothing here loads them with the runtime: six vendors of seven never need them (see `aws-libraries.ts`).
 * @internal
 * @packageDocumentation
 */
import type * as AwsLibraries from "./aws-libraries";

/**
 * AWS's libraries, loaded on first use: a `require` inside a function, where an `import` would load them with the
 * runtime (see `aws-libraries.ts`). Node caches the module, so later calls cost a lookup.
 */
export function aws(): typeof AwsLibraries {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- deliberately lazy, see above
  return require("./aws-libraries") as typeof AwsLibraries;
}

/** A profile's keys, as AWS's loaders merge the two files. */
export type Profile = Record<string, string | undefined>;
/** The config file's sections by name (`services.<name>` included). */
export type ConfigFile = Record<string, Profile | undefined>;

/**
 * What `select` picks from a profile of the shared files (AWS's `loadConfig`: the profile given, else `AWS_PROFILE`,
 * else `default`; `preferredFile` says which file wins a key both set), or none: no file, no such profile, nothing
 * picked.
 */
export function fromProfile<T>(
  select: (profile: Profile, file: ConfigFile | undefined) => T | undefined,
  options: { profile?: string; preferredFile?: "config" | "credentials" },
): Promise<T | undefined> {
  return aws()
    .loadConfig<T | undefined>(
      { environmentVariableSelector: () => undefined, configFileSelector: select, default: undefined },
      options,
    )()
    .catch(() => undefined);
}
