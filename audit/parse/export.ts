/**
 * What `pulumi stack export` prints, read as Pulumi defines it: pulumi/pulumi `sdk/go/common/apitype/core.go`
 * (`UntypedDeployment`: `version`, `features`, `deployment`; `DeploymentV3`: `manifest`, `secrets_providers`,
 * `resources`, `pending_operations`; `ResourceV3`), printed by `pkg/cmd/pulumi/stack/stack_export.go` as the
 * `UntypedDeployment` itself. Lenient where Pulumi adds fields (unknown keys are ignored: apitype's rule is "DO make
 * anything new be optional"), strict where the audit depends on a field (a resource's `urn` and `type`).
 * @packageDocumentation
 */
import { z } from "zod";
import { AuditInputError, type InputText, parseJson, shown } from "./read-json";
import { looksLikeHistory } from "./history";

/** The deployment versions this reads: core.go's `DeploymentSchemaVersionCurrent` (3) and `…Latest` (4). */
export const DEPLOYMENT_VERSIONS = [3, 4] as const;

const EXPECTED = "the output of `pulumi stack export` (deployment version 3)";

const propertyMap = z.record(z.string(), z.unknown());

/** `ResourceV3` (core.go): the fields the audit reads; the others (aliases, hooks, …) pass unread. */
export const resourceV3 = z.object({
  urn: z.string().min(1),
  type: z.string().min(1),
  custom: z.boolean().optional(),
  delete: z.boolean().optional(),
  id: z.string().optional(),
  inputs: propertyMap.optional(),
  outputs: propertyMap.optional(),
  parent: z.string().optional(),
  provider: z.string().optional(),
  // `*time.Time`, RFC 3339; absent in checkpoints from before early 2023 (core.go's comment on `Created`).
  created: z.string().optional(),
  modified: z.string().optional(),
});

/** One resource of an export. */
export type ResourceV3 = z.infer<typeof resourceV3>;

/** `DeploymentV3` (core.go). Version 4 deployments unmarshal into the same type (core.go's comment on it). */
const deploymentV3 = z.object({
  manifest: z.object({ time: z.string().optional(), version: z.string().optional() }).optional(),
  secrets_providers: z.object({ type: z.string() }).optional(),
  resources: z.array(resourceV3).optional(),
  pending_operations: z.array(z.unknown()).optional(),
});

/** `UntypedDeployment` (core.go), what `pulumi stack export` prints. */
const untypedDeployment = z.object({
  version: z.number().int(),
  features: z.array(z.string()).optional(),
  deployment: z.record(z.string(), z.unknown()),
});

/** The diy backend's checkpoint file (`VersionedCheckpoint` of `CheckpointV3`, core.go), read as a courtesy. */
const versionedCheckpoint = z.object({
  version: z.number().int(),
  checkpoint: z.object({ stack: z.string().optional(), latest: z.record(z.string(), z.unknown()).optional() }),
});

/** One export, read. */
export interface ParsedExport {
  /** The file name as given. */
  name: string;
  /** The deployment's resources, in state order. */
  resources: ResourceV3[];
}

function issueText(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return "unexpected shape";
  const path = issue.path.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`)).join("");
  return `deployment${path}: ${issue.message}`;
}

function checkVersion(input: InputText, version: number): void {
  if (version > Math.max(...DEPLOYMENT_VERSIONS)) {
    throw new AuditInputError(
      `${shown(input.name)}: deployment version ${version} is newer than this audit reads (${DEPLOYMENT_VERSIONS.join(" or ")}); expected ${EXPECTED}; upgrade pulumi-rag-cancel`,
    );
  }
  if (version < Math.min(...DEPLOYMENT_VERSIONS)) {
    throw new AuditInputError(
      `${shown(input.name)}: deployment version ${version} predates the one this audit reads; expected ${EXPECTED} from a current Pulumi CLI`,
    );
  }
}

/** Reads one export; anything else is an {@link AuditInputError} naming the file and what was expected. */
export function parseExport(input: InputText): ParsedExport {
  const json = parseJson(input, EXPECTED);
  if (looksLikeHistory(json)) {
    throw new AuditInputError(
      `${shown(input.name)}: is the output of \`pulumi stack history --json\`, not an export; give it with --history after its stack's export`,
    );
  }
  let deployment: Record<string, unknown>;
  const untyped = untypedDeployment.safeParse(json);
  const checkpoint = untyped.success ? undefined : versionedCheckpoint.safeParse(json);
  if (untyped.success) {
    checkVersion(input, untyped.data.version);
    deployment = untyped.data.deployment;
  } else if (checkpoint?.success) {
    checkVersion(input, checkpoint.data.version);
    deployment = checkpoint.data.checkpoint.latest ?? {};
  } else {
    throw new AuditInputError(
      `${shown(input.name)}: is not a stack export (no "version" and "deployment" at the top); expected ${EXPECTED}`,
    );
  }
  const parsed = deploymentV3.safeParse(deployment);
  if (!parsed.success) {
    throw new AuditInputError(`${shown(input.name)}: ${issueText(parsed.error)}; expected ${EXPECTED}`);
  }
  return { name: input.name, resources: parsed.data.resources ?? [] };
}
