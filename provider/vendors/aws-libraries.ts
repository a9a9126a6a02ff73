/**
 * AWS's own libraries, the ones the Bedrock adapter finds credentials and regions and signs requests with, behind
 * one module that `aws-config.ts` loads on the first Bedrock request only. They are most of the runtime's code and
 * six vendors of seven never need them: loaded up front they would weigh on every host and plugin start. The
 * plugin's bundler keeps this module in a file of its own (`bin/ragcancel-aws.js`) for the same reason.
 * @internal
 * @packageDocumentation
 */
export { Sha256 } from "@aws-crypto/sha256-js";
export { fromNodeProviderChain } from "@aws-sdk/credential-providers";
export { NODE_REGION_CONFIG_FILE_OPTIONS, NODE_REGION_CONFIG_OPTIONS } from "@smithy/config-resolver";
export { loadConfig } from "@smithy/node-config-provider";
export { SignatureV4 } from "@smithy/signature-v4";
