import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { isObject } from "./property-values";
import {
  type Crypter,
  decryptSecrets,
  encryptSecrets,
  mapStateValues,
  newSalt,
  passphraseCrypter,
} from "./state-crypto";
import type { StateFile } from "./types";

/** A state with no resources. */
export function emptyState(project: string, stack: string): StateFile {
  return { version: 1, project, stack, resources: [], outputs: {}, history: [] };
}

/** Reads the state file as stored (secrets encrypted); an empty state if the file does not exist. */
export function readStateFile(file: string, project: string, stack: string): StateFile {
  if (!existsSync(file)) return emptyState(project, stack);
  const parsed: unknown = JSON.parse(readFileSync(file, "utf8"));
  if (!isObject(parsed) || parsed.version !== 1 || !Array.isArray(parsed.resources) || !isObject(parsed.outputs)) {
    throw new Error(`${file} is not a harness state file (version 1)`);
  }
  if (parsed.project !== project || parsed.stack !== stack) {
    throw new Error(`${file} belongs to ${String(parsed.project)}/${String(parsed.stack)}, not ${project}/${stack}`);
  }
  return parsed as unknown as StateFile;
}

/** A state in memory: secrets are `{sig, value}`, and `crypter` encrypts them again on save. */
export interface LoadedState {
  state: StateFile;
  crypter: Crypter;
}

/** Reads and decrypts the state, creating the passphrase salt on first use. */
export function loadState(file: string, project: string, stack: string, passphrase: string): LoadedState {
  const stored = readStateFile(file, project, stack);
  const salt = stored.secretsProviders?.state.salt ?? newSalt();
  const crypter = passphraseCrypter(passphrase, salt);
  const state = mapStateValues(stored, (v) => decryptSecrets(v, crypter));
  return { state: { ...state, secretsProviders: { type: "passphrase", state: { salt } } }, crypter };
}

/** Encrypts every secret and writes the state (write-then-rename, so a crash never leaves half a file). */
export function saveState(file: string, loaded: LoadedState): void {
  const encrypted = mapStateValues(loaded.state, (v) => encryptSecrets(v, loaded.crypter));
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(encrypted, null, 2)}\n`);
  renameSync(tmp, file);
}
