import assert from "node:assert/strict";
import fc from "fast-check";
import { canonicalizeToolShapes } from "../../lib/policy/prompt_cache/canonical_json.ts";
import { canonicalize, canonicalJson } from "../../lib/json/canonical_json.ts";
import type { Tool } from "../../lib/ir/request.ts";
import { assistant, request, text, user } from "./_requests.ts";

/** The same object with its keys inserted in a different order, recursively. */
function reversedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reversedKeys);
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).reverse()) {
    out[key] = reversedKeys((value as Record<string, unknown>)[key]);
  }
  return out;
}

Deno.test("canonicalize sorts keys recursively and keeps array order", () => {
  const value = { b: 1, a: { d: [3, { z: 1, y: 2 }], c: null } };
  assert.equal(JSON.stringify(canonicalize(value)), '{"a":{"c":null,"d":[3,{"y":2,"z":1}]},"b":1}');
});

Deno.test("canonicalize drops undefined members like JSON.stringify does", () => {
  assert.deepEqual(canonicalize({ a: undefined, b: 2 }), { b: 2 });
  assert.equal(canonicalJson(undefined), "null");
});

Deno.test("canonicalJson is equal for any key order of equal JSON values", () => {
  fc.assert(
    fc.property(fc.jsonValue(), (value) => {
      assert.equal(canonicalJson(reversedKeys(value)), canonicalJson(value));
      assert.deepEqual(JSON.parse(canonicalJson(value)), JSON.parse(JSON.stringify(value)));
    }),
  );
});

Deno.test("canonicalizeToolShapes makes two shuffled-key tool lists byte-identical", () => {
  const tools: Tool[] = [
    {
      name: "Bash",
      description: "run",
      inputSchema: {
        type: "object",
        properties: {
          command: { type: "string", description: "cmd" },
          timeout: { type: "number" },
        },
        required: ["command"],
        additionalProperties: false,
      },
    },
  ];
  const shuffled = reversedKeys(tools) as Tool[];
  assert.notEqual(JSON.stringify(shuffled), JSON.stringify(tools), "the fixture really differs");
  const a = canonicalizeToolShapes(request({ tools }));
  const b = canonicalizeToolShapes(request({ tools: shuffled }));
  assert.equal(JSON.stringify(a.tools), JSON.stringify(b.tools));
  assert.deepEqual(
    a.tools[0].inputSchema.required as string[],
    ["command"],
    "arrays keep their order",
  );
});

Deno.test("canonicalizeToolShapes sorts tool-call inputs and leaves other blocks alone", () => {
  const call = {
    type: "tool_call" as const,
    id: "c1",
    name: "Bash",
    input: { z: 1, a: { y: 2, b: 3 } },
  };
  const ir = request({ messages: [user(text("go")), assistant(text("ok"), call)] });
  const out = canonicalizeToolShapes(ir);
  const sorted = out.messages[1].content[1];
  assert.equal(
    sorted.type === "tool_call" && JSON.stringify(sorted.input),
    '{"a":{"b":3,"y":2},"z":1}',
  );
  assert.equal(out.messages[0], ir.messages[0], "messages without tool calls are reused");
  assert.equal(JSON.stringify(call.input), '{"z":1,"a":{"y":2,"b":3}}', "input not mutated");
});
