/**
 * The two front doors of the one runtime: the dynamic classes served by Pulumi's dynamic provider host, and the
 * `ragcancel` provider plugin. A parametrized suite runs once per door with the same table of vendors.
 */
import { join } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import type { CancellationResource, VendorName } from "pulumi-rag-cancel";
import { recordSchema } from "../../provider/lifecycle/record";
import { resourceToken } from "../../plugin/schema";
import { type EngineOptions, routeOf } from "./harness";
import { REPO } from "./setup";
import type { Driver } from "./vendors";

/** The plugin's directory: its launcher (pulumi-resource-ragcancel), PulumiPlugin.yaml and package.json. */
export const PLUGIN_DIR = join(REPO, "plugin");

/** One way a program reaches the runtime. */
export interface FrontDoor {
  name: string;
  /** Stack options that select this door. */
  stack: Partial<EngineOptions>;
  /** The vendor's driver, its resources created through this door. */
  driver: (d: Driver) => Driver;
}

/** A custom resource of the plugin, as a generated SDK's class is (CustomResource itself is abstract). */
class PluginResource extends pulumi.CustomResource {}

/**
 * A `ragcancel:<vendor>:IndexingJobCancellation` resource as the SDK that `pulumi package add` generates registers
 * it: the inputs, every output declared, the credentials secret.
 */
export function pluginResource(
  vendor: VendorName,
  name: string,
  args: Record<string, unknown>,
  opts: pulumi.CustomResourceOptions = {},
): CancellationResource {
  const outputs = Object.keys(recordSchema.shape).filter((k) => !(k in args));
  const props: Record<string, unknown> = { ...args, ...Object.fromEntries(outputs.map((k) => [k, undefined])) };
  if (args.credentials !== undefined) props.credentials = pulumi.secret(args.credentials);
  const resource = new PluginResource(resourceToken(vendor), name, props, {
    ...opts,
    additionalSecretOutputs: ["credentials"],
  });
  return resource as unknown as CancellationResource;
}

/** The dynamic classes, through Pulumi's dynamic provider host. */
export const DYNAMIC: FrontDoor = { name: "the dynamic provider host", stack: {}, driver: (d) => d };

/**
 * The provider plugin, started as the CLI starts a plugin from a local path (a project's `packages:` entry, or
 * `pulumi package add ./plugin`): the folder holds pulumi-resource-ragcancel, so the CLI executes it directly.
 */
export const PLUGIN: FrontDoor = {
  name: "the ragcancel plugin",
  stack: { plugin: routeOf(PLUGIN_DIR) },
  driver: (d) => ({ ...d, create: (name, args) => pluginResource(d.vendor, name, args) }),
};
