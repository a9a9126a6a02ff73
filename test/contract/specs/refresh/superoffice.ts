/**
 * SuperOffice: POST Agents/AI/CancelIndexing and GetIndexingStatus, parsed from the generated REST reference pages
 * of SuperOfficeDocs/superoffice-docs (tables of parameters, body and the RagStatus reply), with RagStatusChunks and
 * the examples taken from the matching SOAP sample pages (XML turned into the JSON shape). superoffice.manual.json
 * adds what those pages do not state: the server URL and the notes (the official client's included). It adds no
 * RagStatus members: RagStatus inherits System.Object, not Carrier, so TableRight/FieldProperties are not among them.
 */
import { clone, obj, type Json, type JsonObject } from "./json";
import { fenced, section, soapChildren, soapToJson, table, title } from "./markdown";
import type { Source } from "./source";

const OPERATIONS = ["CancelIndexing", "GetIndexingStatus"] as const;
const rest = (op: string): string => `docs/en/api/reference/restful/agent/AI_Agent/v1AIAgent_${op}.md`;
const soap = (op: string): string => `docs/en/api/reference/soap/Services88/AI/${op}.md`;
/** Headers OpenAPI says a parameter list must not describe (RFC: "SHALL be ignored"). */
const NOT_PARAMETERS = new Set(["authorization", "content-type", "accept"]);

export function superoffice(docs: Source, manual: JsonObject): JsonObject {
  const paths: JsonObject = {};
  const schemas: JsonObject = {};
  let ragStatusTable: string | undefined;
  for (const op of OPERATIONS) {
    const page = docs.read(rest(op));
    const [http = ""] = fenced(page, "http");
    const m = /^(POST|GET|PUT|PATCH|DELETE) \/api(\/\S+)$/.exec(http.trim());
    if (m?.[1] === undefined || m[2] === undefined) throw new Error(`${rest(op)}: no "POST /api/..." block`);
    const [method, path] = [m[1].toLowerCase(), m[2]];

    const rows = table(section(page, "Response body: RagStatus"));
    const tableText = JSON.stringify(rows);
    if (ragStatusTable !== undefined && ragStatusTable !== tableText)
      throw new Error(`${rest(op)}: its RagStatus table differs from ${rest(OPERATIONS[0])}'s`);
    ragStatusTable = tableText;
    schemas.RagStatus ??= carrier(rows, rest(op));

    const soapPage = docs.read(soap(op));
    const [soapRequest = "", soapResponse = ""] = fenced(soapPage, "xml");
    const chunks = soapChildren(soapResponse, "Response").find((e) => e.type === "AI:RagStatusChunks");
    schemas.RagStatusChunks ??= {
      type: "object",
      properties: Object.fromEntries((chunks?.children ?? []).map((c) => [c.name, xsdSchema(c.type)])),
      "x-source": `SuperOfficeDocs/superoffice-docs ${soap(op)}`,
      "x-derived": "the RagStatusChunks elements of the SOAP sample response, xsd:int as integer/int32",
    };
    docs.note(soap(op), "RagStatusChunks fields; request and response samples (SOAP XML, as JSON examples)");
    docs.note(rest(op), `${method.toUpperCase()} ${path}: description, parameters, request body, responses, RagStatus`);
    paths[path] = { [method]: operation(page, op, rest(op), soapRequest, soapResponse, soap(op)) };
  }
  // Merged as the manual gives it; empty, because RagStatus is no Carrier (the manual's first note says why).
  const extra = obj(manual["RagStatus-extra-properties"], "RagStatus-extra-properties");
  Object.assign(obj(obj(schemas.RagStatus, "RagStatus").properties, "properties"), clone(extra));
  for (const [name, schema] of Object.entries(obj(manual.schemas, "schemas"))) schemas[name] = clone(schema);
  return {
    openapi: "3.0.3",
    info: {
      title: "SuperOffice WebAPI: AI agent indexing (fragment)",
      version: "v1",
      "x-derived": "the pages state no spec version; v1 is the API version in their paths",
    },
    servers: clone(manual.servers ?? []),
    paths,
    components: { schemas },
    "x-notes": clone(manual.notes ?? []),
  };
}

function operation(page: string, op: string, file: string, soapReq: string, soapRes: string, soapFile: string): Json {
  const http = page.indexOf("```", page.indexOf("```http") + 3) + 3;
  const headingAfter = page.indexOf("\n## ", http);
  const description = page
    .slice(http, headingAfter)
    .split(/\n{2,}/)
    .map((p) => p.trim())
    .filter((p) => p !== "")
    .join("\n\n");
  const experimental = /^## Experimental: ## (.*)$/m.exec(page)?.[1]?.trim();
  const parameters: Json[] = table(section(page, "Query String Parameters")).map((r) => ({
    name: r["Parameter Name"] ?? "",
    in: "query",
    required: false,
    description: r.Description ?? "",
    schema: { type: (r.Type ?? "").toLowerCase() },
  }));
  const headers = table(section(page, "Request Headers"));
  for (const r of headers) {
    const name = r["Parameter Name"] ?? "";
    if (NOT_PARAMETERS.has(name.toLowerCase())) continue;
    parameters.push({
      name,
      in: "header",
      required: false,
      description: r.Description ?? "",
      schema: { type: "string" },
    });
  }
  const bodyRows = table(section(page, "Request Body: request"));
  const properties = Object.fromEntries(bodyRows.map((r) => [r["Property Name"] ?? "", scalar(r.Type ?? "", file)]));
  const responses: JsonObject = {};
  for (const r of table(section(page, "Response:"))) {
    responses[r.Response ?? ""] = {
      description: r.Description ?? "",
      content: {
        "application/json": {
          schema: { $ref: "#/components/schemas/RagStatus" },
          example: soapToJson(soapChildren(soapRes, "Response")),
          "x-example-source": `SuperOfficeDocs/superoffice-docs ${soapFile} (SOAP response sample as JSON)`,
        },
      },
    };
  }
  return {
    operationId: `v1AIAgent_${op}`,
    summary: title(page),
    description,
    ...(experimental === undefined ? {} : { "x-experimental": experimental }),
    "x-authorization": headers.find((r) => r["Parameter Name"] === "Authorization")?.Description ?? "",
    "x-content-types": {
      request: headers.find((r) => r["Parameter Name"] === "Content-Type")?.Description ?? "",
      response: headers.find((r) => r["Parameter Name"] === "Accept")?.Description ?? "",
    },
    parameters,
    requestBody: {
      required: true,
      content: {
        "application/json": {
          schema: { type: "object", properties, "x-source": `SuperOfficeDocs/superoffice-docs ${file}` },
          example: soapToJson(soapChildren(soapReq, op)),
          "x-example-source": `SuperOfficeDocs/superoffice-docs ${soapFile} (SOAP request sample as JSON)`,
        },
      },
    },
    responses,
    "x-source": `SuperOfficeDocs/superoffice-docs ${file}`,
  };
}

/** The RagStatus schema from the page's property table. */
function carrier(rows: Record<string, string>[], file: string): JsonObject {
  const properties: JsonObject = {};
  for (const r of rows) {
    const type = r.Type ?? "";
    const s =
      /^[A-Z]\w*$/.test(type) && type !== "String" ? { $ref: `#/components/schemas/${type}` } : scalar(type, file);
    properties[r["Property Name"] ?? ""] = "$ref" in s ? s : { ...s, description: r.Description ?? "" };
  }
  return {
    type: "object",
    properties,
    "x-source": `SuperOfficeDocs/superoffice-docs ${file}`,
    "x-derived":
      "table types as schemas: date-time as string/date-time (C# DateTime, not nullable), bool as boolean; nothing is marked required or nullable because the pages say neither",
  };
}

function scalar(type: string, file: string): JsonObject {
  switch (type.toLowerCase()) {
    case "string":
      return { type: "string" };
    case "bool":
      return { type: "boolean" };
    case "int32":
    case "integer":
      return { type: "integer", format: "int32" };
    case "date-time":
      return { type: "string", format: "date-time" };
    default:
      throw new Error(`${file}: no schema for table type ${type}`);
  }
}

function xsdSchema(type: string): JsonObject {
  if (type === "xsd:int") return { type: "integer", format: "int32" };
  throw new Error(`no schema for ${type}`);
}
