import assert from "node:assert/strict";
import { responsesEntry } from "../../../../lib/protocols/openai_responses/client/mod.ts";
import { responsesAdapter } from "../../../../lib/protocols/openai_responses/upstream/mod.ts";
import type { AdapterContext } from "../../../../lib/protocols/adapter.ts";
import type { IrResponse } from "../../../../lib/ir/response.ts";
import { byteChunks } from "../../../../lib/streaming/chunks.ts";
import { decodeSse } from "../../../../lib/streaming/sse_decode.ts";
import { entryContext, fixture, info } from "./_context.ts";

const adapterCtx = {
  provider: { name: "oai", type: "openai_responses", base_url: "https://x/v1" },
  origin: { protocol: "openai_responses", provider: "oai", model: "gpt-5" },
  clientHeaders: new Headers(),
  clientProtocol: "openai_responses",
  newId: (p: string) => `${p}x`,
  now: () => 0,
} as AdapterContext;

Deno.test("Responses → Responses streams keep upstream ids and encrypted_content byte-exact", async () => {
  const decoded = responsesEntry.decodeRequest({
    model: "gpt-5",
    input: "go",
    tools: [
      { type: "function", name: "exec_command", parameters: { type: "object" } },
      { type: "custom", name: "apply_patch" },
      {
        type: "namespace",
        name: "multi_agent_v1",
        tools: [{ type: "function", name: "spawn", parameters: { type: "object" } }],
      },
    ],
  }, info);
  const upstream = responsesAdapter.decodeStream(
    decodeSse(ReadableStream.from(byteChunks(fixture("tools/stream.sse"), 17))),
    adapterCtx,
  );
  const encoded = responsesEntry.encodeStream(upstream, entryContext(decoded, "openai_responses"));
  const text = (await Array.fromAsync(encoded.chunks)).join("");
  const messages = await Array.fromAsync(
    decodeSse(ReadableStream.from([new TextEncoder().encode(text)])),
  );
  const completed = JSON.parse(messages.at(-1)!.data);
  assert.equal(completed.type, "response.completed");
  assert.equal(completed.response.id, "resp_up1");
  const [reasoning, call, custom, ns] = completed.response.output;
  assert.equal(reasoning.id, "rs_1");
  assert.equal(reasoning.encrypted_content, "gAAAAB-opaque==");
  assert.deepEqual(reasoning.summary, [{
    type: "summary_text",
    text: "Plan: list files.\n\nThen patch.",
  }]);
  assert.equal(call.arguments, '{"cmd":"ls -la"}');
  assert.equal(custom.type, "custom_tool_call");
  assert.equal(
    custom.input,
    '*** Begin Patch\n*** Add File: a.txt\n+say "hi" \\ done ✓\n*** End Patch',
  );
  assert.deepEqual([ns.name, ns.namespace], ["spawn", "multi_agent_v1"]);
});

Deno.test("Anthropic reasoning sent to a Responses client comes back to its issuer intact", () => {
  const decoded = responsesEntry.decodeRequest({ model: "claude-x", input: "go" }, info);
  const origin = { protocol: "anthropic" as const, provider: "claude", model: "claude-x" };
  const answer: IrResponse = {
    id: "msg_1",
    model: "claude-x",
    content: [
      { type: "thinking", text: "hmm", signature: "EqQBCkYIBRgCKkA+/=", origin },
      { type: "redacted_thinking", data: "opaque-redacted", origin },
      { type: "text", text: "done" },
    ],
    stop: { reason: "end_turn" },
    usage: {
      inputTokens: 1,
      outputTokens: 1,
      cacheReadTokens: 0,
      cacheWriteTokens: 0,
      reasoningTokens: 0,
    },
  };
  const body = responsesEntry.encodeResponse(answer, entryContext(decoded)) as {
    output: Record<string, unknown>[];
  };
  // The client replays its output items verbatim on the next turn.
  const next = responsesEntry.decodeRequest({
    model: "claude-x",
    input: [...body.output, { role: "user", content: "more" }],
  }, info);
  const [thinking, redacted, text] = next.ir.messages[0].content;
  assert.deepEqual(thinking, {
    type: "thinking",
    text: "hmm",
    itemId: body.output[0].id,
    signature: "EqQBCkYIBRgCKkA+/=",
    origin,
  });
  assert.deepEqual(redacted, { type: "redacted_thinking", data: "opaque-redacted", origin });
  assert.deepEqual(text, { type: "text", text: "done" });
});
