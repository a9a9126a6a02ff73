import { randomBytes } from "node:crypto";
import { setStackConfig } from "../../../provider/inputs/credentials";

// AWS_ too (the Bedrock adapter reads AWS_* the way AWS tools do); RAGCANCEL_ too: the host's RAGCANCEL_ALLOW_INSECURE_HTTP would make plain-http endpoints pass.
const VENDOR_ENV = /^(DIGITALOCEAN|CLOUDFLARE|GROUNDX|SUPEROFFICE|RAGCANCEL|OPENAI|AWS)_/;

/** A marker planted in generated secrets and bodies; finding it in a message means a value was echoed. */
export const CANARY = `CANARY-${randomBytes(6).toString("hex")}`;

/**
 * Removes every vendor setting from the environment and stack config, so only what a test passes can make it pass.
 * Returns the function that puts the environment back.
 */
export function isolateFromHost(): () => void {
  const saved = process.env;
  process.env = Object.fromEntries(Object.entries(saved).filter(([name]) => !VENDOR_ENV.test(name)));
  setStackConfig(undefined);
  return () => {
    process.env = saved;
  };
}
