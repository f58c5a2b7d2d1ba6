import assert from "node:assert/strict";
import { responsesAdapter } from "../../../../lib/protocols/openai_responses/upstream/mod.ts";
import { responsesEntry } from "../../../../lib/protocols/openai_responses/client/mod.ts";
import type { IrRequest } from "../../../../lib/ir/request.ts";
import { adapterContext, fixture } from "./_context.ts";

const info = { url: new URL("http://x/v1/responses"), headers: new Headers(), params: {} };
type Body = Record<string, unknown>;

Deno.test("buildResponsesRequest returns a Codex request to a Responses upstream in its own shape", () => {
  const original = JSON.parse(fixture("codex_request.json"));
  const { ir } = responsesEntry.decodeRequest(original, info);
  const up = responsesAdapter.encodeRequest(ir, adapterContext("openai_responses")).value;
  assert.equal(up.url, "https://api.example.com/v1/responses");
  assert.equal(up.headers.authorization, "Bearer sk-test");
  assert.equal(up.headers["openai-organization"], "org-1");
  assert.equal(up.headers.accept, "text/event-stream");
  const body = up.body as Body;
  assert.equal(body.instructions, undefined);
  const input = body.input as Body[];
  assert.equal(input[0].type, "additional_tools");
  assert.deepEqual(input.slice(1, 3).map((i) => [i.role, (i.content as Body[])[0].text]), [
    ["developer", "You are Codex."],
    ["developer", "Skills: none."],
  ]);
  const reasoning = input.find((i) => i.type === "reasoning")!;
  assert.equal(reasoning.encrypted_content, "gAAAAB-enc");
  assert.equal(reasoning.id, undefined, "no rs_ id under store:false");
  assert.deepEqual(input.find((i) => i.type === "custom_tool_call"), {
    type: "custom_tool_call",
    call_id: "call_2",
    name: "apply_patch",
    input: "*** Begin Patch\n*** End Patch",
  });
  assert.deepEqual(input.find((i) => i.type === "custom_tool_call_output"), {
    type: "custom_tool_call_output",
    call_id: "call_2",
    output: "Done!",
  });
  const tools = body.tools as Body[];
  assert.deepEqual(tools.map((t) => t.type), [
    "function",
    "custom",
    "namespace",
    "tool_search",
    "web_search",
  ]);
  assert.deepEqual(tools[1].format, original.tools[1].format);
  assert.deepEqual(tools[2], {
    type: "namespace",
    name: "multi_agent_v1",
    description: "Agents",
    tools: [{
      type: "function",
      name: "spawn",
      parameters: { type: "object", properties: {} },
      strict: false,
    }],
  });
  assert.equal(body.store, false);
  assert.deepEqual(body.include, ["reasoning.encrypted_content"]);
  assert.deepEqual(body.reasoning, { context: "all_turns", effort: "medium", summary: "auto" });
  assert.deepEqual(body.text, { verbosity: "low" });
  assert.deepEqual(body.client_metadata, { x: "y" });
  assert.equal(body.prompt_cache_key, "3f6c-session");
  assert.equal(body.stream, true);
});

Deno.test("buildResponsesRequest forwards raw input with unknown items and previous_response_id", () => {
  const input = [{ type: "compaction", encrypted_content: "e" }, { role: "user", content: "go" }];
  const { ir } = responsesEntry.decodeRequest(
    { model: "m", input, previous_response_id: "resp_1", store: true },
    info,
  );
  const body = responsesAdapter.encodeRequest(ir, adapterContext("openai_responses")).value
    .body as Body;
  assert.deepEqual(body.input, input);
  assert.equal(body.previous_response_id, "resp_1");
  assert.equal(body.store, true);
  assert.equal(body.include, undefined);
});

const anthropicIr: IrRequest = {
  model: "gpt-5",
  system: [{ type: "text", text: "A" }, { type: "text", text: "B" }],
  messages: [
    { role: "user", content: [{ type: "text", text: "hi" }] },
    {
      role: "assistant",
      content: [
        { type: "thinking", text: "t", signature: "sig" },
        { type: "tool_call", id: "toolu_1", name: "f", input: { a: 1 } },
      ],
    },
    {
      role: "user",
      content: [
        { type: "tool_result", callId: "toolu_1", content: [{ type: "text", text: "ok" }] },
        { type: "text", text: "next" },
      ],
    },
  ],
  tools: [{ name: "f", inputSchema: { type: "object" } }],
  toolChoice: { type: "any" },
  stopSequences: ["END"],
  topK: 5,
  maxTokens: 100,
  stream: false,
  reasoning: { effort: "max" },
  responseFormat: { type: "json_schema", schema: { type: "object" } },
  extensions: { openai_responses: { fields: { previous_response_id: "nope" } } },
};

Deno.test("buildResponsesRequest translates a foreign client's request", () => {
  const up = responsesAdapter.encodeRequest(anthropicIr, adapterContext("anthropic")).value;
  const body = up.body as Body;
  assert.equal(body.instructions, "A\n\nB");
  assert.deepEqual(body.input, [
    { type: "message", role: "user", content: [{ type: "input_text", text: "hi" }] },
    { type: "reasoning", summary: [{ type: "summary_text", text: "t" }], encrypted_content: "sig" },
    { type: "function_call", call_id: "toolu_1", name: "f", arguments: '{"a":1}' },
    { type: "function_call_output", call_id: "toolu_1", output: "ok" },
    { type: "message", role: "user", content: [{ type: "input_text", text: "next" }] },
  ]);
  assert.deepEqual(body.tools, [{
    type: "function",
    name: "f",
    parameters: { type: "object" },
    strict: false,
  }]);
  assert.equal(body.tool_choice, "required");
  assert.equal(body.max_output_tokens, 100);
  assert.deepEqual(body.reasoning, { effort: "xhigh" });
  assert.deepEqual(body.text, {
    format: { type: "json_schema", name: "response", schema: { type: "object" } },
  });
  assert.equal(body.store, false);
  assert.deepEqual(body.include, ["reasoning.encrypted_content"]);
  assert.equal(body.stream, false);
  assert.equal(up.headers.accept, undefined);
  for (const dropped of ["stop", "top_k", "previous_response_id"]) {
    assert.ok(!(dropped in body), dropped);
  }
});

Deno.test("buildResponsesRequest leaves store to the API default for a Responses client that said nothing", () => {
  const { ir } = responsesEntry.decodeRequest({ model: "m", input: "hi" }, info);
  const same = responsesAdapter.encodeRequest(ir, adapterContext("openai_responses")).value
    .body as Body;
  assert.equal("store" in same, false, "a later previous_response_id must still resolve upstream");
  assert.equal(same.include, undefined);
  const translated: IrRequest = { model: "m", system: [], tools: [], stream: false, messages: [] };
  const foreign = responsesAdapter.encodeRequest(translated, adapterContext("anthropic")).value
    .body as Body;
  assert.equal(foreign.store, false);
  assert.deepEqual(foreign.include, ["reasoning.encrypted_content"]);
});
