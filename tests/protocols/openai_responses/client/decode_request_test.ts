import assert from "node:assert/strict";
import { responsesEntry } from "../../../../lib/protocols/openai_responses/client/mod.ts";
import type { ResponsesExtensions } from "../../../../lib/protocols/openai_responses/extensions.ts";
import { GatewayError } from "../../../../lib/ir/error.ts";
import { fixture, info } from "./_context.ts";

const decode = (body: unknown) => responsesEntry.decodeRequest(body, info);

Deno.test("decodeResponsesRequest decodes a Codex request", () => {
  const { ir, wire } = decode(JSON.parse(fixture("codex_request.json")));
  assert.deepEqual(ir.system, [
    { type: "text", text: "You are Codex." },
    { type: "text", text: "Skills: none." },
  ]);
  const [env, prompt, assistant, results, assistant2, mid, last] = ir.messages;
  assert.deepEqual(env, {
    role: "user",
    content: [{ type: "text", text: "<environment_context>cwd=/w</environment_context>" }],
  });
  assert.deepEqual(prompt.content[1], {
    type: "image",
    source: { kind: "base64", mediaType: "image/png", data: "iVBORw0KGgo=" },
    detail: "low",
  });
  // reasoning + both calls form ONE assistant turn
  assert.equal(assistant.role, "assistant");
  assert.deepEqual(assistant.content, [
    {
      type: "thinking",
      text: "I should run ls.",
      itemId: "rs_abc",
      signature: "gAAAAB-enc",
      origin: { protocol: "openai_responses", provider: "", model: "" },
    },
    { type: "tool_call", id: "call_1", name: "exec_command", input: { cmd: "ls" } },
    {
      type: "tool_call",
      id: "call_2",
      name: "apply_patch",
      input: { input: "*** Begin Patch\n*** End Patch" },
      kind: "custom",
    },
  ]);
  assert.deepEqual(results, {
    role: "user",
    content: [
      {
        type: "tool_result",
        callId: "call_1",
        name: "exec_command",
        content: [{ type: "text", text: "Process exited with code 0\nOutput:\nhi\n" }],
      },
      {
        type: "tool_result",
        callId: "call_2",
        name: "apply_patch",
        kind: "custom",
        content: [{ type: "text", text: "Done!" }],
      },
    ],
  });
  assert.deepEqual(assistant2, { role: "assistant", content: [{ type: "text", text: "Listed." }] });
  assert.deepEqual(mid, {
    role: "system",
    content: [{ type: "text", text: "Mid-conversation note." }],
  });
  assert.deepEqual(last, { role: "user", content: [{ type: "text", text: "thanks" }] });

  const byName = new Map(ir.tools.map((t) => [t.name, t]));
  assert.deepEqual([...byName.keys()].sort(), [
    "apply_patch",
    "exec_command",
    "functions__exec",
    "functions__wait",
    "multi_agent_v1__spawn",
  ]);
  const patch = byName.get("apply_patch")!;
  assert.equal(patch.kind, "custom");
  assert.deepEqual(patch.inputSchema.required, ["input"]);
  assert.equal((patch.customFormat as { syntax: string }).syntax, "lark");
  assert.equal(byName.get("multi_agent_v1__spawn")!.namespace, "multi_agent_v1");
  assert.equal(byName.get("functions__exec")!.kind, "custom");
  assert.deepEqual(byName.get("functions__exec")!.extensions, {
    openai_responses: { viaAdditionalTools: true, namespaceDescription: "Core tools" },
  });
  assert.equal(byName.get("exec_command")!.strict, false);

  assert.deepEqual(ir.toolChoice, { type: "auto" });
  assert.equal(ir.parallelToolCalls, true);
  assert.deepEqual(ir.reasoning, { effort: "medium", summary: "auto" });
  assert.deepEqual(ir.promptCache, { key: "3f6c-session" });
  assert.equal(ir.stream, true);
  const ext = ir.extensions!.openai_responses as ResponsesExtensions;
  assert.deepEqual(ext.fields, {
    store: false,
    include: ["reasoning.encrypted_content"],
    client_metadata: { x: "y" },
  });
  assert.deepEqual(ext.text, { verbosity: "low" });
  assert.deepEqual(ext.reasoning, { context: "all_turns" });
  assert.deepEqual(ext.hostedTools!.map((t) => (t as { type: string }).type), [
    "tool_search",
    "web_search",
  ]);
  assert.deepEqual(ext.systemRoles, ["developer", "developer"]);
  assert.equal(ext.additionalToolsItems!.length, 1);
  assert.equal(ext.unknownItemTypes, undefined);
  assert.equal((wire as { store?: boolean }).store, false);
});

Deno.test("decodeResponsesRequest takes a string input and instructions", () => {
  const { ir } = decode({
    model: "m",
    instructions: "Be brief.",
    input: "hi",
    max_output_tokens: 50,
  });
  assert.deepEqual(ir.system, [{ type: "text", text: "Be brief." }]);
  assert.deepEqual(ir.messages, [{ role: "user", content: [{ type: "text", text: "hi" }] }]);
  assert.equal(ir.maxTokens, 50);
  assert.equal(ir.stream, false);
});

Deno.test("decodeResponsesRequest maps text.format json_schema and tool_choice variants", () => {
  const { ir } = decode({
    model: "m",
    input: "x",
    text: {
      format: { type: "json_schema", name: "out", schema: { type: "object" }, strict: true },
    },
    tool_choice: { type: "function", name: "f" },
    tools: [{ type: "function", name: "f", parameters: { type: "object" } }],
  });
  assert.deepEqual(ir.responseFormat, {
    type: "json_schema",
    name: "out",
    schema: { type: "object" },
    strict: true,
  });
  assert.deepEqual(ir.toolChoice, { type: "tool", name: "f" });
  assert.deepEqual(decode({ model: "m", input: "x", tool_choice: "required" }).ir.toolChoice, {
    type: "any",
  });
});

Deno.test("decodeResponsesRequest records unknown item types for passthrough", () => {
  const input = [{ type: "compaction", encrypted_content: "xyz" }, { role: "user", content: "go" }];
  const { ir } = decode({ model: "m", input });
  const ext = ir.extensions!.openai_responses as ResponsesExtensions;
  assert.deepEqual(ext.unknownItemTypes, ["compaction"]);
  assert.deepEqual(ext.rawInput, input);
  assert.deepEqual(ir.messages, [{ role: "user", content: [{ type: "text", text: "go" }] }]);
});

for (
  const [name, body, message] of [
    ["a missing model", { input: "x" }, /^model: expected a non-empty string$/],
    ["a missing input", { model: "m" }, /^input: required$/],
    ["bad arguments JSON", {
      model: "m",
      input: [{ type: "function_call", call_id: "c", name: "f", arguments: "{oops" }],
    }, /^input\[0\]\.arguments: is not valid JSON$/],
    ["a bad content part", {
      model: "m",
      input: [{ role: "user", content: [{ text: "no type" }] }],
    }, /^input\[0\]\.content\[0\]\.type: expected a string$/],
    [
      "a bad effort",
      { model: "m", input: "x", reasoning: { effort: 3 } },
      /reasoning\.effort/,
    ],
    [
      "a bad max_output_tokens",
      { model: "m", input: "x", max_output_tokens: 0 },
      /max_output_tokens/,
    ],
    [
      "a tool without name",
      { model: "m", input: "x", tools: [{ type: "function" }] },
      /^tools\[0\]\.name/,
    ],
  ] as const
) {
  Deno.test(`decodeResponsesRequest rejects ${name} with a precise 400`, () => {
    assert.throws(() => decode(body), (error: unknown) => {
      assert.ok(error instanceof GatewayError);
      assert.equal(error.status, 400);
      assert.match(error.message, message);
      return true;
    });
  });
}
