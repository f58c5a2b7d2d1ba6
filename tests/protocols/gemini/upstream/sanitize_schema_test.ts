import assert from "node:assert/strict";
import { sanitizeGeminiSchema } from "../../../../lib/protocols/gemini/upstream/sanitize_schema.ts";

Deno.test("sanitizeGeminiSchema drops keywords Gemini rejects and keeps the subset it accepts", () => {
  const out = sanitizeGeminiSchema({
    $schema: "https://json-schema.org/draft/2020-12/schema",
    $id: "urn:x",
    $comment: "internal",
    type: "object",
    additionalProperties: false,
    properties: {
      tags: { type: "array", items: { type: "string" }, uniqueItems: true, minItems: 1 },
      env: { type: "object", patternProperties: { "^A": { type: "string" } } },
      name: {
        type: "string",
        default: "x",
        examples: ["a"],
        deprecated: true,
        readOnly: true,
        format: "uri",
        pattern: "^[a-z]+$",
      },
      when: { type: "string", format: "date-time" },
    },
    required: ["tags", "missing"],
  });
  assert.deepStrictEqual(out, {
    type: "object",
    properties: {
      tags: { type: "array", items: { type: "string" }, minItems: 1 },
      // `env` had only patternProperties: nothing Gemini can express is left but the type.
      env: { type: "object" },
      name: { type: "string", pattern: "^[a-z]+$" },
      when: { type: "string", format: "date-time" },
    },
    required: ["tags"],
  });
});

Deno.test("sanitizeGeminiSchema turns exclusive bounds, const and nullable type arrays into the subset", () => {
  const out = sanitizeGeminiSchema({
    type: "object",
    properties: {
      n: { type: "integer", exclusiveMinimum: 0, exclusiveMaximum: 10 },
      legacy: { type: "number", minimum: 1, exclusiveMinimum: true },
      kind: { const: "fixed" },
      count: { const: 3, type: "integer" },
      note: { type: ["string", "null"] },
      either: { type: ["string", "number"] },
      choice: { oneOf: [{ type: "string" }, { type: "null" }] },
    },
  });
  assert.deepStrictEqual(out.properties, {
    n: { type: "integer", minimum: 0, maximum: 10 },
    legacy: { type: "number", minimum: 1 },
    kind: { type: "string", enum: ["fixed"] },
    count: { type: "integer" },
    note: { type: "string", nullable: true },
    either: { anyOf: [{ type: "string" }, { type: "number" }] },
    choice: { type: "string", nullable: true },
  });
});

Deno.test("sanitizeGeminiSchema inlines $ref from $defs and cuts cycles", () => {
  const out = sanitizeGeminiSchema({
    type: "object",
    $defs: {
      Point: { type: "object", properties: { x: { type: "number" } }, required: ["x"] },
      Node: {
        type: "object",
        description: "tree node",
        properties: {
          value: { type: "string" },
          children: { type: "array", items: { $ref: "#/$defs/Node" } },
        },
      },
    },
    definitions: { Legacy: { type: "boolean" } },
    properties: {
      at: { $ref: "#/$defs/Point", description: "where" },
      tree: { $ref: "#/$defs/Node" },
      flag: { $ref: "#/definitions/Legacy" },
      gone: { $ref: "#/$defs/Missing" },
    },
  });
  assert.deepStrictEqual(out, {
    type: "object",
    properties: {
      at: {
        type: "object",
        description: "where",
        properties: { x: { type: "number" } },
        required: ["x"],
      },
      tree: {
        type: "object",
        description: "tree node",
        properties: {
          value: { type: "string" },
          children: { type: "array", items: { type: "object", description: "tree node" } },
        },
      },
      flag: { type: "boolean" },
      gone: { type: "object" },
    },
  });
});

Deno.test("sanitizeGeminiSchema merges allOf and drops empty properties maps", () => {
  const out = sanitizeGeminiSchema({
    allOf: [
      { type: "object", properties: { a: { type: "string" } }, required: ["a"] },
      { properties: { b: { type: "integer" } }, required: ["b"] },
    ],
    properties: { c: { type: "object", properties: {} } },
  });
  assert.deepStrictEqual(out, {
    type: "object",
    properties: { a: { type: "string" }, b: { type: "integer" }, c: { type: "object" } },
    required: ["a", "b"],
  });
});

Deno.test("sanitizeGeminiSchema caches by content, whatever the key order", () => {
  const first = sanitizeGeminiSchema({ type: "object", properties: { q: { type: "string" } } });
  const second = sanitizeGeminiSchema({ properties: { q: { type: "string" } }, type: "object" });
  assert.equal(first, second);
  assert.ok(Object.isFrozen(first));
  const other = sanitizeGeminiSchema({ type: "object", properties: { q: { type: "number" } } });
  assert.notEqual(first, other);
});
