/**
 * The harness's state on disk, in the Pulumi CLI's own formats, so a test or the demo leaves behind what a real
 * stack has: `<name>.json` is what `pulumi stack export` prints (stack-export.ts), `<name>.history.json` what
 * `pulumi stack history --json` prints (stack-history.ts), and `<name>.config.yaml` the stack's config file
 * (`Pulumi.<stack>.yaml`: `encryptionsalt` and the secret config as `secure` values), all encrypted with the
 * passphrase secrets provider as the CLI encrypts them (state-crypto.ts).
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { parse as parseYaml, stringify as toYaml } from "yaml";
import { isObject, SECRET_SIG, SIG_KEY } from "./property-values";
import { exportText, fromExport, toExport } from "./stack-export";
import { fromHistoryJson, historyText } from "./stack-history";
import {
  type Crypter,
  decryptSecrets,
  encryptSecrets,
  mapSecretConfig,
  mapStateValues,
  newSecretsState,
  passphraseCrypter,
} from "./state-crypto";
import type { StateFile } from "./types";

/** The files of a stack whose export is `file`. */
export function stackFiles(file: string): { exported: string; history: string; config: string } {
  const base = file.replace(/\.json$/, "");
  return { exported: file, history: `${base}.history.json`, config: `${base}.config.yaml` };
}

/** A state with no resources. */
export function emptyState(project: string, stack: string): StateFile {
  return { version: 1, project, stack, resources: [], outputs: {}, history: [] };
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, "utf8")) as unknown;
  } catch (e) {
    throw new Error(`${file} is not JSON: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
}

/** The config file's `encryptionsalt` and secret values, as stored. */
function readConfig(file: string): { salt?: string; secretConfig?: Record<string, unknown> } {
  if (!existsSync(file)) return {};
  const doc: unknown = parseYaml(readFileSync(file, "utf8"));
  if (!isObject(doc)) throw new Error(`${file} is not a stack config file`);
  const config = isObject(doc.config) ? doc.config : {};
  const secure = Object.entries(config).flatMap(([k, v]) =>
    isObject(v) && typeof v.secure === "string" ? [[k, { [SIG_KEY]: SECRET_SIG, ciphertext: v.secure }]] : [],
  );
  return {
    ...(typeof doc.encryptionsalt === "string" ? { salt: doc.encryptionsalt } : {}),
    ...(secure.length ? { secretConfig: Object.fromEntries(secure) } : {}),
  };
}

/** Reads the stack's files as stored (secrets encrypted); an empty state if there are none yet. */
export function readStateFile(file: string, project: string, stack: string): StateFile {
  const files = stackFiles(file);
  const config = readConfig(files.config);
  const base = existsSync(files.exported)
    ? fromExport(file, readJson(files.exported), project, stack)
    : emptyState(project, stack);
  const history = existsSync(files.history) ? fromHistoryJson(files.history, readJson(files.history)) : [];
  const salt = base.secretsProviders?.state.salt ?? config.salt;
  return {
    ...base,
    ...(salt !== undefined ? { secretsProviders: { type: "passphrase", state: { salt } } } : {}),
    ...(config.secretConfig ? { secretConfig: config.secretConfig } : {}),
    history,
  };
}

/** A state in memory: secrets are `{sig, value}`, and `crypter` encrypts them again on save. */
export interface LoadedState {
  state: StateFile;
  crypter: Crypter;
}

/** Reads and decrypts the state, creating the passphrase provider's state on first use. */
export function loadState(file: string, project: string, stack: string, passphrase: string): LoadedState {
  const stored = readStateFile(file, project, stack);
  const salt = stored.secretsProviders?.state.salt ?? newSecretsState(passphrase);
  const crypter = passphraseCrypter(passphrase, salt);
  const state = mapStateValues(stored, (v) => decryptSecrets(v, crypter));
  const secretConfig = mapSecretConfig(stored.secretConfig, (c) => crypter.decrypt(c), "value");
  return {
    state: {
      ...state,
      ...(secretConfig ? { secretConfig } : {}),
      secretsProviders: { type: "passphrase", state: { salt } },
    },
    crypter,
  };
}

/** Writes a file whole or not at all (write-then-rename, so a crash never leaves half a file). */
function writeWhole(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, file);
}

/** Encrypts every secret and writes the export, the history and the config file. */
export function saveState(file: string, loaded: LoadedState): void {
  const { state, crypter } = loaded;
  const encrypted = mapStateValues(state, (v) => encryptSecrets(v, crypter));
  const files = stackFiles(file);
  const secure = mapSecretConfig(state.secretConfig, (t) => crypter.encrypt(t), "ciphertext") ?? {};
  const config = Object.fromEntries(
    Object.entries(secure).flatMap(([k, v]) =>
      isObject(v) && typeof v.ciphertext === "string" ? [[k, { secure: v.ciphertext }]] : [],
    ),
  );
  const salt = state.secretsProviders?.state.salt;
  writeWhole(files.config, toYaml({ ...(salt ? { encryptionsalt: salt } : {}), config }));
  writeWhole(files.history, historyText(state.history));
  writeWhole(files.exported, exportText(toExport(encrypted, new Date().toISOString())));
}
