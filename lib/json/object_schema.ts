/**
 * Function parameters as OpenAI requires them: a JSON Schema of `type: "object"`. Clients send
 * less: Claude Code's `DeferredToolPlaceholder` has an empty schema `{}`, which OpenAI rejects
 * with a 400, so a schema without a type becomes an empty object schema; a schema that already
 * says what it is passes unchanged.
 *
 * @module
 */
import type { JsonSchema } from "../ir/request.ts";

export function asObjectSchema(schema: JsonSchema): JsonSchema {
  if (schema.type !== undefined) return schema;
  // A schema with only combinators (anyOf …) or $ref stays as sent: guessing would change it.
  if (schema.anyOf || schema.oneOf || schema.allOf || schema.$ref) return schema;
  return { ...schema, type: "object", properties: schema.properties ?? {} };
}
