/**
 * Every upstream encoder reports what it leaves out (`Adapter.encodeRequest` → `{ value,
 * warnings }`), and the IR steps before it report removed thinking blocks. One test per kind
 * and per protocol, at the translator level; the gateway test at the end proves the kinds reach
 * `ferryllm_translation_warnings_total`.
 */
import assert from "node:assert/strict";
import type { ResolvedProvider } from "../../lib/config/load.ts";
import type { Message, ProtocolId } from "../../lib/ir/content.ts";
import type { IrRequest } from "../../lib/ir/request.ts";
import type { TranslationWarning } from "../../lib/ir/warnings.ts";
import { dropForeignArtifacts } from "../../lib/ir/artifacts.ts";
import type { Adapter, AdapterContext } from "../../lib/protocols/adapter.ts";
import { openaiAdapter } from "../../lib/protocols/openai/upstream/mod.ts";
import { responsesAdapter } from "../../lib/protocols/openai_responses/upstream/mod.ts";
import { anthropicAdapter } from "../../lib/protocols/anthropic/upstream/mod.ts";
import { geminiAdapter } from "../../lib/protocols/gemini/upstream/mod.ts";
import { responsesEntry } from "../../lib/protocols/openai_responses/client/mod.ts";
import { translationWarnings } from "../../lib/policy/translation_warnings.ts";
import { routeTo, startConformance } from "../conformance/gateway.ts";

function request(partial: Partial<IrRequest> = {}): IrRequest {
  return {
    model: "m",
    system: [],
    messages: [{ role: "user", content: [{ type: "text", text: "hi" }] }],
    tools: [],
    stream: false,
    ...partial,
  };
}

function context(adapter: Adapter, model: string, clientProtocol: ProtocolId): AdapterContext {
  return {
    provider: {
      name: "up",
      type: adapter.protocol,
      base_url: "http://127.0.0.1:9",
    } as ResolvedProvider,
    origin: { protocol: adapter.protocol, provider: "up", model },
    clientHeaders: new Headers(),
    clientProtocol,
    newId: (prefix) => `${prefix}1`,
    now: () => 0,
  };
}

function warningsOf(
  adapter: Adapter,
  ir: IrRequest,
  clientProtocol: ProtocolId = "anthropic",
): TranslationWarning[] {
  return adapter.encodeRequest(ir, context(adapter, ir.model, clientProtocol)).warnings;
}

const kinds = (warnings: TranslationWarning[]) => warnings.map((w) => `${w.kind} ${w.path}`);

const THOUGHT: Message = {
  role: "assistant",
  content: [
    {
      type: "thinking",
      text: "plan",
      signature: "sig",
      origin: { protocol: "anthropic", provider: "a", model: "claude" },
    },
    { type: "text", text: "done" },
  ],
};

Deno.test("the Chat encoder reports stop sequences past 4, sampling for a reasoning model, top_k and thinking", () => {
  const ir = request({
    model: "gpt-5.5",
    stopSequences: ["a", "b", "c", "d", "e", "f"],
    temperature: 0.2,
    topP: 0.9,
    topK: 40,
    messages: [request().messages[0], THOUGHT],
  });
  const { value, warnings } = openaiAdapter.encodeRequest(
    ir,
    context(openaiAdapter, ir.model, "anthropic"),
  );
  const body = value.body as Record<string, unknown>;
  assert.deepEqual(body.stop, ["a", "b", "c", "d"]);
  assert.equal(body.temperature, undefined);
  assert.deepEqual(kinds(warnings), [
    "sampling temperature",
    "sampling top_p",
    "sampling top_k",
    "stop_sequences stop_sequences",
    "thinking messages[].content[]{type: thinking}",
  ]);
  assert.match(warnings[3].message, /2 beyond OpenAI's 4 dropped/);
});

Deno.test("the Chat encoder reports reasoning a model without it cannot take, and nothing on a clean request", () => {
  const ir = request({ model: "gpt-4o", reasoning: { mode: "adaptive", effort: "high" } });
  assert.deepEqual(kinds(warningsOf(openaiAdapter, ir)), ["reasoning reasoning"]);
  assert.deepEqual(warningsOf(openaiAdapter, request({ temperature: 0.5 }), "openai"), []);
});

Deno.test("the Responses encoder reports stop sequences, top_k and unsigned thinking it has no field for", () => {
  const ir = request({
    stopSequences: ["x"],
    topK: 5,
    messages: [request().messages[0], {
      role: "assistant",
      content: [{ type: "thinking", text: "unsigned" }, { type: "text", text: "ok" }],
    }],
  });
  assert.deepEqual(kinds(warningsOf(responsesAdapter, ir)), [
    "stop_sequences stop_sequences",
    "sampling top_k",
    "thinking messages[].content[]{type: thinking}",
  ]);
});

Deno.test("the Anthropic encoder reports sampling removed while thinking is on and thinking left off for a foreign tool turn", () => {
  const thinking = request({
    model: "claude-opus-4-6",
    reasoning: { mode: "enabled", effort: "high" },
    temperature: 0.7,
    topK: 3,
  });
  assert.deepEqual(kinds(warningsOf(anthropicAdapter, thinking, "openai")), [
    "sampling temperature",
    "sampling top_k",
  ]);
  const toolTurn = request({
    model: "claude-opus-4-6",
    reasoning: { mode: "enabled", effort: "high" },
    messages: [
      request().messages[0],
      { role: "assistant", content: [{ type: "tool_call", id: "c", name: "f", input: {} }] },
      { role: "user", content: [{ type: "tool_result", callId: "c", content: [] }] },
    ],
  });
  assert.deepEqual(kinds(warningsOf(anthropicAdapter, toolTurn, "openai")), [
    "reasoning reasoning",
  ]);
  // An Anthropic client's own sampling passes (Anthropic decides), so nothing is reported.
  assert.deepEqual(warningsOf(anthropicAdapter, thinking, "anthropic"), []);
});

Deno.test("the Gemini encoder reports thinking it cannot send", () => {
  const ir = request({
    messages: [request().messages[0], {
      role: "assistant",
      content: [{ type: "redacted_thinking", data: "x" }, { type: "text", text: "ok" }],
    }],
  });
  assert.deepEqual(kinds(warningsOf(geminiAdapter, ir)), [
    "thinking messages[].content[]{type: redacted_thinking}",
  ]);
});

Deno.test("dropForeignArtifacts reports the thinking blocks another model minted", () => {
  const warnings: TranslationWarning[] = [];
  const ir = dropForeignArtifacts(
    request({ messages: [request().messages[0], THOUGHT] }),
    { protocol: "openai", provider: "up", model: "gpt-5.5" },
    warnings,
  );
  assert.deepEqual(ir.messages[1].content, [{ type: "text", text: "done" }]);
  assert.deepEqual(kinds(warnings), ["thinking messages[].content[]{type: thinking}"]);
  assert.match(warnings[0].message, /minted by another model/);
});

Deno.test("a hosted Responses tool sent to another protocol is a tool warning", () => {
  const { ir } = responsesEntry.decodeRequest({
    model: "m",
    input: "hi",
    tools: [{ type: "web_search" }],
  }, { url: new URL("http://x/v1/responses"), headers: new Headers(), params: {} });
  const warnings = translationWarnings(ir, "openai_responses", "anthropic");
  assert.ok(
    warnings.some((w) => w.kind === "tool" && w.path === "tools[hosted]"),
    kinds(warnings).join(),
  );
});

Deno.test("stop sequences, top_k and a server tool lost on the way to OpenAI are counted by kind", async () => {
  const gw = await startConformance();
  try {
    const res = await fetch(`${gw.url}/v1/messages`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        model: routeTo("openai"),
        max_tokens: 64,
        messages: [{ role: "user", content: "SCENARIO:text" }],
        stop_sequences: ["1", "2", "3", "4", "5"],
        top_k: 8,
        tools: [{ type: "web_search_20250305", name: "web_search" }],
      }),
    });
    assert.equal(res.status, 200, await res.clone().text());
    await res.body?.cancel();
    const sent = gw.mock.requests.at(-1)?.body as Record<string, unknown>;
    assert.deepEqual(sent.stop, ["1", "2", "3", "4"]);
    const metrics = await (await fetch(`${gw.url}/metrics`)).text();
    const count = (kind: string) => {
      const line = metrics.split("\n").find((l) =>
        l.startsWith("ferryllm_translation_warnings_total{") && l.includes(`kind="${kind}"`)
      );
      return line === undefined ? 0 : Number(line.split(" ").at(-1));
    };
    assert.equal(count("stop_sequences"), 1, metrics);
    assert.equal(count("sampling"), 1, metrics);
    assert.equal(count("tool"), 1, metrics);
  } finally {
    await gw.close();
  }
});
