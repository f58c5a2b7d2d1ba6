import assert from "node:assert/strict";
import { argumentsFor, schemaValue } from "../support/mock_upstream/schema_value.ts";
import { scenarioOf, splitText } from "../support/mock_upstream/scenario.ts";

Deno.test("schemaValue fills required properties by type, enum and $ref", () => {
  const schema = {
    type: "object",
    $defs: { level: { type: "string", enum: ["low", "high"] } },
    properties: {
      name: { type: "string" },
      count: { type: ["integer", "null"], minimum: 3 },
      ok: { type: "boolean" },
      level: { $ref: "#/$defs/level" },
      tags: { type: "array", items: { type: "string" }, minItems: 1 },
      skipped: { type: "string" },
    },
    required: ["name", "count", "ok", "level", "tags"],
  };
  assert.deepEqual(schemaValue(schema), {
    name: "flash",
    count: 3,
    ok: false,
    level: "low",
    tags: ["flash"],
  });
});

Deno.test("argumentsFor uses the given string for required string properties", () => {
  const schema = {
    type: "object",
    properties: { city: { type: "string" }, days: { type: "integer" } },
    required: ["city", "days"],
  };
  assert.deepEqual(argumentsFor(schema, "Paris"), { city: "Paris", days: 1 });
  assert.deepEqual(argumentsFor(undefined, "Paris"), { city: "Paris" });
});

Deno.test("scenarioOf reads markers and ignores unknown ones", () => {
  assert.equal(scenarioOf("please SCENARIO:parallel now"), "parallel");
  assert.equal(scenarioOf("SCENARIO:nonsense"), undefined);
  assert.equal(scenarioOf("x E2E_TOOL y"), "e2e_tool");
});

Deno.test("splitText splits into several pieces on code points", () => {
  assert.deepEqual(splitText("pong", 3), ["po", "ng"]);
  assert.deepEqual(splitText("a😀b", 3), ["a", "😀", "b"]);
  assert.deepEqual(splitText("", 3), []);
});
