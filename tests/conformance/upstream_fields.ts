/**
 * Reads what a case needs from the request the mock upstream recorded, in each upstream
 * protocol's own wire fields: the model the gateway sent, its stop sequences and output cap,
 * the reasoning artifacts it replayed, and the tool-call id each mock protocol mints.
 *
 * @module
 */
import assert from "node:assert/strict";
import type { ProtocolId } from "../../lib/ir/content.ts";
import type { RecordedRequest } from "../support/mock_upstream/mod.ts";
import { UPSTREAM_MODEL } from "./gateway.ts";

type Obj = Record<string, unknown>;

const asObj = (v: unknown): Obj => (typeof v === "object" && v !== null ? v as Obj : {});
const asArr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** The tool-call id the mock mints for call `n` in each upstream protocol. */
export function mintedCallId(upstream: ProtocolId, n: number): string {
  switch (upstream) {
    case "openai":
    case "openai_responses":
      return `call_mock_${n}`;
    case "anthropic":
      return `toolu_mock_${n}`;
    case "gemini":
      return `mock-call-${n}`;
  }
}

/** The request went out in the upstream's protocol, with the route's rewritten model. */
export function assertUpstreamShape(req: RecordedRequest | undefined, upstream: ProtocolId) {
  assert.ok(req, "the upstream received a request");
  assert.equal(req.protocol, upstream, `upstream request protocol (path ${req.path})`);
  if (upstream === "gemini") {
    assert.match(req.path, new RegExp(`/models/${UPSTREAM_MODEL}:`), "model rewritten in path");
  } else {
    assert.equal(asObj(req.body).model, UPSTREAM_MODEL, "model rewritten in body");
  }
}

/** Stop sequences in the upstream's field, or undefined when the field is absent. */
export function upstreamStopSequences(req: RecordedRequest, upstream: ProtocolId): unknown {
  const body = asObj(req.body);
  switch (upstream) {
    case "openai":
      return body.stop;
    case "openai_responses":
      return body.stop;
    case "anthropic":
      return body.stop_sequences;
    case "gemini":
      return asObj(body.generationConfig).stopSequences;
  }
}

/** The output-token cap in the upstream's field. */
export function upstreamMaxTokens(req: RecordedRequest, upstream: ProtocolId): unknown {
  const body = asObj(req.body);
  switch (upstream) {
    case "openai":
      return body.max_completion_tokens ?? body.max_tokens;
    case "openai_responses":
      return body.max_output_tokens;
    case "anthropic":
      return body.max_tokens;
    case "gemini":
      return asObj(body.generationConfig).maxOutputTokens;
  }
}

/**
 * Reasoning artifacts replayed in the upstream's native field: Anthropic thinking `signature`,
 * Responses reasoning `encrypted_content`, Gemini part `thoughtSignature`. Chat has none.
 */
export function replayedArtifacts(req: RecordedRequest, upstream: ProtocolId): string[] {
  const body = asObj(req.body);
  const strings = (values: unknown[]) => values.filter((v): v is string => typeof v === "string");
  switch (upstream) {
    case "openai":
      return [];
    case "openai_responses":
      return strings(
        asArr(body.input).filter((i) => asObj(i).type === "reasoning").map((i) =>
          asObj(i).encrypted_content
        ),
      );
    case "anthropic":
      return strings(
        asArr(body.messages).flatMap((m) => asArr(asObj(m).content))
          .filter((b) => asObj(b).type === "thinking").map((b) => asObj(b).signature),
      );
    case "gemini":
      return strings(
        asArr(body.contents).flatMap((c) => asArr(asObj(c).parts)).map((p) =>
          asObj(p).thoughtSignature
        ),
      );
  }
}

/** The whole body as text, to prove something appears nowhere in it. */
export function bodyText(req: RecordedRequest): string {
  return JSON.stringify(req.body);
}
