/**
 * The passphrase secrets provider, as the Pulumi CLI implements it (pulumi/pulumi `pkg/secrets/passphrase/manager.go`
 * and `sdk/go/common/resource/config/crypt.go`): AES-256-GCM with a key derived from the passphrase by PBKDF2-SHA256
 * (1,000,000 iterations, 32 bytes) over an 8-byte random salt. Ciphertexts are `v1:<nonce>:<sealed>` (base64); the
 * provider's state is `{salt: "v1:<salt>:<the word "pulumi" encrypted>"}`, which is how a wrong passphrase is told
 * (`ErrIncorrectPassphrase`). A stack's config file keeps the same state as `encryptionsalt`.
 */
import { createCipheriv, createDecipheriv, pbkdf2Sync, randomBytes } from "node:crypto";
import { isObject, isSecret, SECRET_SIG, SIG_KEY, unwrapSecrets } from "./property-values";
import type { StateFile } from "./types";

/** Passphrase used when {@link EngineOptions.passphrase} is not given. */
export const DEFAULT_PASSPHRASE = "pulumi-engine-harness-test-passphrase";

/** Encrypts and decrypts the secret values of one state file. */
export interface Crypter {
  encrypt(plaintext: string): string;
  decrypt(ciphertext: string): string;
}

// crypt.go NewSymmetricCrypterFromPassphrase: pbkdf2.Key(phrase, salt, 1000000, 32, sha256.New).
const ITERATIONS = 1_000_000;
const KEY_BYTES = 32;
// manager.go's check message: decrypting it proves the passphrase.
const CHECK_MESSAGE = "pulumi";

const keyCache = new Map<string, Buffer>();

function keyFor(passphrase: string, salt: Buffer): Buffer {
  const cacheKey = `${salt.toString("base64")}\u0000${passphrase}`;
  let key = keyCache.get(cacheKey);
  if (!key) {
    // A million iterations are slow on purpose (about half a second); each state's key is derived once per process.
    key = pbkdf2Sync(passphrase, salt, ITERATIONS, KEY_BYTES, "sha256");
    keyCache.set(cacheKey, key);
  }
  return key;
}

function symmetricCrypter(key: Buffer): Crypter {
  return {
    encrypt(plaintext) {
      const nonce = randomBytes(12);
      const cipher = createCipheriv("aes-256-gcm", key, nonce);
      const sealed = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final(), cipher.getAuthTag()]);
      return `v1:${nonce.toString("base64")}:${sealed.toString("base64")}`;
    },
    decrypt(ciphertext) {
      const [version, nonce, sealed] = ciphertext.split(":");
      if (version !== "v1" || nonce === undefined || sealed === undefined) {
        throw new Error(`unsupported secret ciphertext ${JSON.stringify(ciphertext.slice(0, 12))}…`);
      }
      const bytes = Buffer.from(sealed, "base64");
      const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(nonce, "base64"));
      decipher.setAuthTag(bytes.subarray(bytes.length - 16));
      try {
        return Buffer.concat([decipher.update(bytes.subarray(0, bytes.length - 16)), decipher.final()]).toString(
          "utf8",
        );
      } catch {
        throw new Error("failed to decrypt a state secret: incorrect passphrase");
      }
    },
  };
}

// The process's salt for new stacks. The CLI draws one per `stack init`; a fresh stack per test would then pay the
// key derivation each time, so the harness draws one per process and passphrase (each stack still stores it whole).
const processStates = new Map<string, string>();

/**
 * The passphrase provider's state for a new stack (manager.go `NewPassphraseSecretsManager`):
 * `v1:<base64 salt>:<"pulumi" encrypted>`.
 */
export function newSecretsState(passphrase: string): string {
  let state = processStates.get(passphrase);
  if (!state) {
    const salt = randomBytes(8);
    state = `v1:${salt.toString("base64")}:${symmetricCrypter(keyFor(passphrase, salt)).encrypt(CHECK_MESSAGE)}`;
    processStates.set(passphrase, state);
  }
  return state;
}

/**
 * The crypter of a passphrase provider's state (manager.go `symmetricCrypterFromPhraseAndState`); throws
 * "incorrect passphrase" when the check message does not decrypt to `pulumi`.
 */
export function passphraseCrypter(passphrase: string, state: string): Crypter {
  const [version, salt, ...check] = state.split(":");
  if (version !== "v1" || salt === undefined || check.length !== 3) {
    throw new Error(`malformed passphrase secrets provider state ${JSON.stringify(state.slice(0, 12))}…`);
  }
  const crypter = symmetricCrypter(keyFor(passphrase, Buffer.from(salt, "base64")));
  let word: string | undefined;
  try {
    word = crypter.decrypt(check.join(":"));
  } catch {
    word = undefined;
  }
  if (word !== CHECK_MESSAGE) throw new Error("failed to open the stack's secrets: incorrect passphrase");
  return crypter;
}

/** Replaces every `{sig, value}` secret by its checkpoint form `{sig, ciphertext}` (value JSON-encoded first). */
export function encryptSecrets(v: unknown, crypter: Crypter): unknown {
  if (isSecret(v)) {
    return { [SIG_KEY]: SECRET_SIG, ciphertext: crypter.encrypt(JSON.stringify(unwrapSecrets(v.value))) };
  }
  if (Array.isArray(v)) return v.map((x) => encryptSecrets(x, crypter));
  if (isObject(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, encryptSecrets(x, crypter)]));
  return v;
}

/** Inverse of {@link encryptSecrets}: `{sig, ciphertext}` becomes `{sig, value}`. */
export function decryptSecrets(v: unknown, crypter: Crypter): unknown {
  if (isObject(v) && v[SIG_KEY] === SECRET_SIG && typeof v.ciphertext === "string") {
    return { [SIG_KEY]: SECRET_SIG, value: JSON.parse(crypter.decrypt(v.ciphertext)) as unknown };
  }
  if (Array.isArray(v)) return v.map((x) => decryptSecrets(x, crypter));
  if (isObject(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, decryptSecrets(x, crypter)]));
  return v;
}

/**
 * Secret config as the stack's config file keeps it (`secure: <ciphertext of the text itself>`, not JSON-encoded
 * as property values are): `{sig, value}` becomes `{sig, ciphertext}`, and back with `decrypt`.
 */
export function mapSecretConfig(
  config: Record<string, unknown> | undefined,
  f: (text: string) => string,
  to: "ciphertext" | "value",
): Record<string, unknown> | undefined {
  if (config === undefined) return undefined;
  const from = to === "ciphertext" ? "value" : "ciphertext";
  return Object.fromEntries(
    Object.entries(config).map(([k, v]) => {
      const text = isObject(v) && typeof v[from] === "string" ? v[from] : undefined;
      return [k, text === undefined ? v : { [SIG_KEY]: SECRET_SIG, [to]: f(text) }];
    }),
  );
}

/** Applies `f` to every property bag of a state (resource inputs/outputs, stack outputs); not to the config. */
export function mapStateValues(state: StateFile, f: (v: unknown) => unknown): StateFile {
  const bag = (m: Record<string, unknown>): Record<string, unknown> => f(m) as Record<string, unknown>;
  return {
    ...state,
    resources: state.resources.map((r) => ({ ...r, inputs: bag(r.inputs), outputs: bag(r.outputs) })),
    outputs: bag(state.outputs),
  };
}

/**
 * Decrypts a parsed state file: every secret becomes `{[SIG_KEY]: SECRET_SIG, value}` (use `unwrapSecrets`
 * for plain values), the secret config too. Throws on a wrong passphrase.
 */
export function decryptState(state: StateFile, passphrase: string = DEFAULT_PASSPHRASE): StateFile {
  const salt = state.secretsProviders?.state.salt;
  if (salt === undefined) return state;
  const crypter = passphraseCrypter(passphrase, salt);
  const secretConfig = mapSecretConfig(state.secretConfig, (c) => crypter.decrypt(c), "value");
  return { ...mapStateValues(state, (v) => decryptSecrets(v, crypter)), ...(secretConfig ? { secretConfig } : {}) };
}
