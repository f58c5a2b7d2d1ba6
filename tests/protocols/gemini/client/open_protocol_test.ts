/**
 * docs/compatibility.md "Open protocols", Gemini client: values the decoder does not know reach
 * a Gemini upstream verbatim and are left out, with a warning, for the others.
 */
import assert from "node:assert/strict";
import { openCasesFor } from "../../../support/open_case.ts";

const PARAMS = { model: "gemini-3-pro", action: "generateContent" };

const openCase = openCasesFor("gemini", "Gemini", "Gemini", PARAMS);

const contents = (parts: unknown[]) => [{ role: "user", parts }];

openCase(
  "a part kind it does not know",
  { contents: contents([{ text: "run" }, { executableCode: { language: "PYTHON", code: "q9" } }]) },
  (b) =>
    assert.deepEqual((b.contents as { parts: unknown[] }[])[0].parts[1], {
      executableCode: { language: "PYTHON", code: "q9" },
    }),
  "messages[].content[]{type: executableCode}",
  "executableCode",
);

openCase(
  "an unknown field on a known part",
  { contents: contents([{ text: "look", partMetadata: { shard: "z7" } }]) },
  (b) =>
    assert.deepEqual((b.contents as { parts: unknown[] }[])[0].parts[0], {
      partMetadata: { shard: "z7" },
      text: "look",
    }),
  "messages[].content[].partMetadata",
  "z7",
);

openCase(
  "a function calling mode it does not know",
  {
    contents: contents([{ text: "x" }]),
    tools: [{ functionDeclarations: [{ name: "f" }] }],
    toolConfig: { functionCallingConfig: { mode: "SOMETIMES" } },
  },
  (b) => assert.deepEqual(b.toolConfig, { functionCallingConfig: { mode: "SOMETIMES" } }),
  "toolConfig",
  "SOMETIMES",
);

openCase(
  "a response MIME type it does not know",
  {
    contents: contents([{ text: "x" }]),
    generationConfig: { responseMimeType: "text/x.enum", responseSchema: { enum: ["a1b2"] } },
  },
  (b) => {
    const config = b.generationConfig as Record<string, unknown>;
    assert.equal(config.responseMimeType, "text/x.enum");
    assert.deepEqual(config.responseSchema, { enum: ["a1b2"] });
  },
  "generationConfig.responseMimeType",
  "x.enum",
);

openCase(
  "a thinking level it does not know",
  {
    contents: contents([{ text: "x" }]),
    generationConfig: { thinkingConfig: { thinkingLevel: "EXTREME", includeThoughts: true } },
  },
  (b) =>
    assert.deepEqual((b.generationConfig as Record<string, unknown>).thinkingConfig, {
      thinkingLevel: "EXTREME",
      includeThoughts: true,
    }),
  "generationConfig.thinkingConfig",
  "EXTREME",
);
