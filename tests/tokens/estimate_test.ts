import assert from "node:assert/strict";
import { countTokens } from "gpt-tokenizer";
import {
  estimateTokens,
  IMAGE_TOKENS,
  loadTokenCounter,
  MESSAGE_OVERHEAD_TOKENS,
} from "../../lib/tokens/estimate.ts";
import type { Message } from "../../lib/ir/content.ts";
import type { IrRequest } from "../../lib/ir/request.ts";

const counter = await loadTokenCounter();
const estimate = (request: IrRequest) => estimateTokens(request, counter);

function ir(extra: Partial<IrRequest> = {}): IrRequest {
  return { model: "m", system: [], messages: [], tools: [], stream: false, ...extra };
}

function userText(text: string): Message {
  return { role: "user", content: [{ type: "text", text }] };
}

Deno.test("estimateTokens counts a short message with the o200k tokenizer", () => {
  assert.equal(estimate(ir({ messages: [userText("hello")] })), 1 + MESSAGE_OVERHEAD_TOKENS);
  assert.equal(estimate(ir()), 0);
});

Deno.test("estimateTokens is plausible for English prose: about 4 characters per token", () => {
  const prose = "The quick brown fox jumps over the lazy dog while the gateway counts tokens. "
    .repeat(50);
  const tokens = estimate(ir({ system: [{ type: "text", text: prose }] }));
  assert.ok(tokens > prose.length / 6 && tokens < prose.length / 3, String(tokens));
});

Deno.test("estimateTokens grows with every part of the request", () => {
  const base = ir({ messages: [userText("question")] });
  const n = estimate(base);
  const withSystem = estimate({ ...base, system: [{ type: "text", text: "Be brief." }] });
  const withTool = estimate({
    ...base,
    tools: [{ name: "Read", inputSchema: { type: "object" } }],
  });
  const withTurn = estimate({
    ...base,
    messages: [...base.messages, { role: "assistant", content: [{ type: "text", text: "ok" }] }],
  });
  const withImage = estimate({
    ...base,
    messages: [{
      role: "user",
      content: [{
        type: "image",
        source: { kind: "base64", mediaType: "image/png", data: "AAAA" },
      }],
    }, ...base.messages],
  });
  assert.ok(withSystem > n && withTool > n && withTurn > n);
  assert.equal(withImage, n + IMAGE_TOKENS + MESSAGE_OVERHEAD_TOKENS);
});

Deno.test("estimateTokens is monotonic as a conversation grows", () => {
  let messages: Message[] = [];
  let last = estimate(ir({ messages }));
  for (let i = 0; i < 10; i++) {
    messages = [...messages, userText(`turn ${i} `.repeat(i + 1))];
    const next = estimate(ir({ messages }));
    assert.ok(next > last, `turn ${i}`);
    last = next;
  }
});

Deno.test("estimateTokens counts tool calls and results, and ignores key order", () => {
  const call = (input: Record<string, unknown>): Message => ({
    role: "assistant",
    content: [{ type: "tool_call", id: "c", name: "Bash", input }],
  });
  const a = estimate(ir({ messages: [call({ command: "ls -la", timeout: 5 })] }));
  const b = estimate(ir({ messages: [call({ timeout: 5, command: "ls -la" })] }));
  assert.equal(a, b);
  assert.equal(
    a,
    MESSAGE_OVERHEAD_TOKENS + countTokens("Bash") + countTokens('{"command":"ls -la","timeout":5}'),
  );
  const result = estimate(ir({
    messages: [{
      role: "user",
      content: [{
        type: "tool_result",
        callId: "c",
        content: [{ type: "text", text: "file.txt" }],
      }],
    }],
  }));
  assert.equal(result, MESSAGE_OVERHEAD_TOKENS + countTokens("file.txt"));
});

Deno.test("estimateTokens does not throw on special-token text in the prompt", () => {
  const tokens = estimate(ir({ messages: [userText("a <|endoftext|> b")] }));
  assert.ok(tokens > MESSAGE_OVERHEAD_TOKENS);
});
