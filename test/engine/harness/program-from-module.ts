import { readFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { dirname, resolve } from "node:path";
import { requireHere, resolveFrom } from "./proto-modules";
import type { Program } from "./types";

type TypeScript = typeof import("typescript");

function compile(path: string): string {
  const source = readFileSync(path, "utf8");
  if (!/\.[cm]?tsx?$/.test(path)) return source;
  const ts = requireHere(resolveFrom(dirname(path), "typescript")) as TypeScript;
  return ts.transpileModule(source, {
    fileName: path,
    compilerOptions: {
      module: ts.ModuleKind.CommonJS,
      target: ts.ScriptTarget.ES2022,
      esModuleInterop: true,
      inlineSourceMap: true,
    },
  }).outputText;
}

/**
 * Evaluates the module's own code afresh but takes its imports from the normal module cache, so that it shares
 * `@pulumi/pulumi` (and therefore the mocks) with the harness. Clearing `require.cache` would not work under jest,
 * and `jest.isolateModules` would hand the program a second `@pulumi/pulumi`.
 */
function evaluate(path: string): unknown {
  const dir = dirname(path);
  const load = (spec: string): unknown => {
    if (spec.startsWith("node:") || builtinModules.includes(spec)) return requireHere(spec);
    return requireHere(spec.startsWith(".") ? resolveFrom(dir, resolve(dir, spec)) : resolveFrom(dir, spec));
  };
  const localRequire = Object.assign(load, { resolve: (spec: string) => resolveFrom(dir, spec) });
  const module = { exports: {} as unknown };
  // Function (not vm.runInThisContext) so that under jest the code runs in the test's realm.
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- evaluating the program module is the point
  const body = new Function("exports", "require", "module", "__filename", "__dirname", compile(path)) as (
    exports: unknown,
    require: unknown,
    module: { exports: unknown },
    filename: string,
    dirname: string,
  ) => void;
  body(module.exports, localRequire, module, path, dir);
  return module.exports;
}

/**
 * A program that evaluates `file` (TypeScript or JavaScript, CommonJS) on every run, like the language host
 * running `index.ts`; the module's exports are the stack outputs.
 */
export function programFromModule(file: string): Program {
  const path = resolve(file);
  return () => evaluate(path);
}
