/**
 * The types of a resource's provider, shared by the operations and the two front doors.
 * @internal
 * @packageDocumentation
 */
import type { dynamic } from "@pulumi/pulumi";
import type { z } from "zod";
import type { commonShape } from "../inputs/inputs";
import type { CancellationRecord } from "../model";
import type { OperationOptions } from "./context";

/** The inputs common to every vendor, typed from their schema; vendor fields ride along. */
export type ProviderInputs = z.infer<z.ZodObject<typeof commonShape>> & Record<string, unknown>;
/** A diff, with the inputs that changed: the plugin reports them to the engine (the dynamic host has no field for them). */
export interface CancellationDiff extends dynamic.DiffResult {
  diffs: string[];
}

/** The outputs: the echoed inputs (so diff and read see them) and the audit record. */
export type ProviderOutputs = ProviderInputs & CancellationRecord;

/** A resource's provider: the dynamic provider's methods, with operation options, import and preview. */
export interface CancellationProvider extends dynamic.ResourceProvider<ProviderInputs, ProviderOutputs> {
  check(olds: ProviderInputs, news: ProviderInputs): Promise<dynamic.CheckResult<ProviderInputs>>;
  diff(id: string, olds: ProviderOutputs, news: ProviderInputs): Promise<CancellationDiff>;
  create(inputs: ProviderInputs, opts?: OperationOptions): Promise<dynamic.CreateResult<ProviderOutputs>>;
  update(
    id: string,
    olds: ProviderOutputs,
    news: ProviderInputs,
    opts?: OperationOptions,
  ): Promise<dynamic.UpdateResult<ProviderOutputs>>;
  read(id: string, props?: ProviderOutputs, opts?: OperationOptions): Promise<dynamic.ReadResult<ProviderOutputs>>;
  /**
   * `pulumi import`: the inputs an id names and a record of what the vendor shows now. Never sends a cancel, so it
   * adopts only a cancellation that has happened: a job still running is refused with what to do instead.
   */
  importId(id: string, opts?: OperationOptions): Promise<{ inputs: Record<string, unknown>; outputs: ProviderOutputs }>;
  /** The outputs a preview shows: the inputs echoed, the vendor, and every observed field unknown. No request. */
  predict(inputs: ProviderInputs): Record<string, unknown>;
}
