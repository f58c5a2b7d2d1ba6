/**
 * docs/compatibility.md "Open protocols", Anthropic client: every value the decoder does not
 * know reaches an Anthropic upstream verbatim and is left out, with a warning, for the others.
 */
import assert from "node:assert/strict";
import { PROTOCOLS, translate } from "../../../support/translate.ts";
import { openCasesFor } from "../../../support/open_case.ts";

const MODEL = "claude-opus-4-7";
const OTHERS = PROTOCOLS.filter((p) => p !== "anthropic");

function request(extra: Record<string, unknown>, messages?: unknown[]) {
  return {
    model: MODEL,
    max_tokens: 4096,
    messages: messages ?? [{ role: "user", content: "hi" }],
    ...extra,
  };
}

const openCase = openCasesFor("anthropic", "Anthropic", "Anthropic");

openCase(
  'thinking {type: "adaptive", display: "updates"}',
  request({ thinking: { type: "adaptive", display: "updates" } }),
  (b) => assert.deepEqual(b.thinking, { type: "adaptive", display: "updates" }),
  "thinking.display",
  "updates",
);

openCase(
  'output_config.effort "ultra"',
  request({ thinking: { type: "adaptive" }, output_config: { effort: "ultra" } }),
  (b) => {
    assert.deepEqual(b.output_config, { effort: "ultra" });
    assert.deepEqual(b.thinking, { type: "adaptive" });
  },
  "output_config.effort",
  "ultra",
);

openCase(
  "an unknown content block type",
  request({}, [{
    role: "user",
    content: [{ type: "text", text: "look" }, { type: "video_clip", source: { id: "v1" } }],
  }]),
  (b) =>
    assert.deepEqual((b.messages as { content: unknown[] }[])[0].content[1], {
      type: "video_clip",
      source: { id: "v1" },
    }),
  "messages[].content[]{type: video_clip}",
  "video_clip",
);

openCase(
  "an unknown field on a known block",
  request({}, [
    { role: "user", content: [{ type: "text", text: "q", glimmer: { level: 2 } }] },
    {
      role: "assistant",
      content: [{ type: "tool_use", id: "t1", name: "f", input: {}, caller: { type: "direct" } }],
    },
    { role: "user", content: [{ type: "tool_result", tool_use_id: "t1", content: "ok" }] },
  ]),
  (b) => {
    const messages = b.messages as { content: Record<string, unknown>[] }[];
    assert.deepEqual(messages[0].content[0], { glimmer: { level: 2 }, type: "text", text: "q" });
    assert.deepEqual(messages[1].content[0].caller, { type: "direct" });
  },
  "messages[].content[].glimmer",
  "glimmer",
);

openCase(
  "an unknown field on a message",
  request({}, [
    { role: "user", content: "q" },
    { role: "system", content: "Be brief.", output_config: { effort: "low" }, memo_q3: true },
  ]),
  (b) => {
    const messages = b.messages as Record<string, unknown>[];
    assert.deepEqual(messages[1].output_config, { effort: "low" });
    assert.equal(messages[1].memo_q3, true);
  },
  "messages[].memo_q3",
  "memo_q3",
);

openCase(
  "a tool_choice type it does not know",
  request({
    tools: [{ name: "f", input_schema: { type: "object" } }],
    tool_choice: { type: "some_new_choice", names: ["f"] },
  }),
  (b) => assert.deepEqual(b.tool_choice, { type: "some_new_choice", names: ["f"] }),
  "tool_choice",
  "some_new_choice",
);

openCase(
  'a cache_control TTL it does not know ("24h")',
  request({}, [{
    role: "user",
    content: [{ type: "text", text: "q", cache_control: { type: "ephemeral", ttl: "24h" } }],
  }]),
  (b) =>
    assert.deepEqual((b.messages as { content: unknown[] }[])[0].content[0], {
      cache_control: { type: "ephemeral", ttl: "24h" },
      type: "text",
      text: "q",
    }),
  "messages[].content[].cache_control",
  "24h",
);

openCase(
  "a document source kind it does not know",
  request({}, [{
    role: "user",
    content: [
      { type: "text", text: "q" },
      { type: "document", source: { type: "content", content: [{ type: "text", text: "zz9" }] } },
    ],
  }]),
  (b) =>
    assert.deepEqual((b.messages as { content: unknown[] }[])[0].content[1], {
      type: "document",
      source: { type: "content", content: [{ type: "text", text: "zz9" }] },
    }),
  "messages[].content[]{type: document}",
  "zz9",
);

openCase(
  "a tool_result content type it does not know",
  request({}, [
    { role: "user", content: "q" },
    { role: "assistant", content: [{ type: "tool_use", id: "t1", name: "f", input: {} }] },
    {
      role: "user",
      content: [{
        type: "tool_result",
        tool_use_id: "t1",
        content: [{ type: "text", text: "a" }, {
          type: "search_result",
          source: "s://x",
          title: "T",
        }],
      }],
    },
  ]),
  (b) =>
    assert.deepEqual((b.messages as { content: { content: unknown }[] }[])[2].content[0].content, [
      { type: "text", text: "a" },
      { type: "search_result", source: "s://x", title: "T" },
    ]),
  "messages[].content[].content[]{type: search_result}",
  "search_result",
);

openCase(
  "an output_config.format type it does not know",
  request({ output_config: { format: { type: "regex", pattern: "a+" } } }),
  (b) => assert.deepEqual(b.output_config, { format: { type: "regex", pattern: "a+" } }),
  "output_config.format",
  "regex",
);

openCase(
  "a thinking type it does not know",
  request({ thinking: { type: "interleaved_plus", budget: 3 } }),
  (b) => assert.deepEqual(b.thinking, { type: "interleaved_plus", budget: 3 }),
  "thinking",
  "interleaved_plus",
);

Deno.test("Anthropic client: a known display and effort still translate (no warning)", () => {
  const body = request({
    thinking: { type: "adaptive", display: "summarized" },
    output_config: { effort: "high" },
  });
  for (const target of OTHERS) {
    assert.deepEqual(translate("anthropic", body, target).warnings, [], target);
  }
  assert.deepEqual(translate("anthropic", body, "anthropic").body.output_config, {
    effort: "high",
  });
});
