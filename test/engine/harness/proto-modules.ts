import { dirname, join } from "node:path";
import type * as GrpcJs from "@grpc/grpc-js";
import type * as EngineGrpcPb from "@pulumi/pulumi/proto/engine_grpc_pb";
import type * as EnginePb from "@pulumi/pulumi/proto/engine_pb";
import type * as PluginPb from "@pulumi/pulumi/proto/plugin_pb";
import type * as ProviderGrpcPb from "@pulumi/pulumi/proto/provider_grpc_pb";
import type * as ProviderPb from "@pulumi/pulumi/proto/provider_pb";
import type * as StatusPb from "@pulumi/pulumi/proto/status_pb";
import type * as EmptyPb from "google-protobuf/google/protobuf/empty_pb";
import type * as StructPb from "google-protobuf/google/protobuf/struct_pb";

/** The generated gRPC/protobuf modules, loaded from the copy of `@pulumi/pulumi` the project uses. */
export interface ProtoModules {
  grpc: typeof GrpcJs;
  pluginPb: typeof PluginPb;
  providerPb: typeof ProviderPb;
  providerGrpc: typeof ProviderGrpcPb;
  enginePb: typeof EnginePb;
  engineGrpc: typeof EngineGrpcPb;
  statusPb: typeof StatusPb;
  structPb: typeof StructPb;
  emptyPb: typeof EmptyPb;
}

/** The `@pulumi/pulumi` module type, for programs and mocks. */
export type PulumiModule = typeof import("@pulumi/pulumi");

const cache = new Map<string, ProtoModules>();

/**
 * `require` of the module system this file runs in: under jest that is jest's registry, the one the tests'
 * own `import "@pulumi/pulumi"` uses; `createRequire` would bypass it and load a second copy.
 */
export function requireHere(path: string): unknown {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- see above
  return require(path);
}

/** Resolves `spec` the way a module in `fromDir` would (so jest and plain Node both get the project's copy). */
export function resolveFrom(fromDir: string, spec: string): string {
  return require.resolve(spec, { paths: [fromDir] });
}

/** Directory of the `@pulumi/pulumi` package that `projectDir` uses. */
export function pulumiPackageDir(projectDir: string): string {
  return dirname(resolveFrom(projectDir, "@pulumi/pulumi/package.json"));
}

/** Loads `@pulumi/pulumi` as resolved from `projectDir` (the same instance the program imports). */
export function loadPulumi(projectDir: string): PulumiModule {
  return requireHere(resolveFrom(projectDir, "@pulumi/pulumi")) as PulumiModule;
}

/**
 * Loads the stubs. The `.d.ts` files shipped next to them describe these exact modules; the casts only bridge
 * `require` (needed to pick the project's copy) to those declarations.
 */
export function loadProtoModules(projectDir: string): ProtoModules {
  const cached = cache.get(projectDir);
  if (cached) return cached;
  const pkg = pulumiPackageDir(projectDir);
  const load = (spec: string): unknown => requireHere(spec.startsWith("./") ? join(pkg, spec) : resolveFrom(pkg, spec));
  const modules: ProtoModules = {
    grpc: load("@grpc/grpc-js") as typeof GrpcJs,
    pluginPb: load("./proto/plugin_pb.js") as typeof PluginPb,
    providerPb: load("./proto/provider_pb.js") as typeof ProviderPb,
    providerGrpc: load("./proto/provider_grpc_pb.js") as typeof ProviderGrpcPb,
    enginePb: load("./proto/engine_pb.js") as typeof EnginePb,
    engineGrpc: load("./proto/engine_grpc_pb.js") as typeof EngineGrpcPb,
    statusPb: load("./proto/status_pb.js") as typeof StatusPb,
    structPb: load("google-protobuf/google/protobuf/struct_pb") as typeof StructPb,
    emptyPb: load("google-protobuf/google/protobuf/empty_pb") as typeof EmptyPb,
  };
  cache.set(projectDir, modules);
  return modules;
}
