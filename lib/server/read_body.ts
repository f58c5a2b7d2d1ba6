/**
 * Reads a JSON request body with a size cap, failing with typed errors (413, 400) that the
 * entry turns into its own protocol's error shape.
 *
 * @module
 */
import { GatewayError, invalidRequest } from "../ir/error.ts";
import { assertJsonDepth } from "../json/bounded_json.ts";

export async function readJsonBody(request: Request, limitBytes: number): Promise<unknown> {
  const declared = Number(request.headers.get("content-length") ?? "NaN");
  if (Number.isFinite(declared) && declared > limitBytes) throw tooLarge(limitBytes);
  if (!request.body) throw invalidRequest("request body is empty: expected a JSON object");
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body.getReader();
  while (true) {
    const { value, done } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limitBytes) {
      await reader.cancel();
      throw tooLarge(limitBytes);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  const text = new TextDecoder().decode(bytes);
  if (text.trim() === "") throw invalidRequest("request body is empty: expected a JSON object");
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    const detail = error instanceof SyntaxError ? error.message : "unparseable";
    throw invalidRequest(`request body is not valid JSON: ${detail.slice(0, 200)}`);
  }
  // Every later step may walk the body recursively: bound its depth once, here.
  assertJsonDepth(body, "the request body");
  return body;
}

function tooLarge(limitBytes: number): GatewayError {
  return new GatewayError({
    status: 413,
    kind: "request_too_large",
    message: `request body exceeds the limit of ${Math.round(limitBytes / 1048576)} MB`,
    local: true,
  });
}
