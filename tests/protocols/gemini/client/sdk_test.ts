/**
 * The judge: the official `@google/genai` SDK reads what the Gemini entry writes.
 */
import assert from "node:assert/strict";
import { ApiError, GoogleGenAI } from "@google/genai";
import { geminiEntry } from "../../../../lib/protocols/gemini/client/mod.ts";
import { GatewayError } from "../../../../lib/ir/error.ts";
import type { IrStreamEvent } from "../../../../lib/ir/events.ts";
import type { IrResponse } from "../../../../lib/ir/response.ts";
import { responseToEvents } from "../../../../lib/ir/replay.ts";
import { textStream } from "../../../../lib/streaming/chunks.ts";
import { entryContext } from "./_context.ts";

const RESPONSE: IrResponse = {
  id: "msg_1",
  model: "upstream-model",
  content: [
    { type: "text", text: "Let me check the weather in Paris." },
    { type: "tool_call", id: "toolu_1", name: "get_weather", input: { city: "Paris" } },
  ],
  stop: { reason: "tool_use" },
  usage: {
    inputTokens: 40,
    outputTokens: 12,
    cacheReadTokens: 8,
    cacheWriteTokens: 0,
    reasoningTokens: 0,
  },
};

interface Served {
  paths: string[];
  baseUrl: string;
  close: () => Promise<void>;
}

function serve(events: () => AsyncIterable<IrStreamEvent>): Served {
  const paths: string[] = [];
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, async (req) => {
    const url = new URL(req.url);
    paths.push(url.pathname + url.search);
    const match = /^\/(v1|v1beta)\/models\/([^/:]+):(\w+)$/.exec(url.pathname);
    if (!match) return new Response("not found", { status: 404 });
    try {
      const decoded = geminiEntry.decodeRequest(await req.json(), {
        url,
        headers: req.headers,
        params: { model: match[2], action: match[3] },
      });
      const ctx = entryContext(decoded);
      if (!decoded.ir.stream) {
        return Response.json(geminiEntry.encodeResponse(RESPONSE, ctx));
      }
      const encoded = geminiEntry.encodeStream(events(), ctx);
      return new Response(textStream(encoded.chunks), {
        headers: { "content-type": encoded.contentType },
      });
    } catch (error) {
      const encoded = geminiEntry.encodeError(error as GatewayError);
      return Response.json(encoded.body, { status: encoded.status, headers: encoded.headers });
    }
  });
  return {
    paths,
    baseUrl: `http://127.0.0.1:${server.addr.port}`,
    close: () => server.shutdown(),
  };
}

async function* replay(): AsyncGenerator<IrStreamEvent> {
  yield* responseToEvents(RESPONSE, 6);
}

const REQUEST = {
  model: "gemini-2.5-flash",
  contents: "What is the weather in Paris?",
  config: {
    tools: [{
      functionDeclarations: [{
        name: "get_weather",
        parametersJsonSchema: { type: "object", properties: { city: { type: "string" } } },
      }],
    }],
  },
};

for (const apiVersion of [undefined, "v1beta"]) {
  Deno.test(`@google/genai generateContentStream reads the entry's SSE (apiVersion ${apiVersion ?? "default"})`, async () => {
    const served = serve(replay);
    try {
      const ai = new GoogleGenAI({
        apiKey: "x",
        httpOptions: { baseUrl: served.baseUrl, apiVersion },
      });
      const chunks = [];
      for await (const chunk of await ai.models.generateContentStream(REQUEST)) chunks.push(chunk);
      assert.ok(chunks.length > 2);
      const text = chunks.map((c) => c.text ?? "").join("");
      assert.equal(text, "Let me check the weather in Paris.");
      const last = chunks.at(-1)!;
      assert.deepStrictEqual(last.functionCalls, [{
        id: "toolu_1",
        name: "get_weather",
        args: { city: "Paris" },
      }]);
      assert.equal(last.candidates?.[0].finishReason, "STOP");
      assert.equal(last.usageMetadata?.promptTokenCount, 40);
      assert.equal(last.usageMetadata?.cachedContentTokenCount, 8);
      assert.equal(last.usageMetadata?.totalTokenCount, 52);
      assert.match(
        served.paths[0],
        new RegExp(
          `^/${
            apiVersion ?? "v1(beta)?"
          }/models/gemini-2\\.5-flash:streamGenerateContent\\?alt=sse$`,
        ),
      );
    } finally {
      await served.close();
    }
  });
}

Deno.test("@google/genai generateContent reads the entry's response", async () => {
  const served = serve(replay);
  try {
    const ai = new GoogleGenAI({ apiKey: "x", httpOptions: { baseUrl: served.baseUrl } });
    const response = await ai.models.generateContent(REQUEST);
    assert.equal(response.text, "Let me check the weather in Paris.");
    assert.deepStrictEqual(response.functionCalls, [{
      id: "toolu_1",
      name: "get_weather",
      args: { city: "Paris" },
    }]);
    assert.equal(response.usageMetadata?.candidatesTokenCount, 12);
    assert.equal(response.responseId, "resp_test");
    assert.equal(response.modelVersion, "gemini-2.5-flash");
  } finally {
    await served.close();
  }
});

Deno.test("@google/genai raises the entry's mid-stream error frame as an ApiError", async () => {
  const served = serve(async function* () {
    yield { type: "message_start", id: "m", model: "x" };
    yield { type: "block_start", index: 0, block: { type: "text" } };
    yield { type: "text_delta", index: 0, text: "partial" };
    yield { type: "text_delta", index: 0, text: " more" };
    yield {
      type: "error",
      error: new GatewayError({
        status: 503,
        kind: "upstream_unavailable",
        message: "upstream went away",
      }),
    };
  });
  try {
    const ai = new GoogleGenAI({ apiKey: "x", httpOptions: { baseUrl: served.baseUrl } });
    const seen: string[] = [];
    await assert.rejects(
      async () => {
        for await (const chunk of await ai.models.generateContentStream(REQUEST)) {
          seen.push(chunk.text ?? "");
        }
      },
      (error: unknown) => {
        assert.ok(error instanceof ApiError);
        assert.equal(error.status, 503);
        assert.match(error.message, /upstream went away/);
        return true;
      },
    );
    assert.deepStrictEqual(seen, ["partial", " more"]);
  } finally {
    await served.close();
  }
});

Deno.test("@google/genai raises a 400 from decodeGeminiRequest as an ApiError", async () => {
  const served = serve(replay);
  try {
    const ai = new GoogleGenAI({ apiKey: "x", httpOptions: { baseUrl: served.baseUrl } });
    await assert.rejects(
      () => ai.models.generateContent({ ...REQUEST, config: { candidateCount: 2 } }),
      (error: unknown) => {
        assert.ok(error instanceof ApiError);
        assert.equal(error.status, 400);
        assert.match(error.message, /candidateCount/);
        return true;
      },
    );
  } finally {
    await served.close();
  }
});
