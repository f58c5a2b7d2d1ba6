import assert from "node:assert/strict";
import { sampleRequest } from "../../lib/dashboard/sample_request.ts";
import type { ProtocolId } from "../../lib/ir/content.ts";
import { anthropicEntry } from "../../lib/protocols/anthropic/client/mod.ts";
import type { Entry } from "../../lib/protocols/entry.ts";
import { geminiEntry } from "../../lib/protocols/gemini/client/mod.ts";
import { openaiEntry } from "../../lib/protocols/openai/client/mod.ts";
import { responsesEntry } from "../../lib/protocols/openai_responses/client/mod.ts";

const ENTRIES: Record<ProtocolId, Entry> = {
  openai: openaiEntry,
  openai_responses: responsesEntry,
  anthropic: anthropicEntry,
  gemini: geminiEntry,
};

for (const [protocol, entry] of Object.entries(ENTRIES) as [ProtocolId, Entry][]) {
  Deno.test(`sampleRequest builds a ${protocol} body its entry decodes with every feature`, () => {
    const body = JSON.parse(JSON.stringify(sampleRequest(protocol, "m-1", {
      stream: true,
      tools: true,
      images: true,
      thinking: true,
      inputTokens: 1000,
    })));
    const { ir } = entry.decodeRequest(body, {
      url: new URL("http://route-tester/"),
      headers: new Headers(),
      params: protocol === "gemini" ? { model: "m-1", action: "streamGenerateContent" } : {},
    });
    assert.equal(ir.model, "m-1");
    assert.deepEqual(ir.tools?.map((t) => t.name), ["get_weather"]);
    const parts = JSON.stringify(ir.messages);
    assert.match(parts, /"image"/);
    assert.ok(ir.reasoning !== undefined, "thinking asked for");
    assert.ok(parts.length > 3000, "about 1000 tokens of prompt");
    if (protocol !== "gemini") assert.equal(ir.stream, true);

    const plain = sampleRequest(protocol, "m-1", {});
    const decoded = entry.decodeRequest(JSON.parse(JSON.stringify(plain)), {
      url: new URL("http://route-tester/"),
      headers: new Headers(),
      params: protocol === "gemini" ? { model: "m-1", action: "generateContent" } : {},
    }).ir;
    assert.equal(decoded.tools?.length ?? 0, 0);
    assert.equal(decoded.reasoning, undefined);
  });
}
