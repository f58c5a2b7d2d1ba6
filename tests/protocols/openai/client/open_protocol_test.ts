/**
 * docs/compatibility.md "Open protocols", Chat Completions client: values the decoder does not
 * know reach an OpenAI upstream verbatim and are left out, with a warning, for the others.
 */
import assert from "node:assert/strict";
import { openCasesFor } from "../../../support/open_case.ts";

const openCase = openCasesFor("openai", "Chat", "OpenAI");

openCase(
  "a user content part type it does not know (input_audio)",
  {
    model: "gpt-5",
    messages: [{
      role: "user",
      content: [
        { type: "text", text: "listen" },
        { type: "input_audio", input_audio: { data: "aud9", format: "wav" } },
      ],
    }],
  },
  (b) =>
    assert.deepEqual((b.messages as { content: unknown[] }[])[0].content[1], {
      type: "input_audio",
      input_audio: { data: "aud9", format: "wav" },
    }),
  "messages[].content[]{type: input_audio}",
  "aud9",
);

openCase(
  "a tool type it does not know",
  {
    model: "gpt-5",
    messages: [{ role: "user", content: "x" }],
    tools: [
      { type: "function", function: { name: "f", parameters: { type: "object" } } },
      { type: "custom", custom: { name: "apply_patch_q7" } },
    ],
  },
  (b) =>
    assert.deepEqual((b.tools as unknown[])[1], {
      type: "custom",
      custom: { name: "apply_patch_q7" },
    }),
  "tools[non-function tools]",
  "apply_patch_q7",
);

openCase(
  "a tool_choice mode it does not know",
  {
    model: "gpt-5",
    messages: [{ role: "user", content: "x" }],
    tools: [{ type: "function", function: { name: "f" } }],
    tool_choice: "whenever",
  },
  (b) => assert.equal(b.tool_choice, "whenever"),
  "tool_choice",
  "whenever",
);

openCase(
  "a reasoning_effort it does not know",
  { model: "gpt-5", messages: [{ role: "user", content: "x" }], reasoning_effort: "ultra" },
  (b) => assert.equal(b.reasoning_effort, "ultra"),
  "reasoning_effort",
  "ultra",
);

openCase(
  "a response_format type it does not know",
  {
    model: "gpt-5",
    messages: [{ role: "user", content: "x" }],
    response_format: { type: "grammar", grammar: "g-55" },
  },
  (b) => assert.deepEqual(b.response_format, { type: "grammar", grammar: "g-55" }),
  "response_format",
  "g-55",
);
