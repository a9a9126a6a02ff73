/**
 * Where the vendored specification fragments live. They are data taken from fetched snapshots of the vendors'
 * repositories, which this workplace keeps out of the project's commits: they belong in the steering repository's
 * `shared/contract-specs/`, which CI lays beside the clone. `RAGCANCEL_CONTRACT_SPECS` names another folder to use
 * in its place.
 *
 * The rule: when the shared folder is there (or the variable names one), it is the only place looked in, and a
 * fragment missing from it is a failure, so CI cannot go green by quietly testing fewer vendors. Only a machine
 * without any shared folder (a contributor's clone) may skip, and the git-ignored folder refresh.ts writes to then
 * serves whatever fragments it holds. Pulumi's package metaschema, beside the fragments' folder, follows the same rule.
 */
import { existsSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

/** The repository root: the nearest folder up from here whose package.json is this package's. */
export function repoRoot(from = __dirname): string {
  for (let dir = from; dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, "package.json")) && existsSync(join(dir, "provider"))) return dir;
  }
  throw new Error(`no repository root above ${from}`);
}

/** Where the shared data is expected on this machine, and whether it must be there. */
export interface SharedLayout {
  /** The folder that must hold every vendor's `<vendor>.openapi.json` when {@link SharedLayout.binding} is set. */
  readonly specsDir: string;
  /** Pulumi's package metaschema: `../pulumi-metaschema/pulumi.json` from the fragments' folder, as its README says. */
  readonly metaschema: string;
  /**
   * Why the shared folder binds (the variable is set, or `<repo>/../shared` exists); undefined on a machine without
   * one, the only case in which a missing file is a skip rather than a failure.
   */
  readonly binding: string | undefined;
  /** The git-ignored folder refresh.ts writes to by default, looked in only when nothing binds. */
  readonly localDir: string;
}

/**
 * The layout for a repository root and environment (parameters so a test can point it at a temporary folder).
 * `<repo>/../shared` existing is what binds, not `contract-specs/` inside it: a shared folder that lost its
 * fragments must fail, not look like a contributor's machine.
 */
export function sharedLayout(root: string = repoRoot(), env: NodeJS.ProcessEnv = process.env): SharedLayout {
  const localDir = join(root, "test", "contract", "specs");
  const fromEnv = env.RAGCANCEL_CONTRACT_SPECS;
  if (fromEnv !== undefined && fromEnv !== "") {
    // Set on purpose, so it binds even when it names nothing: a typo must not turn into a skipped suite. Relative
    // to the working directory, as refresh.ts (specsOutputDir) reads it.
    const specsDir = resolve(fromEnv);
    return {
      specsDir,
      metaschema: join(specsDir, "..", "pulumi-metaschema", "pulumi.json"),
      binding: `RAGCANCEL_CONTRACT_SPECS is set to ${fromEnv}`,
      localDir,
    };
  }
  const shared = join(root, "..", "shared");
  const specsDir = join(shared, "contract-specs");
  return {
    specsDir,
    metaschema: join(shared, "pulumi-metaschema", "pulumi.json"),
    binding: isDir(shared) ? `the shared folder ${shared} exists` : undefined,
    localDir,
  };
}

/** A file of the shared data: where it is, or why it is not there and whether that fails or skips. */
export type SharedFile =
  | { readonly status: "found"; readonly file: string }
  /** The shared folder binds and lacks the file: the test that needs it must fail with `message`. */
  | { readonly status: "missing"; readonly message: string }
  /** No shared folder on this machine: the test may skip, saying `message`. */
  | { readonly status: "unavailable"; readonly message: string };

function isDir(path: string): boolean {
  return existsSync(path) && statSync(path).isDirectory();
}

function noSharedFolder(layout: SharedLayout): string {
  return `no shared folder on this machine (${dirname(layout.specsDir)} does not exist and RAGCANCEL_CONTRACT_SPECS is not set)`;
}

/** Finds `<vendor>.openapi.json` under the rule above. */
export function findFragment(vendor: string, layout: SharedLayout = sharedLayout()): SharedFile {
  const name = `${vendor}.openapi.json`;
  if (layout.binding !== undefined) {
    const file = join(layout.specsDir, name);
    if (existsSync(file)) return { status: "found", file };
    const folder = isDir(layout.specsDir) ? layout.specsDir : `${layout.specsDir} (which does not exist)`;
    return {
      status: "missing",
      message: `${vendor}: no ${name} in ${folder}; ${layout.binding}, so every vendor in the driver table needs its fragment there`,
    };
  }
  const local = join(layout.localDir, name);
  if (existsSync(local)) return { status: "found", file: local };
  return {
    status: "unavailable",
    message: `${vendor}: SKIPPED, ${noSharedFolder(layout)} and no ${name} in ${layout.localDir}; CI, which has the shared folder, fails instead`,
  };
}

/** Finds Pulumi's package metaschema under the same rule. */
export function findMetaschema(layout: SharedLayout = sharedLayout()): SharedFile {
  if (existsSync(layout.metaschema)) return { status: "found", file: layout.metaschema };
  if (layout.binding !== undefined)
    return {
      status: "missing",
      message: `Pulumi's package metaschema: no ${layout.metaschema}; ${layout.binding}, so the metaschema must be there`,
    };
  return {
    status: "unavailable",
    message: `Pulumi's package metaschema: SKIPPED, ${noSharedFolder(layout)}; CI, which has the shared folder, fails instead`,
  };
}

/** Where refresh.ts writes: `RAGCANCEL_CONTRACT_SPECS`, else the git-ignored local folder. */
export function specsOutputDir(): string {
  return process.env.RAGCANCEL_CONTRACT_SPECS ?? join(repoRoot(), "test", "contract", "specs");
}

/** The JSON schemas of what `pulumi stack export` prints, beside the package metaschema (its README lists them). */
export const STATE_SCHEMAS = ["deployments.json", "resources.json", "property-values.json"] as const;

/**
 * Finds the folder of Pulumi's state schemas ({@link STATE_SCHEMAS}) under the same rule: `found` names the folder,
 * and a binding shared folder that lacks any of them is `missing`.
 */
export function findStateSchemas(layout: SharedLayout = sharedLayout()): SharedFile {
  const dir = dirname(layout.metaschema);
  const absent = STATE_SCHEMAS.filter((f) => !existsSync(join(dir, f)));
  if (absent.length === 0) return { status: "found", file: dir };
  if (layout.binding !== undefined)
    return {
      status: "missing",
      message: `Pulumi's state schemas: no ${absent.join(", ")} in ${dir}; ${layout.binding}, so they must be there`,
    };
  return {
    status: "unavailable",
    message: `Pulumi's state schemas: SKIPPED, ${noSharedFolder(layout)}; CI, which has the shared folder, fails instead`,
  };
}
