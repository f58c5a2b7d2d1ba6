/**
 * docs/compatibility.md "Open protocols", Responses client: values the decoder does not know
 * reach a Responses upstream verbatim and are left out, with a warning, for the others.
 */
import assert from "node:assert/strict";
import { openCasesFor } from "../../../support/open_case.ts";

const openCase = openCasesFor("openai_responses", "Responses", "Responses");

openCase(
  "a content part type it does not know",
  {
    model: "gpt-5",
    input: [{
      role: "user",
      content: [{ type: "input_text", text: "hear" }, { type: "input_audio", data: "zq81" }],
    }],
  },
  (b) =>
    assert.deepEqual((b.input as { content: unknown[] }[])[0].content[1], {
      type: "input_audio",
      data: "zq81",
    }),
  "input[]{type: input_audio}",
  "zq81",
);

openCase(
  "an input item type it does not know",
  {
    model: "gpt-5",
    input: [
      { type: "compaction", encrypted_content: "enc-77" },
      { role: "user", content: "go on" },
    ],
  },
  (b) =>
    assert.deepEqual((b.input as unknown[])[0], {
      type: "compaction",
      encrypted_content: "enc-77",
    }),
  "input[]{type: compaction}",
  "enc-77",
);

openCase(
  "a reasoning effort it does not know",
  { model: "gpt-5", input: "x", reasoning: { effort: "ultra" } },
  (b) => assert.deepEqual(b.reasoning, { effort: "ultra" }),
  "reasoning.effort",
  "ultra",
);

openCase(
  "a text format type it does not know",
  { model: "gpt-5", input: "x", text: { format: { type: "grammar", syntax: "lark-9" } } },
  (b) => assert.deepEqual(b.text, { format: { type: "grammar", syntax: "lark-9" } }),
  "text.format",
  "lark-9",
);

openCase(
  "a tool_choice mode it does not know",
  {
    model: "gpt-5",
    input: "x",
    tools: [{ type: "function", name: "f", parameters: { type: "object" } }],
    tool_choice: "whenever",
  },
  (b) => assert.equal(b.tool_choice, "whenever"),
  "tool_choice",
  "whenever",
);
