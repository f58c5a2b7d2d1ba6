/**
 * docs/compatibility.md "Open protocols", Chat Completions client: values the decoder does not
 * know reach an OpenAI upstream verbatim and are left out, with a warning, for the others.
 */
import assert from "node:assert/strict";
import { PROTOCOLS, translate } from "../../../support/translate.ts";

const OTHERS = PROTOCOLS.filter((p) => p !== "openai");

function openCase(
  name: string,
  body: unknown,
  check: (upstream: Record<string, unknown>) => void,
  warning: string,
  trace: string,
) {
  Deno.test(`Chat client: ${name} passes to OpenAI and is dropped with a warning elsewhere`, () => {
    const same = translate("openai", body, "openai");
    check(same.body);
    assert.deepEqual(same.warnings, []);
    for (const target of OTHERS) {
      const other = translate("openai", body, target);
      assert.ok(other.warnings.includes(warning), `${target}: ${other.warnings.join(", ")}`);
      assert.ok(!JSON.stringify(other.body).includes(trace), `${target} body holds ${trace}`);
    }
  });
}

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
