/**
 * The stack behind the README's audit sample ("The audit trail"): `rag/prod`, as `pulumi stack export` (deployment
 * version 3) and `pulumi stack history --json` print it after two updates. Update 1, run by hand, cancelled a
 * DigitalOcean knowledge base's reindex and a SuperOffice run that another run replaced; update 2, a nightly GitHub
 * Actions run, stopped a Bedrock ingestion job through the plugin, with a secret reason. Built with the audit tests'
 * own builders (test/unit/support/audit-stacks.ts), so the README's sample is made of the same shapes they check.
 */
import {
  dynamicResource,
  encrypted,
  exportOf,
  historyOf,
  job,
  type Placement,
  pluginResource,
  record,
  update,
} from "../unit/support/audit-stacks";

/**
 * The passphrase the stack's secrets were encrypted under, with the passphrase provider's AES-256-GCM
 * (test/engine/harness/state-crypto.ts): a test can open {@link SECRETS_STATE} and the reason's ciphertext with it.
 */
export const PASSPHRASE = "readme-sample-passphrase";

/** The passphrase provider's state (`v1:<salt>:<"pulumi" encrypted>`), as `pulumi stack init` wrote it. */
export const SECRETS_STATE = "v1:wSNlbwhU3Ac=:v1:MB76fxn+tMDcHEzD:i8qtHn6xDXafIzkscuyOOrKG0Lm8xA==";

/** The Bedrock cancellation's reason, which the program passed as a secret; the audit must show `[secret]`. */
export const SECRET_REASON = "CHG-1251: source bucket being re-encrypted";

// Under PASSPHRASE and SECRETS_STATE's salt: the JSON text of SECRET_REASON, as the CLI encrypts a property value.
const REASON_CIPHERTEXT =
  "v1:WPM7hOpdoPNdGxY5:asg1tEcwM/ZsXLH4KISqeuWu/rk5yOXgSRt9o8aM9BO7LWn/5ZwjZt0JwWShZ4B5Va9Th8LK8vHu5Aqn";

const PLACE: Placement = { project: "rag", stack: "prod", plugin: "0.3.0" };

// The DigitalOcean knowledge base whose reindex update 1 cancelled: its one unfinished job, confirmed in 259 ms.
const KB = "5f0c2a9e-8d41-4b7a-9c3e-1a2b3c4d5e6f";
const DO_JOB = "3e1c0840-33d1-4531-bc73-438a38cea67f";
const DO_STATUS = "BATCH_JOB_PHASE_CANCELLED / INDEX_JOB_STATUS_CANCELLED";
const DO_REASON = "CHG-1234: swap embedding model";
const digitalocean = {
  knowledgeBaseUuid: KB,
  ...record("digitalocean", [job(DO_JOB, { vendorStatus: DO_STATUS })], {
    vendorStatus: DO_STATUS,
    details: {
      // The job as the last status read returned it, less its uuid (the record's key).
      [DO_JOB]: {
        knowledge_base_uuid: KB,
        phase: "BATCH_JOB_PHASE_CANCELLED",
        status: "INDEX_JOB_STATUS_CANCELLED",
        created_at: "2026-11-23T02:51:07Z",
        updated_at: "2026-11-23T03:03:20Z",
        started_at: "2026-11-23T02:51:09Z",
        finished_at: "2026-11-23T03:03:20Z",
        completed_datasources: 1,
        total_datasources: 2,
        tokens: 4000,
        total_tokens: "4000",
        data_source_uuids: ["9b2d4e6f-1a3c-4e5f-8a7b-6c5d4e3f2a1b", "c4e6a8b0-2d4f-4a6c-8e0a-1b3d5f7a9c2e"],
        is_report_available: false,
      },
    },
    jobsOmitted: 0,
    reason: DO_REASON,
  }),
};

// SuperOffice's cancel names the namespace, not the run: the next read found run-42 current, so run-41's record
// says it was replaced and the outcome stays unconfirmed; run-42's state is never written onto it.
const SO_FLAGS = "IsCompleted=false, IsCancelled=false";
const superoffice = {
  namespaceName: "ServiceCopilot",
  ...record(
    "superoffice",
    [job("run-41", { phase: "cancelling", vendorStatus: SO_FLAGS, found: false, replacedBy: "run-42" })],
    {
      outcome: "unconfirmed",
      phase: "cancelling",
      vendorStatus: SO_FLAGS,
      requestedAt: "2026-11-23T03:03:20.910Z",
      confirmedAt: null,
      observedAt: "2026-11-23T03:03:21.934Z",
      found: false,
      details: {
        "run-41": {
          StartedAt: "2026-11-23T02:58:00Z",
          CompletedAt: null,
          NamespaceName: "ServiceCopilot",
          CurrentRunTag: "run-41",
          IsCompleted: false,
          IsCancelled: false,
          LastIndexed: "2026-11-23T03:03:11Z",
          StatusAll: { NumberOfChunks: 1530, NumberOfDocuments: 212 },
        },
      },
      jobsOmitted: 0,
      reason: DO_REASON,
    },
  ),
};

// Bedrock's ids: the resource's id is `<knowledgeBaseId>/<dataSourceId>/<ingestionJobId>` (provider/vendors/bedrock.ts).
const BEDROCK = { knowledgeBaseId: "Q7JZ4XKM2P", dataSourceId: "HD3V8N1QWE", ingestionJobId: "KJ3M7QF2ZT" };
const bedrock = {
  ...BEDROCK,
  ...record("bedrock", [job(BEDROCK.ingestionJobId, { vendorStatus: "STOPPED" })], {
    vendorStatus: "STOPPED",
    requestedAt: "2026-11-30T09:12:05.120Z",
    confirmedAt: "2026-11-30T09:12:41.004Z",
    observedAt: "2026-11-30T09:12:41.004Z",
    details: {
      [BEDROCK.ingestionJobId]: {
        knowledgeBaseId: BEDROCK.knowledgeBaseId,
        dataSourceId: BEDROCK.dataSourceId,
        status: "STOPPED",
        statistics: {
          numberOfDocumentsScanned: 1840,
          numberOfMetadataDocumentsScanned: 0,
          numberOfNewDocumentsIndexed: 612,
          numberOfModifiedDocumentsIndexed: 0,
          numberOfMetadataDocumentsModified: 0,
          numberOfDocumentsDeleted: 0,
          numberOfDocumentsFailed: 0,
        },
        startedAt: "2026-11-30T08:40:02.518Z",
        updatedAt: "2026-11-30T09:12:40.871Z",
      },
    },
    jobsOmitted: 0,
    reason: encrypted(REASON_CIPHERTEXT),
  }),
};

const STACK_URN = "urn:pulumi:prod::rag::pulumi:pulumi:Stack::rag-prod";
// The dynamic classes' provider, which the engine adds to the state with their first resource.
const NODEJS_PROVIDER = {
  urn: "urn:pulumi:prod::rag::pulumi:providers:pulumi-nodejs::default",
  custom: true,
  id: "0b4bd0a4-5d0f-4b7e-9a3c-3b5f5e3c1d10",
  type: "pulumi:providers:pulumi-nodejs",
  created: "2026-11-23T03:03:19.514207311Z",
  modified: "2026-11-23T03:03:19.514207311Z",
};

/** A dynamic resource with the inputs the SDK registers (sdk/common.ts), besides those the builder gives. */
function dynamicWithInputs(base: ReturnType<typeof dynamicResource>, inputs: Record<string, unknown>) {
  return {
    ...base,
    inputs: { ...base.inputs, ...inputs, __resourceName: base.urn.split("::").at(-1), __secretInputs: [] },
  };
}

const resources = [
  NODEJS_PROVIDER,
  {
    ...dynamicWithInputs(
      dynamicResource("digitalocean", "stop-kb-reindex", digitalocean, {
        ...PLACE,
        created: "2026-11-23T03:03:20.738914263Z",
      }),
      { knowledgeBaseUuid: KB },
    ),
    id: `kb:${KB}`,
  },
  {
    ...dynamicWithInputs(
      dynamicResource("superoffice", "stop-copilot", superoffice, {
        ...PLACE,
        created: "2026-11-23T03:03:21.962417305Z",
      }),
      { namespaceName: "ServiceCopilot" },
    ),
    id: "ServiceCopilot",
  },
  {
    ...pluginResource("bedrock", "stop-ingest", bedrock, { ...PLACE, created: "2026-11-30T09:12:41.029733118Z" }),
    id: `${BEDROCK.knowledgeBaseId}/${BEDROCK.dataSourceId}/${BEDROCK.ingestionJobId}`,
    inputs: { ...BEDROCK, reason: encrypted(REASON_CIPHERTEXT) },
    parent: STACK_URN,
  },
];

/** `pulumi stack export` of `rag/prod` after update 2. */
export const README_EXPORT = exportOf(resources, PLACE, 3, {
  time: "2026-11-30T09:12:42.187306511Z",
  secretsState: SECRETS_STATE,
});

// Recorded by the CLI from the checkout's HEAD commit (pkg/backend/updates.go); in CI, also the CI system and build.
const GIT = {
  "git.head": "8c41f0e27b9d3a5c6e1f2a4b7d9c0e3f5a6b8d1c",
  "git.headName": "refs/heads/main",
  "git.dirty": "false",
  "git.author": "Dana Ops",
  "git.author.email": "dana@example.com",
  "git.committer": "Dana Ops",
  "git.committer.email": "dana@example.com",
  "vcs.owner": "example",
  "vcs.repo": "rag-infra",
  "vcs.kind": "github.com",
};
const DO_CONFIG = { "ragcancel:digitaloceanToken": { secret: true } };
const SO_CONFIG = {
  "ragcancel:superofficeAccessToken": { secret: true },
  "ragcancel:superofficeWebapiUrl": { value: "https://online.superoffice.com/Cust12345/api", secret: false },
};

/** `pulumi stack history --json` of `rag/prod`: the two updates, newest first. */
export const README_HISTORY = historyOf([
  update(1, "2026-11-23T03:03:02.000Z", "2026-11-23T03:03:23.000Z", {
    message: "CHG-1234: swap embedding model",
    environment: { ...GIT, "exec.kind": "cli" },
    config: { ...DO_CONFIG, ...SO_CONFIG },
    resourceChanges: { create: 3 },
  }),
  update(2, "2026-11-30T09:12:00.000Z", "2026-11-30T09:12:42.000Z", {
    message: "nightly: stop ingest",
    environment: {
      ...GIT,
      "exec.kind": "cli",
      "ci.system": "GitHub Actions",
      "ci.build.id": "12047195533",
      "ci.build.number": "12345",
      "ci.build.type": "schedule",
      "ci.build.url": "https://github.com/example/rag-infra/actions/runs/12047195533",
    },
    config: { ...DO_CONFIG, ...SO_CONFIG, "ragcancel:awsRegion": { value: "us-east-1", secret: false } },
    resourceChanges: { create: 1, same: 3 },
  }),
]);
