/**
 * Responses `status` / `incomplete_details.reason` ⇄ IR stop, both directions.
 * https://platform.openai.com/docs/api-reference/responses/object
 *
 * Tool calls in the output win over `completed`: Responses has no tool-call status of its own.
 *
 * @module
 */
import type { StopInfo } from "../../ir/stop.ts";
import { isObject } from "../../json/fields.ts";
import type { ResponsesStatus } from "./wire.ts";

export function mapResponsesStop(
  response: Record<string, unknown>,
  sawToolCall: boolean,
): StopInfo {
  const status = typeof response.status === "string" ? response.status : "completed";
  const details = isObject(response.incomplete_details) ? response.incomplete_details : undefined;
  const reason = typeof details?.reason === "string" ? details.reason : undefined;
  if (status === "incomplete") {
    if (reason === "content_filter") return { reason: "refusal", raw: reason };
    return { reason: "max_tokens", raw: reason ?? status };
  }
  if (sawToolCall) return { reason: "tool_use", raw: status };
  return { reason: "end_turn", raw: status };
}

/** IR stop → Responses `status` and `incomplete_details`. */
export function responseStatus(stop: StopInfo): ResponsesStatus {
  switch (stop.reason) {
    case "end_turn":
    case "stop_sequence":
    case "tool_use":
    case "pause_turn":
      return { status: "completed", incomplete_details: null };
    case "max_tokens":
    case "context_exceeded":
      return { status: "incomplete", incomplete_details: { reason: "max_output_tokens" } };
    case "refusal":
      return { status: "incomplete", incomplete_details: { reason: "content_filter" } };
    case "error":
      return { status: "failed", incomplete_details: null };
    default:
      stop.reason satisfies never;
      return { status: "completed", incomplete_details: null };
  }
}
