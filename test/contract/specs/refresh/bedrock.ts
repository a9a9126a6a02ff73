/**
 * Amazon Bedrock: the three ingestion-job operations the adapter uses, translated from boto/botocore's service model
 * `botocore/data/bedrock-agent/2023-06-05/service-2.json` (the model AWS's SDKs are generated from) into the OpenAPI
 * form the conformance suite reads: each operation's `http` (method, requestUri, responseCode), its `uri` members as
 * path parameters, its other members as the JSON body, its output shape for the success status and each error shape
 * for the error's `httpStatusCode`. Shapes become JSON schemas one for one (structure, list, string with its pattern,
 * enum and length bounds, integer and long with their bounds, timestamp as a date-time string); nothing is invented.
 * SigV4 has no OpenAPI scheme: it is written as an `Authorization` header scheme, as API Gateway's export does.
 */
import { isObject, obj, parseJson, str, type Json, type JsonObject } from "./json";
import type { Source } from "./source";

const MODEL = "botocore/data/bedrock-agent/2023-06-05/service-2.json";
const OPERATIONS = ["GetIngestionJob", "StopIngestionJob", "ListIngestionJobs"] as const;

/** One botocore shape as a JSON schema; structures become components, referenced by name. */
function schemaOf(shapes: JsonObject, name: string, components: JsonObject): Json {
  const shape = obj(shapes[name], `shapes.${name}`);
  const type = str(shape.type, `shapes.${name}.type`);
  const bounds = (min: string, max: string): JsonObject => ({
    ...(typeof shape.min === "number" ? { [min]: shape.min } : {}),
    ...(typeof shape.max === "number" ? { [max]: shape.max } : {}),
  });
  switch (type) {
    case "structure": {
      if (!(name in components)) {
        components[name] = {}; // reserved first: a recursive shape refers to itself
        const members = obj(shape.members, `shapes.${name}.members`);
        const properties: JsonObject = {};
        for (const [member, ref] of Object.entries(members)) {
          const target = str(obj(ref, `${name}.${member}`).shape, `${name}.${member}.shape`);
          properties[member] = schemaOf(shapes, target, components);
        }
        components[name] = {
          type: "object",
          properties,
          ...(Array.isArray(shape.required) && shape.required.length > 0 ? { required: shape.required } : {}),
        };
      }
      return { $ref: `#/components/schemas/${name}` };
    }
    case "list":
      return {
        type: "array",
        items: schemaOf(shapes, str(obj(shape.member, `${name}.member`).shape, `${name}.member.shape`), components),
        ...bounds("minItems", "maxItems"),
      };
    case "map":
      return {
        type: "object",
        additionalProperties: schemaOf(
          shapes,
          str(obj(shape.value, `${name}.value`).shape, `${name}.value`),
          components,
        ),
      };
    case "string":
      return {
        type: "string",
        ...(typeof shape.pattern === "string" ? { pattern: shape.pattern } : {}),
        ...(Array.isArray(shape.enum) ? { enum: shape.enum } : {}),
        ...bounds("minLength", "maxLength"),
      };
    case "integer":
    case "long":
      return { type: "integer", ...bounds("minimum", "maximum") };
    case "float":
    case "double":
      return { type: "number", ...bounds("minimum", "maximum") };
    case "boolean":
      return { type: "boolean" };
    case "timestamp":
      // rest-json timestamps are ISO 8601 strings (`timestampFormat: iso8601` on DateTimestamp).
      return { type: "string", format: "date-time" };
    default:
      throw new Error(`${MODEL}: shape ${name} has type ${type}, which this translation does not know`);
  }
}

export function bedrock(model: Source): JsonObject {
  const doc = obj(parseJson(model.read(MODEL), MODEL), MODEL);
  const metadata = obj(doc.metadata, "metadata");
  const shapes = obj(doc.shapes, "shapes");
  const operations = obj(doc.operations, "operations");
  const components: JsonObject = {};
  const paths: JsonObject = {};
  for (const name of OPERATIONS) {
    const op = obj(operations[name], `operations.${name}`);
    const http = obj(op.http, `${name}.http`);
    const input = obj(shapes[str(obj(op.input, `${name}.input`).shape, `${name}.input`)], `${name} input`);
    const members = obj(input.members, `${name} input members`);
    const required = Array.isArray(input.required) ? input.required : [];
    const parameters: Json[] = [];
    const body: JsonObject = {};
    for (const [member, ref] of Object.entries(members)) {
      const r = obj(ref, `${name}.${member}`);
      const schema = schemaOf(shapes, str(r.shape, `${name}.${member}.shape`), components);
      if (r.location === "uri")
        parameters.push({
          name: str(r.locationName, `${name}.${member}.locationName`),
          in: "path",
          required: true,
          schema,
        });
      else body[member] = schema;
    }
    const responses: JsonObject = {
      [typeof http.responseCode === "number" ? String(http.responseCode) : "200"]: {
        description: `${name} output`,
        content: {
          "application/json": {
            schema: schemaOf(shapes, str(obj(op.output, `${name}.output`).shape, `${name}.output`), components),
          },
        },
      },
    };
    for (const e of Array.isArray(op.errors) ? op.errors : []) {
      const errorName = str(obj(e, `${name}.errors`).shape, `${name}.errors.shape`);
      const status = obj(obj(shapes[errorName], errorName).error, `${errorName}.error`).httpStatusCode;
      if (typeof status !== "number") throw new Error(`${MODEL}: ${errorName} has no httpStatusCode`);
      responses[String(status)] = {
        description: errorName,
        content: { "application/json": { schema: schemaOf(shapes, errorName, components) } },
      };
    }
    const path = str(http.requestUri, `${name}.http.requestUri`);
    const method = str(http.method, `${name}.http.method`).toLowerCase();
    paths[path] = {
      ...(isObject(paths[path]) ? paths[path] : {}),
      [method]: {
        operationId: name,
        parameters,
        ...(Object.keys(body).length > 0
          ? {
              requestBody: {
                content: {
                  "application/json": {
                    schema: {
                      type: "object",
                      properties: body,
                      ...(required.some((m) => typeof m === "string" && m in body)
                        ? { required: required.filter((m) => typeof m === "string" && m in body) }
                        : {}),
                    },
                  },
                },
              },
            }
          : {}),
        responses,
      },
    };
    model.note(MODEL, `operations.${name}`);
  }
  model.note(MODEL, "metadata (endpointPrefix, signingName, protocol); the shapes the three operations reach");
  const prefix = str(metadata.endpointPrefix, "metadata.endpointPrefix");
  return {
    // Every node below is botocore's, translated; the translation itself is the one derived step.
    "x-derived":
      "translated from the botocore service model: http → path and method, uri members → path parameters, other members → JSON body, output → responseCode, errors → httpStatusCode, shapes → JSON schemas; SigV4 as an Authorization header scheme",
    openapi: "3.0.3",
    info: {
      title: `${str(metadata.serviceFullName, "metadata.serviceFullName")}: ingestion jobs (fragment)`,
      version: str(metadata.apiVersion, "metadata.apiVersion"),
    },
    servers: [{ url: `https://${prefix}.{region}.amazonaws.com`, variables: { region: { default: "us-east-1" } } }],
    security: [{ sigv4: [] }],
    paths,
    components: {
      schemas: components,
      securitySchemes: {
        sigv4: {
          type: "apiKey",
          in: "header",
          name: "Authorization",
          "x-amazon-apigateway-authtype": "awsSigv4",
          "x-signing-name": str(metadata.signingName, "metadata.signingName"),
        },
      },
    },
  };
}
