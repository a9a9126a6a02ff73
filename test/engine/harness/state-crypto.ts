import { createCipheriv, createDecipheriv, randomBytes, scryptSync } from "node:crypto";
import { isObject, isSecret, SECRET_SIG, SIG_KEY, unwrapSecrets } from "./property-values";
import type { StateFile } from "./types";

/** Passphrase used when {@link EngineOptions.passphrase} is not given. */
export const DEFAULT_PASSPHRASE = "pulumi-engine-harness-test-passphrase";

/** Encrypts and decrypts the secret values of one state file. */
export interface Crypter {
  encrypt(plaintext: string): string;
  decrypt(ciphertext: string): string;
}

const keyCache = new Map<string, Buffer>();

/** A fresh salt, in the `v1:<base64>` form Pulumi keeps in `secrets_providers.state.salt`. */
export function newSalt(): string {
  return `v1:${randomBytes(16).toString("base64")}`;
}

/** AES-256-GCM with a key derived from the passphrase and salt; ciphertexts are `v1:<nonce>:<sealed>` (base64). */
export function passphraseCrypter(passphrase: string, salt: string): Crypter {
  const cacheKey = `${salt}\u0000${passphrase}`;
  let key = keyCache.get(cacheKey);
  if (!key) {
    // scrypt is slow on purpose; every run of a test suite reuses the same passphrase and salt.
    key = scryptSync(passphrase, Buffer.from(salt.replace(/^v1:/, ""), "base64"), 32);
    keyCache.set(cacheKey, key);
  }
  const k = key;
  return {
    encrypt(plaintext) {
      const nonce = randomBytes(12);
      const cipher = createCipheriv("aes-256-gcm", k, nonce);
      const sealed = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final(), cipher.getAuthTag()]);
      return `v1:${nonce.toString("base64")}:${sealed.toString("base64")}`;
    },
    decrypt(ciphertext) {
      const [version, nonce, sealed] = ciphertext.split(":");
      if (version !== "v1" || nonce === undefined || sealed === undefined) {
        throw new Error(`unsupported secret ciphertext ${JSON.stringify(ciphertext.slice(0, 12))}…`);
      }
      const bytes = Buffer.from(sealed, "base64");
      const decipher = createDecipheriv("aes-256-gcm", k, Buffer.from(nonce, "base64"));
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

/** Applies `f` to every property bag of a state (resource inputs/outputs, stack outputs, secret config). */
export function mapStateValues(state: StateFile, f: (v: unknown) => unknown): StateFile {
  const bag = (m: Record<string, unknown>): Record<string, unknown> => f(m) as Record<string, unknown>;
  return {
    ...state,
    ...(state.secretConfig ? { secretConfig: bag(state.secretConfig) } : {}),
    resources: state.resources.map((r) => ({ ...r, inputs: bag(r.inputs), outputs: bag(r.outputs) })),
    outputs: bag(state.outputs),
  };
}

/**
 * Decrypts a parsed state file: every secret becomes `{[SIG_KEY]: SECRET_SIG, value}` (use `unwrapSecrets`
 * for plain values). Throws on a wrong passphrase.
 */
export function decryptState(state: StateFile, passphrase: string = DEFAULT_PASSPHRASE): StateFile {
  const salt = state.secretsProviders?.state.salt;
  if (salt === undefined) return state;
  const crypter = passphraseCrypter(passphrase, salt);
  return mapStateValues(state, (v) => decryptSecrets(v, crypter));
}
