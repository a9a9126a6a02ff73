/**
 * The shared lifecycle of every cancellation resource, over a VendorAdapter:
 * create = resolve the jobs, cancel the running ones, wait for the vendor to confirm; read = status; update = no
 * vendor mutation but the re-send of a cancel whose answer was lost, then resume a wait; delete = forget the record.
 * Each operation lives in its own file (`create.ts`, `refresh.ts`); this one assembles them.
 * @internal
 * @packageDocumentation
 */
import { isDeepStrictEqual } from "node:util";
import type { dynamic } from "@pulumi/pulumi";
import type { VendorAdapter } from "../adapter";
import { boundedAdapter } from "./bounds";
import { setStackConfig } from "../inputs/credentials";
import { checkInputs, commonShape, INTERNAL_INPUTS, UNKNOWN } from "../inputs/inputs";
import { echoOf } from "./context";
import { create, importId } from "./create";
import { read, update } from "./refresh";
import { recordSchema } from "./record";
import type { CancellationProvider, ProviderInputs } from "./types";
export type { OperationOptions } from "./context";
export type { CancellationDiff, CancellationProvider, ProviderInputs, ProviderOutputs } from "./types";

/** Builds the provider of one vendor, for both front doors. */
export function makeProvider(vendorAdapter: VendorAdapter): CancellationProvider {
  // Every job status the vendor reports is bounded before anything reads it (details size, status words).
  const adapter = boundedAdapter(vendorAdapter);
  const identity = [...adapter.identityKeys, "triggers"];
  const inputKeys = Object.keys({ ...commonShape, ...adapter.inputShape }).filter((k) => !INTERNAL_INPUTS.includes(k));

  return {
    configure(req) {
      setStackConfig(req.config);
      return Promise.resolve();
    },

    check(_olds, news) {
      return Promise.resolve(checkInputs(adapter, news) as dynamic.CheckResult<ProviderInputs>);
    },

    diff(_id, olds, news) {
      const differs = (k: string) => !isDeepStrictEqual((olds as Record<string, unknown>)[k], news[k]);
      const diffs = inputKeys.filter(differs);
      return Promise.resolve({
        changes: diffs.length > 0,
        replaces: identity.filter(differs),
        diffs,
        deleteBeforeReplace: false,
      });
    },

    create: (inputs, opts = {}) => create(adapter, inputs, opts),
    read: (id, props, opts = {}) => read(adapter, id, props, opts),
    update: (id, olds, news, opts = {}) => update(adapter, id, olds, news, opts),
    importId: (id, opts = {}) => importId(adapter, id, opts),

    predict(inputs) {
      const unknown = Object.fromEntries(Object.keys(recordSchema.shape).map((k) => [k, UNKNOWN]));
      return { ...unknown, ...echoOf(inputs), vendor: adapter.vendor };
    },

    delete() {
      // A cancellation cannot be undone: destroying the resource only forgets the record.
      return Promise.resolve();
    },
  };
}
