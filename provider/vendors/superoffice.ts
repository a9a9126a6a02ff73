/**
 * SuperOffice AI agent (experimental API, "subject to change, and not intended for partners").
 * Cancel `POST {webapi}/v1/Agents/AI/CancelIndexing`, status `POST {webapi}/v1/Agents/AI/GetIndexingStatus`, both
 * with `{"NamespaceName": …}` and a `RagStatus` reply. The namespace is the handle: it has at most one current run,
 * identified by `CurrentRunTag`. Auth: Bearer, SoTicket or Basic, plus `SO-AppToken` when given.
 * @internal
 * @packageDocumentation
 */
import { z } from "zod";
import type { CallContext, VendorAdapter } from "../adapter";
import type { SettingSource } from "../inputs/credentials";
import { ResponseShapeError } from "../errors";
import type { JobStatus, Phase } from "../model";
import { callTo, NOT_FOUND, vendorCall, type ErrorReading } from "../http/vendor-call";
import { documented, secretField } from "../inputs/inputs";

const APP_TOKEN: SettingSource = { config: "superofficeAppToken", env: ["SUPEROFFICE_APP_TOKEN"] };

// The API is experimental: every field may be missing, and unknown ones are kept.
const chunks = z
  .object({ NumberOfChunks: z.number().nullish(), NumberOfDocuments: z.number().nullish() })
  .catchall(z.json());
/** `RagStatus`, the reply of both calls. */
export const ragStatusSchema = z
  .object({
    StartedAt: z.string().nullish(),
    CompletedAt: z.string().nullish(),
    NamespaceName: z.string().nullish(),
    // The tag becomes the record's job id (state, messages): printable, at most 128 characters; empty means no run.
    CurrentRunTag: z.union([z.literal(""), z.string().regex(/^[\x21-\x7e]{1,128}$/)]).nullish(),
    IsCompleted: z.boolean().nullish(),
    IsCancelled: z.boolean().nullish(),
    LastIndexed: z.string().nullish(),
    StatusAll: chunks.nullish(),
    StatusDocuments: chunks.nullish(),
    StatusFAQ: chunks.nullish(),
    StatusNone: chunks.nullish(),
    StatusProduct: chunks.nullish(),
    StatusTicket: chunks.nullish(),
    StatusWebpage: chunks.nullish(),
    StatusWebsite: chunks.nullish(),
  })
  .catchall(z.json());

type RagStatus = z.output<typeof ragStatusSchema>;

/** The normalized phase of a run from its flags. Whether a cancelled run also sets IsCompleted is undocumented. */
export function phaseOf(status: Pick<RagStatus, "IsCancelled" | "IsCompleted">): Phase {
  if (status.IsCancelled) return "cancelled";
  if (status.IsCompleted) return "succeeded";
  return "running";
}

const errorBody = z
  .object({
    Message: z.string().optional(),
    message: z.string().optional(),
    FriendlyText: z.string().optional(),
    ExceptionType: z.string().optional(),
    Error: z.string().optional(),
  })
  .catchall(z.json());

const errors: ErrorReading = {
  parse: (body) => {
    const e = errorBody.safeParse(body).data;
    return { code: e?.ExceptionType, message: e?.FriendlyText ?? e?.Message ?? e?.message ?? e?.Error };
  },
  hint: (status) =>
    status === 401 || status === 403
      ? "Check the SuperOffice credentials (access token, ticket, or user and password) and, for Online, the SO-AppToken"
      : status === 404
        ? "Check that the endpoint is the tenant's WebAPI base, e.g. https://online.superoffice.com/Cust12345/api"
        : undefined,
};

function toStatus(run: RagStatus): JobStatus {
  const flags = `IsCompleted=${String(run.IsCompleted ?? false)}, IsCancelled=${String(run.IsCancelled ?? false)}`;
  return { id: run.CurrentRunTag ?? "", phase: phaseOf(run), vendorStatus: flags, details: run };
}

function authorization(ctx: CallContext): string {
  const v = ctx.credentials.values;
  if (ctx.credentials.form === "ticket") return `SoTicket ${v.ticket ?? ""}`;
  if (ctx.credentials.form === "basic") {
    return `Basic ${Buffer.from(`${v.username ?? ""}:${v.password ?? ""}`).toString("base64")}`;
  }
  return `Bearer ${v.accessToken ?? ""}`;
}

async function agent(
  ctx: CallContext,
  inputs: Record<string, unknown>,
  action: "GetIndexingStatus" | "CancelIndexing",
) {
  const namespace = String(inputs.namespaceName);
  const appToken = ctx.credentials.values.appToken;
  const headers: Record<string, string> = {
    authorization: authorization(ctx),
    ...(appToken ? { "so-apptoken": appToken } : {}),
  };
  const operation = `${action === "CancelIndexing" ? "cancel indexing of" : "read indexing status of"} namespace ${namespace}`;
  // CancelIndexing acts on whatever run is current when it arrives: never re-sent by the HTTP layer (a retry after a
  // 5xx could reach a run that started in between).
  const request = {
    method: "POST" as const,
    path: `/v1/Agents/AI/${action}`,
    operation,
    body: { NamespaceName: namespace },
    resend: action !== "CancelIndexing",
  };
  const reply = await vendorCall(callTo("superoffice", ctx, headers, request), ragStatusSchema, errors);
  if (reply === NOT_FOUND) return undefined;
  // The WebAPI binds the name case-insensitively; a reply about another namespace is not an answer to this request.
  if (reply.NamespaceName && reply.NamespaceName.toLowerCase() !== namespace.toLowerCase()) {
    throw new ResponseShapeError("superoffice", operation, 200, [
      "NamespaceName: another namespace than the one asked about",
    ]);
  }
  return reply;
}

/** The current run, when there is one. */
function currentRun(status: RagStatus | undefined): JobStatus | undefined {
  return status?.CurrentRunTag ? toStatus(status) : undefined;
}

/** The SuperOffice AI-agent adapter. */
export const superoffice: VendorAdapter = {
  vendor: "superoffice",
  resourceName: "IndexingJobCancellation",
  cancelAddressing: "container",
  inputShape: documented(
    {
      // Sent in a JSON body, never in a path; SuperOffice documents no pattern (assumption: a printable name).
      namespaceName: z
        .string({ error: "expected the AI agent's namespace name, e.g. ServiceCopilot (a string)" })
        // eslint-disable-next-line no-control-regex
        .regex(/^[^\u0000-\u001f\u007f]{1,200}$/, {
          error: "expected the AI agent's namespace name: 1 to 200 characters, no control characters",
        }),
      credentials: z
        .strictObject({
          accessToken: secretField("an OAuth access token").optional(),
          ticket: secretField("a SoTicket").optional(),
          username: z.string({ error: "expected a user name (a string)" }).min(1).max(256).optional(),
          password: secretField("a password").optional(),
          appToken: secretField("an application token").optional(),
        })
        .optional(),
    },
    {
      namespaceName:
        "The AI agent's namespace, e.g. `ServiceCopilot`: its current indexing run is cancelled. Changing it replaces the resource.",
      credentials: {
        _: "Credentials for this resource only (multi-tenant stacks); stored as a secret.",
        accessToken: "An OAuth access token (sent as `Authorization: Bearer`).",
        ticket: "A system-user ticket (sent as `Authorization: SoTicket`).",
        username: "A user name for Basic authentication (on-site installations); needs `password`.",
        password: "The password that goes with `username`.",
        appToken:
          "The partner application token (sent as `SO-AppToken`); else `ragcancel:superofficeAppToken`, `SUPEROFFICE_APP_TOKEN`.",
      },
    },
  ),
  identityKeys: ["namespaceName"],
  credentialForms: [
    {
      name: "access token",
      fields: { accessToken: { config: "superofficeAccessToken", env: ["SUPEROFFICE_ACCESS_TOKEN"] } },
    },
    { name: "ticket", fields: { ticket: { config: "superofficeTicket", env: ["SUPEROFFICE_TICKET"] } } },
    {
      name: "basic",
      fields: {
        username: { config: "superofficeUsername", env: ["SUPEROFFICE_USERNAME"], identifier: true },
        password: { config: "superofficePassword", env: ["SUPEROFFICE_PASSWORD"] },
      },
    },
  ],
  sharedSecrets: { appToken: APP_TOKEN },
  // The tenant's WebAPI base moves between hosts (sod2 → sod3), so there is no default: the user says where.
  endpoint: { config: "superofficeWebapiUrl", env: ["SUPEROFFICE_WEBAPI_URL"] },
  // The namespace is the only handle: every resource is the "current run" form.
  namedJob: () => undefined,
  resourceId: (inputs) => String(inputs.namespaceName),
  fromId: (id) => ({ namespaceName: id }),
  idFormat: "`<namespaceName>`",
  describeTarget: (inputs) => `namespace ${String(inputs.namespaceName)}`,
  resolve: async (ctx, inputs) => {
    const run = currentRun(await agent(ctx, inputs, "GetIndexingStatus"));
    return { selector: true, jobs: run ? [run] : [] };
  },
  // The namespace reports only its current run: a different tag means the recorded run was replaced, and the
  // lifecycle records it so, without touching the new run.
  get: async (ctx, inputs) => currentRun(await agent(ctx, inputs, "GetIndexingStatus")),
  cancel: async (ctx, inputs) => currentRun(await agent(ctx, inputs, "CancelIndexing")),
};
