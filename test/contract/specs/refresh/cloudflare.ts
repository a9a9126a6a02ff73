/**
 * Cloudflare AI Search: list, get and cancel (PATCH {action: "cancel"}) of a namespaced instance's jobs. Operations
 * (verb, path, description, body) come from cloudflare/cloudflare-typescript `jobs.ts`; parameter, job and error
 * schemas are quoted from api-schemas operation objects kept in cloudflare.manual.json (openapi.json is too large for
 * the snapshot), checked here against the SDK's types; the v4 envelope and `identifier` come from api-schemas
 * `common.yaml`. Whatever is carried from a sibling operation is marked `x-derived`.
 */
import { parse } from "yaml";
import { arr, clone, isObject, obj, str, toJson, type Json, type JsonObject } from "./json";
import type { Source } from "./source";
import { docText, interfaces, jsdocBefore } from "./ts-parse";

const JOBS = "src/resources/aisearch/namespaces/instances/jobs.ts";
const PAGINATION = "src/core/pagination.ts";
const COMMON = "common.yaml";
const COMMON_SCHEMAS = ["identifier", "messages", "api-response-common", "api-response-common-failure"];
const SDK_PARAM_TO_SPEC: Record<string, string> = { jobID: "job_id" };
const CREATE = "ai-search-namespace-instance-create-job";
const GET = "ai-search-instance-get-job";
const OPERATION_IDS: Record<string, string> = {
  list: "ai-search-namespace-instance-list-jobs",
  get: "ai-search-namespace-instance-get-job",
  update: "ai-search-namespace-instance-change-job-status",
};

export function cloudflare(ts: Source, schemas: Source, manual: JsonObject): JsonObject {
  const quoted = obj(manual["quoted-operations"], "quoted-operations");
  const create = obj(quoted[CREATE], CREATE);
  const get = obj(quoted[GET], GET);
  const pages = obj(manual["reference-pages"], "reference-pages");
  const commonDoc = obj(toJson(parse(schemas.read(COMMON)), COMMON), COMMON);
  const common = obj(commonDoc.components, "components");
  const components: JsonObject = {};
  for (const name of COMMON_SCHEMAS) components[name] = clone(obj(obj(common.schemas, "schemas")[name], name));
  schemas.note(
    COMMON,
    `openapi, info.version, components.schemas ${COMMON_SCHEMAS.join(", ")} (the v4 envelope and account identifier)`,
  );

  const job = jobSchema(ts, get);
  const param = (op: JsonObject, name: string): JsonObject =>
    clone(
      obj(
        arr(op.parameters, "parameters").find((p) => isObject(p) && p.name === name),
        name,
      ),
    );
  const errorBody = (op: JsonObject, code: string): JsonObject => clone(obj(obj(op.responses, "r")[code], code));
  const fromGet = `quoted from ${GET} (the same job path without /namespaces/{name})`;
  const parameters: JsonObject = {
    account_id: {
      ...param(create, "account_id"),
      schema: { $ref: "#/components/schemas/identifier" },
      "x-derived": `${CREATE} declares {type: string}; the schema is common.yaml's account identifier (maxLength 32)`,
    },
    name: param(create, "name"),
    instance_id: param(create, "id"),
    job_id: { ...param(get, "job_id"), "x-derived": fromGet },
    page: { name: "page", in: "query", required: false, schema: obj(pages["list-query"], "q").page ?? null },
    per_page: {
      name: "per_page",
      in: "query",
      required: false,
      schema: obj(pages["list-query"], "q").per_page ?? null,
    },
  };
  for (const q of ["page", "per_page"]) obj(parameters[q], q)["x-source"] = "developers.cloudflare.com list-jobs page";
  checkPagination(ts);

  const jobReply = (how: string, example: Json | undefined): JsonObject => ({
    description: str(obj(obj(get.responses, "r")["200"], "200").description, "description"),
    content: {
      "application/json": {
        schema: replySchema(get, { $ref: "#/components/schemas/ai-search-job" }),
        ...(example === undefined ? {} : { example }),
      },
    },
    "x-derived": how,
  });
  const responses: JsonObject = {
    "job-not-found": errorBody(get, "404"),
    "ai-search-not-found": errorBody(create, "404"),
    unavailable: errorBody(get, "503"),
  };
  const sdkOps = sdkOperations(ts);
  const paths: JsonObject = {};
  for (const [fn, op] of Object.entries(sdkOps)) {
    const isJob = op.path.endsWith("{job_id}");
    const refs = ["account_id", "name", "instance_id", ...(isJob ? ["job_id"] : ["page", "per_page"])];
    const out: JsonObject = {
      operationId: OPERATION_IDS[fn] ?? fn,
      description: op.description,
      parameters: refs.map((r) => ({ $ref: `#/components/parameters/${r}` })),
      security: clone(get.security ?? []),
      tags: clone(get.tags ?? []),
      responses: {
        "200":
          fn === "list"
            ? listReply(pages)
            : fn === "get"
              ? jobReply(fromGet, undefined)
              : jobReply(
                  "the SDK types update's result as the same job as get's; quoted from get-job",
                  pages["update-example"],
                ),
        "404": { $ref: `#/components/responses/${isJob ? "job-not-found" : "ai-search-not-found"}` },
        "503": { $ref: "#/components/responses/unavailable" },
      },
      "x-source": `cloudflare/cloudflare-typescript ${JOBS} (${fn})`,
      "x-derived": `HTTP method, path and description from the SDK method ${fn}; the operationId follows api-schemas' naming; parameters, 404 and 503 as api-schemas declares them for ${isJob ? GET : CREATE}`,
    };
    if (op.body !== undefined)
      out.requestBody = {
        required: true,
        content: {
          "application/json": { schema: op.body, example: pages["update-request-example"] ?? null },
        },
      };
    const item = paths[op.path];
    paths[op.path] = { ...(isObject(item) ? item : {}), [op.method]: out };
  }

  return {
    openapi: str(commonDoc.openapi, "openapi"),
    info: {
      title: "Cloudflare API: AI Search namespace instance jobs (fragment)",
      version: str(obj(commonDoc.info, "info").version, "version"),
      "x-derived":
        "openapi and version are common.yaml's (Cloudflare Common API Components); openapi.json could not be read whole",
    },
    servers: [{ url: str(pages.server, "server"), "x-source": "developers.cloudflare.com reference pages (curl)" }],
    paths,
    components: {
      schemas: { ...components, "ai-search-job": job, "ai-search-error": aiSearchError(get) },
      parameters,
      responses,
      securitySchemes: Object.fromEntries(
        Object.entries(obj(pages["security-schemes"], "security-schemes")).map(([k, v]) => [
          k,
          {
            ...obj(v, k),
            "x-derived": "the requirement name is api-schemas'; the definition is read off the reference pages",
          },
        ]),
      ),
    },
  };
}

/** The job object as api-schemas quotes it, checked against the SDK's four identical job interfaces. */
function jobSchema(ts: Source, get: JsonObject): JsonObject {
  const reply = obj(obj(obj(obj(get.responses, "r")["200"], "200").content, "c")["application/json"], "json");
  const job = clone(obj(obj(obj(reply.schema, "schema").properties, "p").result, "result"));
  const decls = interfaces(ts.read(JOBS));
  const want = JSON.stringify(sdkView(job));
  for (const name of ["JobListResponse", "JobGetResponse", "JobUpdateResponse"]) {
    const props = decls.get(name) ?? [];
    const got = JSON.stringify(
      props
        .map((p) => [p.name, !p.optional, p.type.replace(/'/g, '"')] as const)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
    );
    if (got !== want) throw new Error(`${JOBS}: ${name} no longer matches api-schemas' job: ${got} vs ${want}`);
    ts.note(JOBS, `${name} (checked equal to api-schemas' job schema)`);
  }
  return { ...job, "x-source": `cloudflare/api-schemas openapi.json (${GET}, 200 result); ${JOBS}` };
}

/** [name, required, TypeScript type] for each property of a flat string schema, sorted by name. */
function sdkView(schema: JsonObject): Json {
  const required = arr(schema.required ?? [], "required");
  return Object.entries(obj(schema.properties, "properties"))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, p]) => {
      const e = obj(p, name).enum;
      const type = Array.isArray(e) ? e.map((x) => JSON.stringify(x)).join(" | ") : str(obj(p, name).type, name);
      return [name, required.includes(name), type];
    });
}

function replySchema(get: JsonObject, result: Json): JsonObject {
  const reply = obj(obj(obj(obj(get.responses, "r")["200"], "200").content, "c")["application/json"], "json");
  const schema = clone(obj(reply.schema, "schema"));
  obj(schema.properties, "properties").result = result;
  return schema;
}

function aiSearchError(get: JsonObject): JsonObject {
  const body = obj(obj(obj(obj(get.responses, "r")["404"], "404").content, "c")["application/json"], "json");
  return { ...clone(obj(body.schema, "schema")), "x-source": `cloudflare/api-schemas openapi.json (${GET}, 404)` };
}

function listReply(pages: JsonObject): JsonObject {
  return {
    description: "Lists indexing jobs for an AI Search instance.",
    content: {
      "application/json": {
        schema: {
          type: "object",
          properties: {
            result: { type: "array", items: { $ref: "#/components/schemas/ai-search-job" } },
            result_info: pages["list-result-info"] ?? null,
            success: { type: "boolean" },
          },
          required: ["success", "result"],
        },
        example: pages["list-example"] ?? null,
      },
    },
    "x-source": `developers.cloudflare.com list-jobs page; cloudflare/cloudflare-typescript ${JOBS} (list)`,
    "x-derived": "result/success as in api-schemas' job replies; result_info as the reference page lists it",
  };
}

function checkPagination(ts: Source): void {
  const props = interfaces(ts.read(PAGINATION)).get("V4PagePaginationArrayParams") ?? [];
  if (props.map((p) => `${p.name}:${p.type}`).join(",") !== "page:number,per_page:number")
    throw new Error(`${PAGINATION}: V4PagePaginationArrayParams changed`);
  ts.note(PAGINATION, "V4PagePaginationArrayParams (list query page, per_page: number)");
}

interface SdkOp {
  method: string;
  path: string;
  description: string;
  body?: JsonObject;
}

/** list/get/update of the SDK's BaseJobs: HTTP verb, path template, JSDoc summary, and body params. */
function sdkOperations(ts: Source): Record<string, SdkOp> {
  const text = ts.read(JOBS);
  const decls = interfaces(text);
  const out: Record<string, SdkOp> = {};
  for (const fn of ["list", "get", "update"]) {
    const at = text.search(new RegExp(`\\n  ${fn}\\(`)) + 1;
    const end = text.indexOf("\n  }\n", at);
    if (at <= 0 || end < 0) throw new Error(`${JOBS}: no method ${fn}`);
    const body = text.slice(at, end);
    const verb =
      /this\._client\.(get|patch|post|put|delete)\(/.exec(body)?.[1] ?? (/getAPIList\(/.test(body) ? "get" : "");
    const template = /path`([^`]+)`/.exec(body)?.[1];
    if (verb === "" || template === undefined) throw new Error(`${JOBS}: ${fn} has no verb/path`);
    const path = template.replace(/\$\{(\w+)\}/g, (_m, p: string) => `{${SDK_PARAM_TO_SPEC[p] ?? p}}`);
    const description = docText(jsdocBefore(text, at)).split(" @example")[0] ?? "";
    const paramsName = `Job${fn[0]?.toUpperCase() ?? ""}${fn.slice(1)}Params`;
    const params = decls.get(paramsName) ?? [];
    const bodyProps = params.filter((p) => p.doc === "Body param");
    const op: SdkOp = { method: verb, path, description };
    if (bodyProps.length > 0) {
      const properties: JsonObject = {};
      for (const p of bodyProps) {
        const literal = /^'([^']*)'$/.exec(p.type)?.[1];
        if (literal === undefined) throw new Error(`${JOBS}: body param ${p.name}: ${p.type}`);
        properties[p.name] = { type: "string", enum: [literal] };
      }
      const required = bodyProps.filter((p) => !p.optional).map((p) => p.name);
      op.body = {
        type: "object",
        properties,
        required,
        "x-source": `cloudflare/cloudflare-typescript ${JOBS} (${paramsName}, body params)`,
        "x-derived": "TypeScript string-literal types as single-value enums",
      };
    }
    ts.note(JOBS, `${fn}: ${verb.toUpperCase()} ${path}`);
    out[fn] = op;
  }
  return out;
}
