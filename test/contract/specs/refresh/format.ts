/**
 * How refresh.ts formats a fragment: sorted keys, then prettier with the repository's own settings. The settings are
 * resolved for the file's name in the repository's specs folder, not where it is written: prettier looks for its
 * configuration upward from the file, so a fragment written outside the repository (`RAGCANCEL_CONTRACT_SPECS`, e.g.
 * straight into shared/contract-specs) would otherwise get prettier's defaults (width 80), unlike one generated here
 * and copied, and unlike what `prettier --check` in this repository expects.
 */
import { basename, join } from "node:path";
import { format, resolveConfig, type Options } from "prettier";
import { repoRoot } from "../location";
import { sortKeys, type JsonObject } from "./json";

/**
 * The prettier options for a fragment to be written at `out`: the repository's settings for a file of that name in
 * test/contract/specs, as `prettier --check` (editorconfig included, as the CLI does) would apply them there.
 */
export async function fragmentFormatOptions(out: string, root: string = repoRoot()): Promise<Options> {
  const asIfInRepository = join(root, "test", "contract", "specs", basename(out));
  const config = (await resolveConfig(asIfInRepository, { editorconfig: true })) ?? {};
  return { ...config, filepath: asIfInRepository };
}

/** The text refresh.ts writes for `doc` at `out`: the same bytes wherever `out` is. */
export async function formatFragment(doc: JsonObject, out: string, root: string = repoRoot()): Promise<string> {
  return format(JSON.stringify(sortKeys(doc), null, 2), await fragmentFormatOptions(out, root));
}
