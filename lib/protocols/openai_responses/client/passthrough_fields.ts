/**
 * Top-level request fields the IR does not model, forwarded verbatim to a Responses upstream
 * (and listed as dropped toward the others in docs/compatibility.md).
 *
 * @module
 */

/** Fields the decoder maps into the IR itself; everything else is passthrough. */
const MAPPED = new Set([
  "model",
  "input",
  "instructions",
  "tools",
  "tool_choice",
  "parallel_tool_calls",
  "max_output_tokens",
  "temperature",
  "top_p",
  "user",
  "metadata",
  "reasoning",
  "text",
  "stream",
  "prompt_cache_key",
  "prompt_cache_retention",
]);

/** `store`, `include`, `previous_response_id`, `client_metadata`, `truncation`, … as sent. */
export function passthroughFields(body: Record<string, unknown>): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    if (!MAPPED.has(key) && value !== undefined) fields[key] = value;
  }
  return fields;
}
