/**
 * GroundX: GET /v1/ingest/{processId} quoted from groundxai/groundx-sdks `api.yaml` (with the schemas it reaches),
 * plus what that older spec lacks, derived from the Fern-generated eyelevelai/groundx-typescript SDK: the
 * DELETE /v1/ingest/{processId} operation (`cancelProcess`), the newer enum values and properties, the 400/401 error
 * bodies, and the wire-test JSON as examples. Each derived node carries `x-source` and `x-derived`.
 */
import { parse } from "yaml";
import { arr, clone, isObject, obj, refsIn, str, toJson, unionEnum, type Json, type JsonObject } from "./json";
import type { Source } from "./source";
import { constEnum, docText, interfaces, jsdocBefore, literalAt, type TsProp } from "./ts-parse";

const SPEC = "api.yaml";
const PATH = "/v1/ingest/{processId}";
const CLIENT = "src/api/resources/documents/client/Client.ts";
const WIRE = "tests/wire/documents.test.ts";
const TYPES = "src/api/types";
/** SDK type name → the api.yaml schema it is the same wire shape as. */
const SDK_TO_SPEC: Record<string, string> = { IngestResponse: "ProcessStatusResponse" };

export function groundx(spec: Source, ts: Source): JsonObject {
  const doc = obj(toJson(parse(spec.read(SPEC)), SPEC), SPEC);
  const all = obj(obj(doc.components, "components").schemas, "schemas");
  const get = clone(obj(obj(obj(doc.paths, "paths")[PATH], PATH).get, `GET ${PATH}`));
  spec.note(SPEC, `openapi, info, servers, security, securitySchemes.ApiKeyAuth, GET ${PATH}`);
  const schemas: JsonObject = {};
  const pending = [...refsIn(get)];
  for (let ref = pending.pop(); ref !== undefined; ref = pending.pop()) {
    const name = ref.replace("#/components/schemas/", "");
    if (name in schemas) continue;
    schemas[name] = clone(all[name] ?? null);
    spec.note(SPEC, `components.schemas.${name}`);
    pending.push(...refsIn(schemas[name]));
  }

  const sdk = new SdkTypes(ts, schemas);
  sdk.widenEnum("ProcessingStatus");
  sdk.widenEnum("DocumentType");
  sdk.addProps("DocumentDetail", obj(schemas.DocumentDetail, "DocumentDetail"));
  const ingest = obj(obj(obj(schemas.ProcessStatusResponse, "ProcessStatusResponse").properties, "p").ingest, "ingest");
  sdk.addProps("IngestStatus", ingest);
  sdk.addProps("Progress", obj(obj(ingest.properties, "ingest.properties").progress, "progress"));

  const client = ts.read(CLIENT);
  const wire = ts.read(WIRE);
  const del = sdkOperation(ts, client, "cancelProcess", "Document_cancelProcess", get);
  const getSdk = sdkOperation(ts, client, "getProcessingStatusById", str(get.operationId, "operationId"), get);
  if (getSdk.method !== "get") throw new Error("getProcessingStatusById is no longer a GET");
  addSdkErrors(ts, get, getSdk.errors);
  for (const [method, op, fn] of [
    ["get", get, "getProcessingStatusById"],
    ["delete", del.op, "cancelProcess"],
  ] as const)
    addWireExamples(ts, wire, fn, method, obj(op.responses, "responses"));

  return {
    openapi: str(doc.openapi, "openapi"),
    info: { ...obj(doc.info, "info"), title: `${str(obj(doc.info, "info").title, "title")}: ingest status (fragment)` },
    servers: doc.servers ?? [],
    security: doc.security ?? [],
    paths: { [PATH]: { get, delete: del.op } },
    components: {
      schemas,
      securitySchemes: obj(obj(doc.components, "components").securitySchemes, "securitySchemes"),
    },
  };
}

/** Turns SDK types into schema additions, reading `src/api/types/<Name>.ts`. */
class SdkTypes {
  constructor(
    private readonly ts: Source,
    private readonly schemas: JsonObject,
  ) {}

  private file(name: string): string {
    return `${TYPES}/${name}.ts`;
  }

  widenEnum(name: string): void {
    const s = obj(this.schemas[name], name);
    const values = constEnum(this.ts.read(this.file(name), `enum ${name} (values missing from api.yaml)`), name);
    const added = values.filter((v) => !arr(s.enum, `${name}.enum`).includes(v));
    if (added.length === 0) return;
    s.enum = unionEnum(arr(s.enum, name), values);
    s["x-source"] = [`groundxai/groundx-sdks ${SPEC}`, `eyelevelai/groundx-typescript ${this.file(name)}`];
    s["x-derived"] = `api.yaml's enum, extended by the SDK's const ${name} with: ${added.join(", ")}`;
  }

  /** Adds to `schema` the properties the SDK interface `iface` declares and the schema lacks. */
  addProps(iface: string, schema: JsonObject): void {
    const file = iface === "Progress" ? this.file("IngestStatus") : this.file(iface);
    const decls = interfaces(this.ts.read(file));
    const props = obj(schema.properties, `${iface}.properties`);
    for (const p of decls.get(iface) ?? []) {
      if (p.name in props) continue;
      this.ts.note(file, `${iface}.${p.name} (absent from api.yaml)`);
      props[p.name] = { ...this.schemaOf(p, decls, file), "x-source": `eyelevelai/groundx-typescript ${file}` };
      if (!p.optional) throw new Error(`${iface}.${p.name}: a required property api.yaml lacks`);
    }
  }

  private schemaOf(p: TsProp, decls: Map<string, TsProp[]>, file: string): JsonObject {
    const how = `TypeScript \`${p.name}${p.optional ? "?" : ""}: ${p.type}\` as a schema`;
    const base: JsonObject = { "x-derived": how, ...(p.doc ? { description: p.doc } : {}) };
    const sdkRef = /^GroundX\.(\w+)$/.exec(p.type)?.[1];
    const nested = /^\w+\.(\w+)$/.exec(p.type)?.[1];
    if (p.type === "string" || p.type === "number" || p.type === "boolean") return { ...base, type: p.type };
    if (p.type === "Record<string, unknown>") return { ...base, type: "object", additionalProperties: true };
    if (sdkRef !== undefined) return { ...base, $ref: `#/components/schemas/${this.ensure(sdkRef)}` };
    if (nested !== undefined && decls.has(nested)) {
      const properties: JsonObject = {};
      for (const q of decls.get(nested) ?? []) properties[q.name] = this.arrayOrScalar(q);
      this.ts.note(file, `Progress.${nested} (nested interface, for the added property)`);
      return { ...base, type: "object", properties };
    }
    throw new Error(`${file}: no schema for TypeScript type ${p.type}`);
  }

  private arrayOrScalar(q: TsProp): JsonObject {
    const item = /^GroundX\.(\w+)\[\]$/.exec(q.type)?.[1];
    if (item !== undefined) return { type: "array", items: { $ref: `#/components/schemas/${this.ensure(item)}` } };
    if (q.type === "number" || q.type === "string" || q.type === "boolean") return { type: q.type };
    throw new Error(`no schema for ${q.name}: ${q.type}`);
  }

  /** The schema name for an SDK type, adding an enum schema from the SDK when api.yaml has none. */
  private ensure(name: string): string {
    const spec = SDK_TO_SPEC[name] ?? name;
    if (spec in this.schemas) return spec;
    const file = this.file(name);
    this.schemas[spec] = {
      type: "string",
      enum: constEnum(this.ts.read(file, `enum ${name}`), name),
      "x-source": `eyelevelai/groundx-typescript ${file}`,
      "x-derived": `the SDK's const ${name} as a string enum`,
    };
    return spec;
  }
}

interface SdkOp {
  method: string;
  op: JsonObject;
  errors: Map<string, string>;
}

/** An operation from a Fern client method: JSDoc, HTTP method, URL template, return type, and thrown errors. */
function sdkOperation(ts: Source, text: string, fn: string, operationId: string, like: JsonObject): SdkOp {
  const at = text.indexOf(`    public ${fn}(`);
  const impl = text.indexOf(`    private async __${fn}(`);
  if (at < 0 || impl < 0) throw new Error(`${CLIENT}: no method ${fn}`);
  const doc = docText(jsdocBefore(text, at));
  const description = doc.split(" @")[0]?.trim() ?? "";
  const body = text.slice(impl, text.indexOf("\n    }\n", impl));
  const method = /method: "(\w+)"/.exec(body)?.[1]?.toLowerCase();
  const url = /`(v1\/[^`]*)`/.exec(body)?.[1]?.replace(/\$\{core\.url\.encodePathParam\((\w+)\)\}/g, "{$1}");
  const returns = /HttpResponsePromise<GroundX\.(\w+)>/.exec(text.slice(at, impl))?.[1];
  if (method === undefined || `/${url ?? ""}` !== PATH || returns === undefined)
    throw new Error(`${CLIENT}: ${fn} is not <method> ${PATH} returning GroundX.<Type>`);
  const errors = new Map<string, string>();
  for (const m of body.matchAll(/case (\d{3}):\s*throw new GroundX\.(\w+)\(/g)) errors.set(m[1] ?? "", m[2] ?? "");
  ts.note(CLIENT, `${fn}: ${method.toUpperCase()} ${PATH}, returns ${returns}, errors ${[...errors.keys()].join("/")}`);
  const param = /@param \{string\} (\w+) - ([^@]*)/.exec(doc);
  const schema = SDK_TO_SPEC[returns] ?? returns;
  const parameters = clone(arr(like.parameters, "parameters"));
  const first = obj(parameters[0], "parameters[0]");
  if (param?.[1] !== str(first.name, "name")) throw new Error(`${fn}: path parameter differs from api.yaml's`);
  first.description = (param[2] ?? "").trim();
  const op: JsonObject = {
    operationId,
    summary: fn,
    description,
    tags: like.tags ?? [],
    parameters,
    responses: {
      "200": {
        description: "Look up success",
        content: { "application/json": { schema: { $ref: `#/components/schemas/${schema}` } } },
      },
    },
    "x-source": `eyelevelai/groundx-typescript ${CLIENT} (${fn})`,
    "x-derived": `from the SDK method ${fn}: HTTP method, path and JSDoc quoted; the parameter schema is api.yaml's for GET ${PATH}; SDK ${returns} is the same type the SDK returns for GET, i.e. api.yaml's ${schema}; the 200 description is GET's`,
  };
  addSdkErrors(ts, op, errors);
  return { method, op, errors };
}

/** Adds the SDK's status-code errors (400/401...) to an operation's responses, keeping api.yaml's where present. */
function addSdkErrors(ts: Source, op: JsonObject, errors: Map<string, string>): void {
  const responses = obj(op.responses, "responses");
  for (const [code, cls] of errors) {
    const file = `src/api/errors/${cls}.ts`;
    if (!new RegExp(`statusCode: ${code},`).test(ts.read(file, `${cls}: status ${code}, body unknown`)))
      throw new Error(`${file}: not status ${code}`);
    const quoted = isObject(responses[code]) ? responses[code] : undefined;
    responses[code] = {
      ...(quoted ?? { description: cls }),
      content: { "application/json": { schema: {} } },
      "x-source": `eyelevelai/groundx-typescript ${CLIENT}, ${file}`,
      "x-derived": `${quoted ? "api.yaml's response; " : ""}the SDK throws ${cls} on ${code} and types its body as unknown, so any JSON`,
    };
  }
}

/** The wire tests' JSON bodies for `fn` as examples of the matching status codes. */
function addWireExamples(ts: Source, text: string, fn: string, method: string, responses: JsonObject): void {
  for (const m of text.matchAll(new RegExp(`test\\("${fn} \\((\\d+)\\)"`, "g"))) {
    const start = m.index;
    const end = text.indexOf("\n    test(", start + 1);
    const block = text.slice(start, end < 0 ? undefined : end);
    const body = literalAt(block, block.indexOf("{", block.indexOf("const rawResponseBody =")));
    const status = /\.statusCode\((\d{3})\)/.exec(block)?.[1] ?? "";
    if (!new RegExp(`\\.${method}\\("/v1/ingest/processId"\\)`).test(block)) throw new Error(`${WIRE}: ${m[0]} path`);
    const media = obj(obj(obj(responses[status], `${fn} ${status}`).content, "content")["application/json"], "json");
    const examples = isObject(media.examples) ? media.examples : (media.examples = {});
    examples[`wire-test-${m[1] ?? ""}`] = {
      summary: `${WIRE}: test "${fn} (${m[1] ?? ""})" (placeholder ids, not UUIDs)`,
      value: body,
      "x-source": `eyelevelai/groundx-typescript ${WIRE}`,
    } satisfies Json;
    ts.note(WIRE, `${fn} (${m[1] ?? ""}): ${status} body`);
  }
}
