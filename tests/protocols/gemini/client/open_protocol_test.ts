/**
 * docs/compatibility.md "Open protocols", Gemini client: values the decoder does not know reach
 * a Gemini upstream verbatim and are left out, with a warning, for the others.
 */
import assert from "node:assert/strict";
import { PROTOCOLS, translate } from "../../../support/translate.ts";

const OTHERS = PROTOCOLS.filter((p) => p !== "gemini");
const PARAMS = { model: "gemini-3-pro", action: "generateContent" };

function openCase(
  name: string,
  body: unknown,
  check: (upstream: Record<string, unknown>) => void,
  warning: string,
  trace: string,
) {
  Deno.test(`Gemini client: ${name} passes to Gemini and is dropped with a warning elsewhere`, () => {
    const same = translate("gemini", body, "gemini", { params: PARAMS });
    check(same.body);
    assert.deepEqual(same.warnings, []);
    for (const target of OTHERS) {
      const other = translate("gemini", body, target, { params: PARAMS });
      assert.ok(other.warnings.includes(warning), `${target}: ${other.warnings.join(", ")}`);
      assert.ok(!JSON.stringify(other.body).includes(trace), `${target} body holds ${trace}`);
    }
  });
}

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
