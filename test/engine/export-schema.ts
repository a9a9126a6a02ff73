/**
 * Pulumi's own JSON schemas of what `pulumi stack export` prints (pulumi/pulumi `sdk/go/common/apitype/`
 * deployments.json, resources.json, property-values.json), compiled with ajv, to check the harness's exports.
 *
 * The published `resourceV3` lags the Go type it describes and forbids additional properties, so a real export (with
 * `created` and `modified`, which the CLI has written on every resource since early 2023) fails it as published. As
 * the shared folder's README says, it is widened here by exactly the fields `ResourceV3` in core.go declares and the
 * schema lacks, and nothing else.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import Ajv2020, { type ErrorObject } from "ajv/dist/2020";
import addFormats from "ajv-formats";
import { findStateSchemas } from "../contract/specs/location";

const strings = { type: "array", items: { type: "string" } };

/** `ResourceV3`'s fields (core.go at 1b59498) that resources.json's `resourceV3` does not list. */
export const CORE_GO_ONLY_FIELDS: Record<string, object> = {
  taint: { type: "boolean" },
  retainOnDelete: { type: "boolean" },
  deletedWith: { type: "string" },
  replaceWith: strings,
  created: { type: "string", format: "date-time" },
  modified: { type: "string", format: "date-time" },
  sourcePosition: { type: "string" },
  stackTrace: { type: "array", items: { type: "object" } },
  ignoreChanges: strings,
  hideDiff: strings,
  replaceOnChanges: strings,
  replacementTrigger: {},
  refreshBeforeUpdate: { type: "boolean" },
  viewOf: { type: "string" },
  resourceHooks: { type: "object" },
  extensionRef: {},
};

/** Validates an `UntypedDeployment`: the errors, or an empty list. */
export type ExportValidator = (exported: unknown) => ErrorObject[];

type JsonObject = Record<string, unknown>;

function load(dir: string, name: string): JsonObject {
  return JSON.parse(readFileSync(join(dir, name), "utf8")) as JsonObject;
}

/**
 * The validator, or why there is none: `missing` (a shared folder without the schemas) must fail the test, only
 * `unavailable` (no shared folder on this machine) may skip.
 */
export function exportValidator():
  | { status: "found"; validate: ExportValidator }
  | { status: "missing"; message: string }
  | { status: "unavailable"; message: string } {
  const found = findStateSchemas();
  if (found.status !== "found") return found;
  const resources = load(found.file, "resources.json");
  const defs = resources.$defs as Record<string, JsonObject>;
  const resourceV3 = defs.resourceV3!;
  const listed = resourceV3.properties as JsonObject;
  const widened = Object.fromEntries(Object.entries(CORE_GO_ONLY_FIELDS).filter(([k]) => !(k in listed)));
  defs.resourceV3 = { ...resourceV3, properties: { ...listed, ...widened } };
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  // ajv does not resolve an `$anchor` on a schema's root: `#property_value` names that root, so it becomes `#`.
  const propertyValues = JSON.parse(
    readFileSync(join(found.file, "property-values.json"), "utf8").replace(
      /"\$ref":\s*"#property_value"/g,
      '"$ref": "#"',
    ),
  ) as JsonObject;
  ajv.addSchema(propertyValues);
  ajv.addSchema(resources);
  const check = ajv.compile(load(found.file, "deployments.json"));
  return { status: "found", validate: (exported) => (check(exported) ? [] : [...(check.errors ?? [])]) };
}

/**
 * The validator for a test: a shared folder without the schemas fails the test; no shared folder on this machine
 * warns and gives none, so the test checks nothing more (the one case `exportValidator` allows to skip).
 */
export function validatorOrSkip(): ExportValidator | undefined {
  const v = exportValidator();
  if (v.status === "missing") throw new Error(v.message);
  if (v.status === "unavailable") {
    console.warn(v.message);
    return undefined;
  }
  return v.validate;
}
