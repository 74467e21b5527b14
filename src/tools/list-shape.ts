import type { ListToolsResult } from '@modelcontextprotocol/sdk/types.js';

/**
 * What tools/list says, without what costs an assistant tokens and tells it nothing (issue 12): the
 * SDK's JSON Schemas are rewritten into ones that mean the same for the input, and describe the top level
 * of the output. Pure (JSON in, JSON out); applied once per tool selection (src/registrations.ts sdkAnswer, stored in src/tools/catalog.ts).
 */

type Json = Record<string, unknown>;
const isJson = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Input schemas: the same set of valid values, fewer words. `additionalProperties: {}` (any value) is the
 * default, and `propertyNames: {type: "string"}` holds for every JSON object. Everything else is kept,
 * `additionalProperties: false` included (it tells the model not to invent fields).
 */
export function compactSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(compactSchema);
  if (!isJson(schema)) return schema;
  const out: Json = {};
  for (const [k, v] of Object.entries(schema)) {
    if (k === 'additionalProperties' && isJson(v) && Object.keys(v).length === 0) continue;
    if (k === 'propertyNames' && isJson(v) && Object.keys(v).length === 1 && v.type === 'string') continue;
    // Under `properties` the keys are field names, not keywords.
    out[k] = k === 'properties' && isJson(v) ? Object.fromEntries(Object.entries(v).map(([p, s]) => [p, compactSchema(s)])) : compactSchema(v);
  }
  return out;
}

/**
 * Output schemas describe the top level: the fields a result has, each with its description where the
 * name needs one. Types and what is inside a list or an object are read from the result itself (the
 * structured content); a client's check of it against this still holds, and the server checks every
 * result against the full zod schema before it is sent.
 */
export function topLevelOutput(schema: Json): Json {
  const properties = isJson(schema.properties) ? schema.properties : {};
  const top = Object.fromEntries(
    Object.entries(properties).map(([name, s]) => {
      const field = isJson(s) ? s : {};
      return [name, typeof field.description === 'string' ? { description: field.description } : {}];
    }),
  );
  return { type: 'object', properties: top };
}

/**
 * Annotations as the MCP spec reads them: destructiveHint and idempotentHint mean something only when
 * readOnlyHint is false, so a read tool says readOnlyHint and openWorldHint alone.
 */
function meaningfulHints(a: Json): Json {
  if (a.readOnlyHint !== true) return a;
  const { destructiveHint: _d, idempotentHint: _i, ...rest } = a;
  return rest;
}

/** The whole answer: every tool's schemas and annotations compacted (the names, titles and descriptions as written). */
export function shapeToolList(result: ListToolsResult): ListToolsResult {
  return {
    ...result,
    tools: result.tools.map((t) => ({
      ...t,
      inputSchema: compactSchema(t.inputSchema) as typeof t.inputSchema,
      ...(t.outputSchema ? { outputSchema: topLevelOutput(t.outputSchema) as typeof t.outputSchema } : {}),
      ...(t.annotations ? { annotations: meaningfulHints(t.annotations) } : {}),
    })),
  };
}
