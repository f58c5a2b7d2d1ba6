import assert from "node:assert/strict";
import { dropForeignArtifacts, openArtifact, sealArtifact } from "../../lib/ir/artifacts.ts";
import type { Origin, ProtocolId } from "../../lib/ir/content.ts";
import fc from "fast-check";
import { assertArtifactFits } from "../conformance/artifact_fields.ts";
import type { IrRequest } from "../../lib/ir/request.ts";

const gemini: Origin = { protocol: "gemini", provider: "g", model: "gemini-3-pro" };

Deno.test("sealArtifact leaves same-protocol artifacts byte-exact", () => {
  const signature = "EqQBCkYIARgCKkD+/=";
  assert.equal(
    sealArtifact(signature, { protocol: "anthropic", provider: "a", model: "m" }, "anthropic"),
    signature,
  );
});

Deno.test("a sealed artifact opens to its artifact and origin", () => {
  const sealed = sealArtifact("c2lnbmF0dXJl", gemini, "anthropic");
  assert.notEqual(sealed, "c2lnbmF0dXJl");
  assert.deepEqual(openArtifact(sealed, "anthropic"), { artifact: "c2lnbmF0dXJl", origin: gemini });
});

Deno.test("an unsealed artifact is taken to come from the client's protocol", () => {
  assert.deepEqual(openArtifact("abc", "anthropic"), {
    artifact: "abc",
    origin: { protocol: "anthropic", provider: "", model: "" },
  });
});

Deno.test("dropForeignArtifacts keeps only what the target minted", () => {
  const ir: IrRequest = {
    model: "m",
    system: [],
    tools: [],
    stream: false,
    messages: [
      { role: "user", content: [{ type: "text", text: "hi" }] },
      {
        role: "assistant",
        content: [
          { type: "thinking", text: "mine", signature: "s1", origin: gemini },
          {
            type: "thinking",
            text: "theirs",
            signature: "s2",
            origin: { ...gemini, model: "other" },
          },
          { type: "thinking", text: "unsigned", origin: gemini },
          {
            type: "tool_call",
            id: "c",
            name: "f",
            input: {},
            thoughtSignature: "t",
            origin: { ...gemini, provider: "x" },
          },
        ],
      },
      {
        role: "assistant",
        content: [{
          type: "redacted_thinking",
          data: "zz",
          origin: { protocol: "anthropic", provider: "", model: "" },
        }],
      },
    ],
  };
  const out = dropForeignArtifacts(ir, gemini);
  assert.equal(out.messages.length, 2, "a message left empty is removed");
  assert.deepEqual(out.messages[1].content, [
    { type: "thinking", text: "mine", signature: "s1", origin: gemini },
    { type: "tool_call", id: "c", name: "f", input: {}, origin: { ...gemini, provider: "x" } },
  ]);
  assert.equal(ir.messages[1].content.length, 4, "the input is not modified");
});

Deno.test("property: for every issuer × client pair, a sealed artifact fits the client's field and opens byte-exact", () => {
  const protocols: ProtocolId[] = ["openai", "openai_responses", "anthropic", "gemini"];
  fc.assert(
    fc.property(
      fc.string({ unit: "grapheme", maxLength: 200 }),
      fc.constantFrom(...protocols),
      fc.constantFrom(...protocols),
      fc.string({ maxLength: 20 }),
      fc.string({ maxLength: 40 }),
      (artifact, issuer, client, provider, model) => {
        fc.pre(artifact !== "");
        const origin: Origin = { protocol: issuer, provider, model };
        const sealed = sealArtifact(artifact, origin, client);
        if (issuer === client) {
          assert.equal(sealed, artifact);
          return;
        }
        assertArtifactFits(client, sealed);
        assert.deepEqual(openArtifact(sealed, client), { artifact, origin });
      },
    ),
    { numRuns: 500 },
  );
});

Deno.test("a Gemini signature sealed for another client is standard base64 a Gemini SDK can decode", () => {
  const sealed = sealArtifact("CiQB0e2Kb+/x==", gemini, "anthropic");
  assert.match(sealed, /^ZmVycnkx/);
  assertArtifactFits("gemini", sealed);
  assert.deepEqual(openArtifact(sealed, "gemini"), { artifact: "CiQB0e2Kb+/x==", origin: gemini });
});

Deno.test("the first seal form (ferry1.<origin>.<artifact>) still opens", () => {
  const tag = btoa(JSON.stringify(["gemini", "g", "gemini-3-pro"])).replace(/=+$/, "");
  assert.deepEqual(openArtifact(`ferry1.${tag}.sig`, "anthropic"), {
    artifact: "sig",
    origin: gemini,
  });
});

Deno.test("an artifact that merely starts like a seal is taken as an ordinary artifact", () => {
  for (const value of ["ZmVycnkxZZZ", "ZmVycnkx", "ferry1.x.y", btoa("ferry1 not json\nz")]) {
    assert.deepEqual(openArtifact(value, "gemini").artifact, value);
  }
});
