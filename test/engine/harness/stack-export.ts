/**
 * The harness's state in Pulumi's own format: what `pulumi stack export` prints, an `UntypedDeployment` of
 * deployment version 3 (pulumi/pulumi `sdk/go/common/apitype/core.go`: `DeploymentV3` with `manifest`,
 * `secrets_providers` and `resources` as `ResourceV3`), written as `stack_export.go` writes it (4-space indent, HTML
 * not escaped, a final newline). Like the engine's, the resources include the root `pulumi:pulumi:Stack` (whose
 * outputs are the stack's) and the default provider of each package (`pulumi:providers:<pkg>::default`), which each
 * resource names in `provider` as `<urn>::<id>`.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { z } from "zod";
import type { ResourceState, StateFile } from "./types";

/** core.go `DeploymentSchemaVersionCurrent`. */
export const DEPLOYMENT_VERSION = 3;

const STACK_TYPE = "pulumi:pulumi:Stack";
const PROVIDER_TYPE_PREFIX = "pulumi:providers:";

/** One `ResourceV3`, as the harness writes it (the fields it has values for). */
export interface ExportedResource {
  urn: string;
  custom: boolean;
  delete?: boolean;
  id?: string;
  type: string;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
  parent?: string;
  protect?: boolean;
  dependencies?: string[];
  initErrors?: string[];
  provider?: string;
  additionalSecretOutputs?: string[];
  retainOnDelete?: boolean;
  created?: string;
  modified?: string;
}

/** An `UntypedDeployment` holding a `DeploymentV3`. */
export interface StackExport {
  version: typeof DEPLOYMENT_VERSION;
  deployment: {
    manifest: { time: string; magic: string; version: string };
    secrets_providers?: { type: string; state: { salt: string } };
    resources?: ExportedResource[];
  };
}

/** What the harness reads back: strict where it depends, lenient elsewhere. */
const exportSchema = z.object({
  version: z.literal(DEPLOYMENT_VERSION),
  deployment: z.object({
    manifest: z.object({ time: z.string(), magic: z.string(), version: z.string() }),
    secrets_providers: z.object({ type: z.literal("passphrase"), state: z.object({ salt: z.string() }) }).optional(),
    resources: z
      .array(
        z.object({
          urn: z.string(),
          custom: z.boolean(),
          delete: z.boolean().optional(),
          id: z.string().optional(),
          type: z.string(),
          inputs: z.record(z.string(), z.unknown()).optional(),
          outputs: z.record(z.string(), z.unknown()).optional(),
          protect: z.boolean().optional(),
          dependencies: z.array(z.string()).optional(),
          initErrors: z.array(z.string()).optional(),
          additionalSecretOutputs: z.array(z.string()).optional(),
          retainOnDelete: z.boolean().optional(),
          created: z.string().optional(),
          modified: z.string().optional(),
        }),
      )
      .optional(),
  }),
});

/** The engine version the manifest names: the Node SDK's, as `v<semver>` (core.go `ManifestV1.Version`). */
function engineVersion(): string {
  const { version } = JSON.parse(readFileSync(require.resolve("@pulumi/pulumi/package.json"), "utf8")) as {
    version: string;
  };
  return `v${version}`;
}

/** The URN of the stack's root resource. */
export function stackUrn(project: string, stack: string): string {
  return `urn:pulumi:${stack}::${project}::${STACK_TYPE}::${project}-${stack}`;
}

/** A stable UUID-shaped id for a default provider, so its reference stays the same from one save to the next. */
function providerId(urn: string): string {
  const h = createHash("sha256").update(urn).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** The package of a type token (`pulumi-nodejs:dynamic/…` → `pulumi-nodejs`, `ragcancel:do:X` → `ragcancel`). */
function packageOf(type: string): string {
  return type.split(":")[0] ?? type;
}

function resourceEntry(r: ResourceState, parent: string, provider: string): ExportedResource {
  // Children of the root stack carry no parent type in their URN (program-runner.ts `engineUrn`).
  const qualified = r.urn.split("::")[2] ?? "";
  return {
    urn: r.urn,
    custom: true,
    ...(r.delete === true ? { delete: true } : {}),
    id: r.id,
    type: r.type,
    inputs: r.inputs,
    outputs: r.outputs,
    ...(qualified.includes("$") ? {} : { parent }),
    ...(r.protect !== undefined ? { protect: r.protect } : {}),
    ...(r.dependencies?.length ? { dependencies: r.dependencies } : {}),
    ...(r.initErrors?.length ? { initErrors: r.initErrors } : {}),
    provider,
    ...(r.additionalSecretOutputs?.length ? { additionalSecretOutputs: r.additionalSecretOutputs } : {}),
    ...(r.retainOnDelete !== undefined ? { retainOnDelete: r.retainOnDelete } : {}),
    created: r.created,
    modified: r.modified,
  };
}

/** The state (secrets already encrypted) as `pulumi stack export` prints it. */
export function toExport(state: StateFile, savedAt: string): StackExport {
  const version = engineVersion();
  const manifest = { time: savedAt, magic: createHash("sha256").update(version).digest("hex"), version };
  const secrets = state.secretsProviders ? { secrets_providers: state.secretsProviders } : {};
  if (state.resources.length === 0 && Object.keys(state.outputs).length === 0) {
    // After a destroy the engine keeps no resource, not even the stack.
    return { version: DEPLOYMENT_VERSION, deployment: { manifest, ...secrets } };
  }
  const root = stackUrn(state.project, state.stack);
  const born = [...state.resources.map((r) => r.created), state.history[0]?.startedAt ?? savedAt].sort()[0];
  const stackEntry: ExportedResource = {
    urn: root,
    custom: false,
    type: STACK_TYPE,
    outputs: state.outputs,
    created: born ?? savedAt,
    modified: savedAt,
  };
  const providers = new Map<string, ExportedResource>();
  const entries = state.resources.map((r) => {
    const pkg = packageOf(r.type);
    const urn = `urn:pulumi:${state.stack}::${state.project}::${PROVIDER_TYPE_PREFIX}${pkg}::default`;
    let p = providers.get(urn);
    if (!p) {
      p = { urn, custom: true, id: providerId(urn), type: `${PROVIDER_TYPE_PREFIX}${pkg}`, inputs: {}, outputs: {} };
      p.created = born ?? savedAt;
      p.modified = born ?? savedAt;
      providers.set(urn, p);
    }
    return resourceEntry(r, root, `${urn}::${p.id ?? ""}`);
  });
  return {
    version: DEPLOYMENT_VERSION,
    deployment: { manifest, ...secrets, resources: [stackEntry, ...providers.values(), ...entries] },
  };
}

/** The export's text, as the CLI prints it. */
export function exportText(e: StackExport): string {
  return `${JSON.stringify(e, null, 4)}\n`;
}

/** The name a URN gives its resource: what follows the type. */
function nameOf(urn: string): string {
  return urn.split("::").slice(3).join("::");
}

/**
 * Reads an export the harness (or the CLI) wrote into the harness's state (resources and stack outputs; history and
 * config come from their own files). Throws naming the file when it is not one, or belongs to another stack.
 */
export function fromExport(file: string, json: unknown, project: string, stack: string): Omit<StateFile, "history"> {
  const parsed = exportSchema.safeParse(json);
  if (!parsed.success)
    throw new Error(`${file} is not a pulumi stack export (deployment version ${DEPLOYMENT_VERSION})`);
  const { deployment } = parsed.data;
  const all = deployment.resources ?? [];
  const prefix = `urn:pulumi:${stack}::${project}::`;
  const foreign = all.find((r) => !r.urn.startsWith(prefix));
  if (foreign) throw new Error(`${file} holds ${foreign.urn}, which is not in ${project}/${stack}`);
  const root = all.find((r) => r.type === STACK_TYPE);
  const resources: ResourceState[] = all
    .filter((r) => r.type !== STACK_TYPE && !r.type.startsWith(PROVIDER_TYPE_PREFIX))
    .map((r) => ({
      urn: r.urn,
      type: r.type,
      name: nameOf(r.urn),
      id: r.id ?? "",
      inputs: r.inputs ?? {},
      outputs: r.outputs ?? {},
      ...(r.initErrors?.length ? { initErrors: r.initErrors } : {}),
      ...(r.retainOnDelete !== undefined ? { retainOnDelete: r.retainOnDelete } : {}),
      ...(r.protect !== undefined ? { protect: r.protect } : {}),
      ...(r.dependencies?.length ? { dependencies: r.dependencies } : {}),
      ...(r.additionalSecretOutputs?.length ? { additionalSecretOutputs: r.additionalSecretOutputs } : {}),
      ...(r.delete === true ? { delete: true } : {}),
      created: r.created ?? "",
      modified: r.modified ?? "",
    }));
  return {
    version: 1,
    project,
    stack,
    ...(deployment.secrets_providers
      ? { secretsProviders: { type: "passphrase", state: deployment.secrets_providers.state } }
      : {}),
    resources,
    outputs: root?.outputs ?? {},
  };
}
