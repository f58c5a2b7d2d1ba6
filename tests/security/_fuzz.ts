/**
 * Generators of bad request bodies for the fuzz suite: arbitrary JSON, raw junk, broken JSON,
 * and rich valid requests of each entry with a few fields replaced by wrong types, deleted,
 * wrapped or blown up. Everything the generators draw comes from fast-check's seeded random, so a
 * failure names a seed and a path that reproduce it.
 *
 * @module
 */
import fc from "fast-check";
import type { EntryName } from "./_gateway.ts";

export type FuzzTarget = EntryName | "count_tokens";

export interface FuzzRequest {
  path: string;
  body: string;
}

const MODEL = "echo-fuzz";

/** A rich valid request per target: tools, system, images, tool calls and results. */
function template(target: FuzzTarget, stream: boolean): Record<string, unknown> {
  const tools = {
    type: "object",
    properties: { city: { type: "string" }, days: { type: "integer", minimum: 1 } },
    required: ["city"],
  };
  switch (target) {
    case "openai":
      return {
        model: MODEL,
        stream,
        messages: [
          { role: "system", content: "be brief" },
          { role: "user", content: [{ type: "text", text: "weather?" }] },
          {
            role: "assistant",
            tool_calls: [{
              id: "c1",
              type: "function",
              function: { name: "w", arguments: '{"city":"Oslo"}' },
            }],
          },
          { role: "tool", tool_call_id: "c1", content: "sunny" },
        ],
        tools: [{ type: "function", function: { name: "w", parameters: tools } }],
        max_tokens: 50,
      };
    case "openai_responses":
      return {
        model: MODEL,
        stream,
        instructions: "be brief",
        input: [
          { type: "message", role: "user", content: [{ type: "input_text", text: "hi" }] },
          { type: "function_call", call_id: "c1", name: "w", arguments: '{"city":"Oslo"}' },
          { type: "function_call_output", call_id: "c1", output: "sunny" },
        ],
        tools: [{ type: "function", name: "w", parameters: tools }],
        reasoning: { effort: "low" },
      };
    case "anthropic":
    case "count_tokens":
      return {
        model: MODEL,
        ...(target === "anthropic" ? { max_tokens: 64, stream } : {}),
        system: [{ type: "text", text: "be brief", cache_control: { type: "ephemeral" } }],
        messages: [
          { role: "user", content: "weather?" },
          {
            role: "assistant",
            content: [{ type: "tool_use", id: "t1", name: "w", input: { city: "Oslo" } }],
          },
          {
            role: "user",
            content: [
              { type: "tool_result", tool_use_id: "t1", content: "sunny" },
              { type: "image", source: { type: "base64", media_type: "image/png", data: "AA==" } },
            ],
          },
        ],
        tools: [{ name: "w", input_schema: tools }],
        thinking: { type: "enabled", budget_tokens: 1024 },
      };
    case "gemini":
      return {
        systemInstruction: { parts: [{ text: "be brief" }] },
        contents: [
          { role: "user", parts: [{ text: "weather?" }] },
          { role: "model", parts: [{ functionCall: { name: "w", args: { city: "Oslo" } } }] },
          {
            role: "user",
            parts: [{ functionResponse: { name: "w", response: { out: "sunny" } } }],
          },
        ],
        tools: [{ functionDeclarations: [{ name: "w", parameters: tools }] }],
        generationConfig: { maxOutputTokens: 50, thinkingConfig: { thinkingBudget: 128 } },
      };
  }
}

function pathOf(target: FuzzTarget, stream: boolean): string {
  switch (target) {
    case "openai":
      return "/v1/chat/completions";
    case "openai_responses":
      return "/v1/responses";
    case "anthropic":
      return "/v1/messages";
    case "count_tokens":
      return "/v1/messages/count_tokens";
    case "gemini":
      return `/v1beta/models/${MODEL}:${
        stream ? "streamGenerateContent?alt=sse" : "generateContent"
      }`;
  }
}

/** Every path to a value inside `value` (objects and arrays), root excluded. */
function paths(value: unknown, prefix: Array<string | number> = []): Array<Array<string | number>> {
  if (value === null || typeof value !== "object") return [];
  const out: Array<Array<string | number>> = [];
  const entries = Array.isArray(value)
    ? value.map((v, i) => [i, v] as const)
    : Object.entries(value);
  for (const [key, child] of entries) {
    const path = [...prefix, key];
    out.push(path, ...paths(child, path));
  }
  return out;
}

type Mutation = (parent: Record<string | number, unknown>, key: string | number) => void;

/** Values a decoder does not expect where it expects something else. */
const junkValue = fc.oneof(
  fc.constantFrom(null, true, false, 0, -1, 1e308, -0, "", "\u0000", "\uD800", [], {}, [[]], {
    "": null,
  }),
  fc.string({ maxLength: 20 }),
  fc.integer(),
  fc.double(),
  fc.jsonValue({ maxDepth: 3 }),
  fc.constant("x".repeat(5_000)),
  fc.constant({
    $ref: "#/nowhere",
    type: ["string", "null", "object"],
    anyOf: [{}, { $ref: "#" }],
  }),
);

function mutation(): fc.Arbitrary<Mutation> {
  return fc.oneof(
    junkValue.map((junk): Mutation => (parent, key) => {
      parent[key] = structuredClone(junk); // constants are shared between draws
    }),
    fc.constant<Mutation>((parent, key) => {
      if (Array.isArray(parent)) parent.splice(Number(key), 1);
      else delete parent[key];
    }),
    fc.constant<Mutation>((parent, key) => {
      parent[key] = [parent[key]];
    }),
    fc.constant<Mutation>((parent, key) => {
      parent[key] = { wrapped: parent[key] };
    }),
    fc.constant<Mutation>((parent, key) => {
      parent[key] = JSON.stringify(parent[key]) ?? "undefined";
    }),
  );
}

/** Templates as JSON text (a cheap deep copy) and their value paths, computed once. */
const templates = new Map<string, { json: string; paths: Array<Array<string | number>> }>();

function templateOf(target: FuzzTarget, stream: boolean) {
  const key = `${target}:${stream}`;
  let cached = templates.get(key);
  if (!cached) {
    const value = template(target, stream);
    cached = { json: JSON.stringify(value), paths: paths(value) };
    templates.set(key, cached);
  }
  return cached;
}

/** A valid request with one to three fields broken (a path gone by then is skipped). */
function mutated(target: FuzzTarget): fc.Arbitrary<FuzzRequest> {
  return fc.record({
    stream: fc.boolean(),
    picks: fc.array(fc.tuple(fc.nat(), mutation()), { minLength: 1, maxLength: 3 }),
  }).map(({ stream, picks }) => {
    const { json, paths: all } = templateOf(target, stream);
    const body = JSON.parse(json) as Record<string | number, unknown>;
    for (const [pick, mutate] of picks) {
      const path = all[pick % all.length];
      let parent: unknown = body;
      for (const key of path.slice(0, -1)) {
        parent = parent !== null && typeof parent === "object"
          ? (parent as Record<string | number, unknown>)[key]
          : undefined;
      }
      if (parent === null || typeof parent !== "object") continue;
      mutate(parent as Record<string | number, unknown>, path.at(-1)!);
    }
    return { path: pathOf(target, stream), body: JSON.stringify(body) ?? "" };
  });
}

/** Bodies that are not a request at all: other JSON, broken JSON, raw text, deep nesting. */
function junk(target: FuzzTarget): fc.Arbitrary<FuzzRequest> {
  const path = pathOf(target, false);
  return fc.oneof(
    fc.jsonValue({ maxDepth: 4 }).map((v) => ({ path, body: JSON.stringify(v) ?? "" })),
    fc.string({ maxLength: 200 }).map((body) => ({ path, body })),
    fc.nat({ max: 400 }).map((n) => ({
      path,
      body: JSON.stringify(template(target, false)).slice(0, n),
    })),
    fc.integer({ min: 120, max: 3_000 }).map((depth) => ({
      path,
      body: `{"model":"${MODEL}","messages":${"[".repeat(depth)}${"]".repeat(depth)}}`,
    })),
  );
}

export function badRequests(target: FuzzTarget): fc.Arbitrary<FuzzRequest> {
  return fc.oneof({ weight: 3, arbitrary: mutated(target) }, {
    weight: 1,
    arbitrary: junk(target),
  });
}
