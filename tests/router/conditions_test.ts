import assert from "node:assert/strict";
import { routeSchema } from "../../lib/config/schema.ts";
import type { ProtocolId } from "../../lib/ir/content.ts";
import { anthropicEntry } from "../../lib/protocols/anthropic/client/mod.ts";
import type { Entry } from "../../lib/protocols/entry.ts";
import { geminiEntry } from "../../lib/protocols/gemini/client/mod.ts";
import { openaiEntry } from "../../lib/protocols/openai/client/mod.ts";
import { responsesEntry } from "../../lib/protocols/openai_responses/client/mod.ts";
import { createRouter } from "../../lib/router/router.ts";

const ENTRIES: Record<ProtocolId, Entry> = {
  openai: openaiEntry,
  openai_responses: responsesEntry,
  anthropic: anthropicEntry,
  gemini: geminiEntry,
};

const MODEL = "claude-sonnet-4-6";
const PNG =
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==";

/** Routes one body: the provider the router picks (`plain` when no condition matched). */
function routeOf(
  when: Record<string, unknown>,
  protocol: ProtocolId,
  body: Record<string, unknown>,
  headers: Record<string, string> = {},
): string {
  const router = createRouter([
    routeSchema.parse({ match: "claude-", provider: "special", when }),
    routeSchema.parse({ match: "claude-", provider: "plain" }),
  ]);
  const h = new Headers(headers);
  const decoded = ENTRIES[protocol].decodeRequest(body, {
    url: new URL("http://gw/"),
    headers: h,
    params: protocol === "gemini" ? { model: MODEL, action: "generateContent" } : {},
  });
  return router(decoded.ir.model, { ir: decoded.ir, clientProtocol: protocol, headers: h })!
    .provider;
}

const text = (protocol: ProtocolId, content: string): Record<string, unknown> => {
  switch (protocol) {
    case "openai":
      return { model: MODEL, messages: [{ role: "user", content }] };
    case "anthropic":
      return { model: MODEL, max_tokens: 100, messages: [{ role: "user", content }] };
    case "openai_responses":
      return { model: MODEL, input: content };
    case "gemini":
      return { contents: [{ role: "user", parts: [{ text: content }] }] };
  }
};

const withImage: Record<ProtocolId, Record<string, unknown>> = {
  openai: {
    model: MODEL,
    messages: [{
      role: "user",
      content: [
        { type: "text", text: "what is this?" },
        { type: "image_url", image_url: { url: `data:image/png;base64,${PNG}` } },
      ],
    }],
  },
  anthropic: {
    model: MODEL,
    max_tokens: 100,
    messages: [{
      role: "user",
      content: [
        { type: "image", source: { type: "base64", media_type: "image/png", data: PNG } },
        { type: "text", text: "what is this?" },
      ],
    }],
  },
  openai_responses: {
    model: MODEL,
    input: [{
      role: "user",
      content: [
        { type: "input_text", text: "what is this?" },
        { type: "input_image", image_url: `data:image/png;base64,${PNG}` },
      ],
    }],
  },
  gemini: {
    contents: [{
      role: "user",
      parts: [{ text: "what is this?" }, { inlineData: { mimeType: "image/png", data: PNG } }],
    }],
  },
};

for (const protocol of Object.keys(ENTRIES) as ProtocolId[]) {
  Deno.test(`has_images: an image in a ${protocol} request counts, plain text does not`, () => {
    assert.equal(routeOf({ has_images: true }, protocol, withImage[protocol]), "special");
    assert.equal(routeOf({ has_images: true }, protocol, text(protocol, "hi")), "plain");
    assert.equal(routeOf({ has_images: false }, protocol, withImage[protocol]), "plain");
  });
}

Deno.test("has_images: a screenshot returned inside an Anthropic tool result counts", () => {
  const body = {
    model: MODEL,
    max_tokens: 100,
    messages: [
      { role: "user", content: "take a screenshot" },
      {
        role: "assistant",
        content: [{ type: "tool_use", id: "t1", name: "screenshot", input: {} }],
      },
      {
        role: "user",
        content: [{
          type: "tool_result",
          tool_use_id: "t1",
          content: [{
            type: "image",
            source: { type: "base64", media_type: "image/png", data: PNG },
          }],
        }],
      },
    ],
  };
  assert.equal(routeOf({ has_images: true }, "anthropic", body), "special");
});

Deno.test("min_input_tokens: a long prompt matches, a short one does not", () => {
  const long = text("anthropic", "word ".repeat(60_000)); // 300k chars ≈ 75k tokens
  assert.equal(routeOf({ min_input_tokens: 60_000 }, "anthropic", long), "special");
  assert.equal(
    routeOf({ min_input_tokens: 60_000 }, "anthropic", text("anthropic", "hi")),
    "plain",
  );
});

Deno.test("thinking: requested thinking matches in each protocol's spelling; disabled does not", () => {
  const when = { thinking: true };
  const base = text("anthropic", "think");
  assert.equal(
    routeOf(when, "anthropic", { ...base, thinking: { type: "enabled", budget_tokens: 2048 } }),
    "special",
  );
  assert.equal(routeOf(when, "anthropic", { ...base, thinking: { type: "adaptive" } }), "special");
  assert.equal(routeOf(when, "anthropic", { ...base, thinking: { type: "disabled" } }), "plain");
  assert.equal(routeOf(when, "anthropic", base), "plain");
  const chat = text("openai", "think");
  assert.equal(routeOf(when, "openai", { ...chat, reasoning_effort: "high" }), "special");
  assert.equal(routeOf(when, "openai", { ...chat, reasoning_effort: "none" }), "plain");
  const responses = text("openai_responses", "think");
  assert.equal(
    routeOf(when, "openai_responses", { ...responses, reasoning: { effort: "medium" } }),
    "special",
  );
  const gemini = text("gemini", "think");
  const budget = (n: number) => ({
    ...gemini,
    generationConfig: { thinkingConfig: { thinkingBudget: n } },
  });
  assert.equal(routeOf(when, "gemini", budget(1024)), "special");
  assert.equal(routeOf(when, "gemini", budget(0)), "plain");
});

Deno.test("has_tools and tool_names: function tools and Anthropic server tools by name", () => {
  const chat = {
    ...text("openai", "search"),
    tools: [{
      type: "function",
      function: { name: "web_search", parameters: { type: "object", properties: {} } },
    }],
  };
  assert.equal(routeOf({ has_tools: true }, "openai", chat), "special");
  assert.equal(routeOf({ has_tools: true }, "openai", text("openai", "hi")), "plain");
  assert.equal(routeOf({ has_tools: false }, "openai", chat), "plain");
  assert.equal(routeOf({ tool_names: ["web_search"] }, "openai", chat), "special");
  assert.equal(routeOf({ tool_names: ["bash"] }, "openai", chat), "plain");
  const claude = {
    ...text("anthropic", "search"),
    tools: [{ type: "web_search_20250305", name: "web_search", max_uses: 5 }],
  };
  assert.equal(routeOf({ tool_names: ["web_search"] }, "anthropic", claude), "special");
});

Deno.test("client: the entry protocol the request came in on", () => {
  assert.equal(routeOf({ client: "anthropic" }, "anthropic", text("anthropic", "hi")), "special");
  assert.equal(routeOf({ client: "anthropic" }, "openai", text("openai", "hi")), "plain");
  assert.equal(routeOf({ client: "gemini" }, "gemini", text("gemini", "hi")), "special");
});

Deno.test("header: every named header must carry its value", () => {
  const when = { header: { "x-ferry-scenario": "background" } };
  const body = text("anthropic", "hi");
  assert.equal(routeOf(when, "anthropic", body, { "X-Ferry-Scenario": "background" }), "special");
  assert.equal(routeOf(when, "anthropic", body, { "x-ferry-scenario": "default" }), "plain");
  assert.equal(routeOf(when, "anthropic", body), "plain");
});

Deno.test("several conditions must all hold", () => {
  const when = { has_images: true, client: "openai" };
  assert.equal(routeOf(when, "openai", withImage.openai), "special");
  assert.equal(routeOf(when, "anthropic", withImage.anthropic), "plain");
});

Deno.test("conditional routes come first, in file order, and only for models their match takes", () => {
  const router = createRouter([
    routeSchema.parse({ match: "claude-opus-4-6", match_type: "exact", provider: "exact" }),
    routeSchema.parse({ match: "claude-", provider: "first", when: { client: "anthropic" } }),
    routeSchema.parse({ match: "claude-", provider: "second", when: { client: "anthropic" } }),
    routeSchema.parse({ match: "gpt-", provider: "gpt-only", when: { has_tools: false } }),
    routeSchema.parse({ match: "*", provider: "rest" }),
  ]);
  const facts = (model: string) => ({
    ir: { model, system: [], messages: [], tools: [], stream: false },
    clientProtocol: "anthropic" as const,
    headers: new Headers(),
  });
  assert.equal(router("claude-opus-4-6", facts("claude-opus-4-6"))?.provider, "first");
  assert.equal(router("claude-opus-4-6", facts("claude-opus-4-6"))?.matchType, "conditional");
  assert.equal(router("claude-opus-4-6")?.provider, "exact", "no facts: plain routes only");
  assert.equal(router("o3", facts("o3"))?.provider, "rest");
  assert.match(
    router("claude-x", facts("claude-x"))!.rule,
    /^routes\[1\] .*when client = anthropic/,
  );
});
