/**
 * The Responses wire shapes both sides of ferryllm write with a fixed type. Only what the
 * encoders build is typed; what the decoders read is checked field by field with lib/json, and
 * the output items are built in client/output_items.ts.
 * Reference: https://platform.openai.com/docs/api-reference/responses/object
 *
 * @module
 */

/** A finished response's `status` and `incomplete_details`. */
export interface ResponsesStatus {
  status: "completed" | "incomplete" | "failed";
  incomplete_details: { reason: string } | null;
}

/** `usage`: cached tokens inside `input_tokens`, reasoning tokens inside `output_tokens`. */
export type ResponsesUsage = {
  input_tokens: number;
  input_tokens_details: { cached_tokens: number; cache_write_tokens: number };
  output_tokens: number;
  output_tokens_details: { reasoning_tokens: number };
  total_tokens: number;
};
