/**
 * Reads vendor files from a fetched snapshot: a bare git directory (read at HEAD with `git show`), or, for a
 * repository too large to fetch whole, a plain directory laid out like the repository with a `COMMITS` file whose
 * lines are `<40-hex commit> <path>` (the version of each file that was copied in). Every read is remembered so the
 * fragment can list its provenance.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { JsonObject } from "./json";

export interface Provenance extends JsonObject {
  repository: string;
  commit: string;
  path: string;
  license: string;
  what: string;
}

export class Source {
  private readonly reads = new Map<string, string>();
  private readonly commits: Map<string, string> | undefined;
  private readonly head: string | undefined;

  constructor(
    readonly repository: string,
    private readonly dir: string,
  ) {
    if (!existsSync(dir)) throw new Error(`${repository}: no snapshot at ${dir}`);
    if (existsSync(join(dir, "COMMITS"))) {
      this.commits = new Map();
      for (const line of readFileSync(join(dir, "COMMITS"), "utf8").split("\n")) {
        const m = /^([0-9a-f]{40}) (\S+)$/.exec(line.trim());
        if (m?.[1] !== undefined && m[2] !== undefined) this.commits.set(m[2], m[1]);
      }
    } else {
      this.head = this.git("rev-parse", "HEAD").trim();
    }
  }

  private git(...args: string[]): string {
    return execFileSync("git", ["--git-dir", this.dir, ...args], { encoding: "utf8", maxBuffer: 64 << 20 });
  }

  read(path: string, what?: string): string {
    const text =
      this.head !== undefined ? this.git("show", `HEAD:${path}`) : readFileSync(join(this.dir, path), "utf8");
    if (what !== undefined) this.note(path, what);
    return text;
  }

  /** Records what a file contributed (appended to earlier notes for the same file). */
  note(path: string, what: string): void {
    const before = this.reads.get(path);
    if (before === undefined) this.reads.set(path, what);
    else if (!before.split("; ").includes(what)) this.reads.set(path, `${before}; ${what}`);
  }

  commit(path: string): string {
    const c = this.head ?? this.commits?.get(path);
    if (c === undefined) throw new Error(`${this.repository}: COMMITS names no commit for ${path}`);
    return c;
  }

  private declared: string | undefined;

  /** For a repository with no licence file: the licence its documents declare (`info.license`), as an SPDX id. */
  declareLicense(spdx: string): void {
    this.declared = spdx;
  }

  /** The repository's licence: declared, or from `LICENSE` or (boto/botocore) `LICENSE.txt`. */
  license(): string {
    if (this.declared !== undefined) return this.declared;
    for (const name of ["LICENSE", "LICENSE.txt"]) {
      try {
        return licenseOf(this.read(name));
      } catch {
        // not this name: try the next
      }
    }
    throw new Error(`${this.repository}: no LICENSE or LICENSE.txt`);
  }

  provenance(): Provenance[] {
    const license = this.license();
    return [...this.reads.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([path, what]) => ({ repository: this.repository, commit: this.commit(path), path, license, what }));
  }
}

/** SPDX id of a licence text, told by its opening words. */
export function licenseOf(text: string): string {
  if (/Apache License\s+Version 2\.0/.test(text)) return "Apache-2.0";
  if (/^\s*ISC License/.test(text)) return "ISC";
  if (/BSD 3-Clause License/.test(text) || /Neither the name of/.test(text)) return "BSD-3-Clause";
  if (/Permission is hereby granted, free of charge/.test(text)) return "MIT";
  throw new Error("unrecognised licence text");
}
