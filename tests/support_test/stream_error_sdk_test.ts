/**
 * SCENARIO:stream_error, judged by each official SDK: the in-stream error frame of each
 * protocol must surface as that SDK's error (or failed response), never as a clean answer.
 */
import assert from "node:assert/strict";
import Anthropic from "@anthropic-ai/sdk";
import { GoogleGenAI } from "@google/genai";
import OpenAI from "openai";
import { MOCK } from "../support/mock_upstream/mod.ts";
import { withMock } from "./with_mock.ts";

const prompt = "SCENARIO:stream_error";

Deno.test("each SDK surfaces the mock's in-stream error frame", async () => {
  await withMock(async (mock) => {
    const openai = new OpenAI({ apiKey: "dummy", baseURL: `${mock.url}/v1`, maxRetries: 0 });
    const chat = openai.chat.completions.stream({
      model: "m",
      messages: [{ role: "user", content: prompt }],
      stream: true,
    });
    await assert.rejects(chat.finalChatCompletion(), new RegExp(MOCK.streamError));

    const responses = openai.responses.stream({ model: "m", input: prompt, stream: true });
    const failed = await responses.finalResponse();
    assert.equal(failed.status, "failed");
    assert.equal(failed.error?.message, MOCK.streamError);

    const anthropic = new Anthropic({ apiKey: "dummy", baseURL: mock.url, maxRetries: 0 });
    const messages = anthropic.messages.stream({
      model: "c",
      max_tokens: 9,
      messages: [{ role: "user", content: prompt }],
    });
    messages.on("error", () => {});
    await assert.rejects(messages.finalMessage(), new RegExp(MOCK.streamError));

    const genai = new GoogleGenAI({
      apiKey: "dummy",
      httpOptions: { baseUrl: mock.url, apiVersion: "v1beta" },
    });
    await assert.rejects(async () => {
      const contents = [{ role: "user", parts: [{ text: prompt }] }];
      for await (const _ of await genai.models.generateContentStream({ model: "g", contents })) {
        // drain
      }
    }, new RegExp(MOCK.streamError));
  });
});
