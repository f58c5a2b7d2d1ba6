/**
 * Proof of prefix stability (issue 5 item 7): a Claude Code-style conversation replayed through
 * the whole gateway (`createHandler` → entry → policies → adapter → loopback mock upstream).
 *
 * Every turn the client changes what Claude Code changes: the billing-header line's suffix, the
 * key order of its 24 tool definitions and of the tool inputs it replays, and the history grows.
 * Toward each non-Anthropic upstream, consecutive upstream bodies must share their bytes up to
 * the first new message and carry the same `prompt_cache_key`; toward Anthropic, breakpoints
 * must sit on the last system block, the last tool and the latest user message, never > 4.
 *
 * @module
 */
import assert from "node:assert/strict";
import { createHandler } from "../../lib/server/handler.ts";
import { resolveProviders, validateConfig } from "../../lib/config/load.ts";
import { startMockUpstream } from "../support/mock_upstream/mod.ts";

const TURNS = 6;
const TARGETS = ["openai", "openai_responses", "gemini"] as const;
const UPSTREAM_MODEL = {
  openai: "gpt-5",
  openai_responses: "gpt-5",
  gemini: "gemini-2.5-pro",
  anthropic: "claude-opus-4-6",
} as const;
type Target = keyof typeof UPSTREAM_MODEL;

/** Deterministic shuffles: a small LCG seeded per turn. */
function shuffler(seed: number): <T>(items: T[]) => T[] {
  let state = seed * 2654435761 % 4294967296;
  const next = () => (state = (state * 1664525 + 1013904223) % 4294967296) / 4294967296;
  return (items) => {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(next() * (i + 1));
      [out[i], out[j]] = [out[j], out[i]];
    }
    return out;
  };
}

/** The same JSON value with every object's keys in a turn-specific order. */
function shuffleKeys(value: unknown, shuffle: <T>(items: T[]) => T[]): unknown {
  if (Array.isArray(value)) return value.map((v) => shuffleKeys(v, shuffle));
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const key of shuffle(Object.keys(value))) {
    out[key] = shuffleKeys((value as Record<string, unknown>)[key], shuffle);
  }
  return out;
}

const SYSTEM_PROMPT = Array.from(
  { length: 400 },
  (_, i) => `Rule ${i}: follow the repository conventions and explain why, not what.`,
).join("\n");

const TOOLS = Array.from({ length: 24 }, (_, i) => ({
  name: `Tool${i}`,
  description: `Tool number ${i}: does one precise thing.`,
  input_schema: {
    type: "object",
    properties: {
      path: { type: "string", description: "Absolute path" },
      limit: { type: "integer", minimum: 1 },
      mode: { type: "string", enum: ["fast", "safe"] },
    },
    required: ["path"],
    additionalProperties: false,
  },
}));

/** History after `turn` completed exchanges: each adds an assistant tool call and its result. */
function history(turn: number, shuffle: <T>(items: T[]) => T[]): unknown[] {
  const messages: unknown[] = [{
    role: "user",
    content: [
      { type: "text", text: "<system-reminder>cwd: /repo</system-reminder>" },
      { type: "text", text: "Please tidy the repository." },
    ],
  }];
  for (let i = 0; i < turn; i++) {
    messages.push({
      role: "assistant",
      content: [
        { type: "text", text: `Step ${i}: reading a file.` },
        {
          type: "tool_use",
          id: `toolu_${i}`,
          name: `Tool${i % 24}`,
          input: shuffleKeys({ path: `/repo/f${i}.ts`, limit: 10, mode: "safe" }, shuffle),
        },
      ],
    });
    messages.push({
      role: "user",
      content: [
        { type: "tool_result", tool_use_id: `toolu_${i}`, content: `contents of f${i}` },
        { type: "text", text: `Continue with step ${i + 1}.` },
      ],
    });
  }
  // Claude Code moves its message breakpoint to the newest block every turn.
  const last = messages.at(-1) as { content: Record<string, unknown>[] };
  last.content[last.content.length - 1] = {
    ...last.content.at(-1),
    cache_control: { type: "ephemeral" },
  };
  return messages;
}

function clientBody(turn: number, model: string): unknown {
  const shuffle = shuffler(turn + 1);
  const suffix = (0xa00 + turn * 37).toString(16);
  return {
    model,
    max_tokens: 64000,
    stream: true,
    system: [
      {
        type: "text",
        text: `x-anthropic-billing-header: cc_version=2.1.330.${suffix}; cc_entrypoint=cli;`,
      },
      { type: "text", text: "You are a Claude agent.", cache_control: { type: "ephemeral" } },
      { type: "text", text: SYSTEM_PROMPT, cache_control: { type: "ephemeral" } },
    ],
    tools: TOOLS.map((tool) => shuffleKeys(tool, shuffle)),
    messages: history(turn, shuffle),
    metadata: {
      user_id: JSON.stringify({ device_id: "d".repeat(64), account_uuid: "", session_id: "s-1" }),
    },
    thinking: { type: "adaptive", display: "omitted" },
    output_config: { effort: "high" },
  };
}

function config(mockUrl: string) {
  const providers = (Object.keys(UPSTREAM_MODEL) as Target[]).map((type) => ({
    name: type,
    type,
    base_url: mockUrl,
    api_key: "test-key",
  }));
  const routes = (Object.keys(UPSTREAM_MODEL) as Target[]).map((type) => ({
    match: `replay-${type}`,
    match_type: "exact",
    provider: type,
    rewrite_model: UPSTREAM_MODEL[type],
  }));
  const raw = { providers, routes, prompt_cache: { openai_prompt_cache_key: "cc-replay" } };
  const validated = validateConfig(raw, "replay");
  return resolveProviders(validated, "replay", { env: () => undefined, readFile: () => "" });
}

/** Sends every turn toward `target` and returns the upstream bodies as sent, byte for byte. */
async function replay(target: Target, mockUrl: string): Promise<string[]> {
  const bodies: string[] = [];
  const handler = createHandler({
    config: config(mockUrl),
    fetch: (input, init) => {
      if (typeof init?.body === "string") bodies.push(init.body);
      return fetch(input, init);
    },
  });
  for (let turn = 0; turn < TURNS; turn++) {
    const response = await handler(
      new Request("http://gateway/v1/messages?beta=true", {
        method: "POST",
        headers: { "content-type": "application/json", "anthropic-version": "2023-06-01" },
        body: JSON.stringify(clientBody(turn, `replay-${target}`)),
      }),
    );
    const text = await response.text();
    assert.equal(response.status, 200, `${target} turn ${turn}: ${text.slice(0, 300)}`);
  }
  assert.equal(bodies.length, TURNS);
  return bodies;
}

function commonPrefixLength(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

function messagesOf(body: Record<string, unknown>): unknown[] {
  const list = body.messages ?? body.input ?? body.contents;
  assert.ok(Array.isArray(list), "upstream body has a message list");
  return list;
}

/** Where the first message that turn `prev` did not have starts in `next`'s bytes. */
function firstNewMessageOffset(prev: string, next: string): number {
  const before = messagesOf(JSON.parse(prev));
  const after = messagesOf(JSON.parse(next));
  assert.deepEqual(after.slice(0, before.length), before, "earlier messages are unchanged");
  const offset = next.indexOf(JSON.stringify(after[before.length]));
  assert.ok(offset > 0, "the new message is found in the body");
  return offset;
}

const measured: Record<string, string> = {};
const NO_MESSAGES = { messages: undefined, input: undefined, contents: undefined };

for (const target of TARGETS) {
  Deno.test(`replayed Claude Code turns toward ${target} keep a byte-stable prefix`, async () => {
    const mock = await startMockUpstream();
    try {
      const bodies = await replay(target, mock.url);
      const shares: string[] = [];
      for (let turn = 1; turn < bodies.length; turn++) {
        const [prev, next] = [bodies[turn - 1], bodies[turn]];
        const shared = commonPrefixLength(prev, next);
        // The byte before the new message is "," in `next` and "]" in `prev`.
        assert.equal(shared, firstNewMessageOffset(prev, next) - 1, `${target} turn ${turn}`);
        shares.push(`${shared}/${prev.length} (${(100 * shared / prev.length).toFixed(1)}%)`);
      }
      // Fields outside the message list (system, tools, settings) sit after the messages in
      // some wires (Gemini `systemInstruction`, Chat `tools`): they must not move either.
      const rest = bodies.map((b) => JSON.stringify({ ...JSON.parse(b), ...NO_MESSAGES }));
      assert.equal(new Set(rest).size, 1, "every non-message field is identical across turns");
      for (const body of bodies) {
        assert.ok(!body.includes("x-anthropic-billing-header"), "billing header stripped");
        assert.ok(!body.includes("cache_control"), "no Anthropic marker");
        assert.ok(!body.includes("session_id"), "no session id");
      }
      if (target !== "gemini") {
        const keys = bodies.map((b) => JSON.parse(b).prompt_cache_key);
        assert.match(keys[0], /^cc-replay-[0-9a-f]{12}-[0-9a-f]{12}$/);
        assert.deepEqual(new Set(keys).size, 1, "prompt_cache_key identical across turns");
      }
      measured[target] = shares.join(", ");
      console.log(`shared prefix toward ${target}: ${measured[target]}`);
    } finally {
      await mock.close();
    }
  });
}

function cacheControlPaths(value: unknown, path = "$"): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => cacheControlPaths(v, `${path}[${i}]`));
  if (value === null || typeof value !== "object") return [];
  return Object.entries(value).flatMap(([k, v]) =>
    k === "cache_control" ? [path] : cacheControlPaths(v, `${path}.${k}`)
  );
}

Deno.test("replayed Claude Code turns toward anthropic carry at most 4 breakpoints, where described", async () => {
  const mock = await startMockUpstream();
  try {
    const bodies = await replay("anthropic", mock.url);
    bodies.forEach((text, turn) => {
      const body = JSON.parse(text);
      const paths = cacheControlPaths(body);
      const lastMessage = body.messages.length - 1;
      const lastBlock = body.messages[lastMessage].content.length - 1;
      assert.deepEqual(
        paths.sort(),
        [
          `$.messages[${lastMessage}].content[${lastBlock}]`,
          "$.system[1]",
          "$.system[2]",
          "$.tools[23]",
        ].sort(),
        `turn ${turn}`,
      );
      assert.ok(text.includes("x-anthropic-billing-header"), "kept toward Anthropic");
    });
  } finally {
    await mock.close();
  }
});
