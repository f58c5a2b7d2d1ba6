/**
 * OpenAI's error envelope, shared by Chat Completions and Responses:
 * `{"error": {"message", "type", "param", "code"}}`.
 *
 * @module
 */
import { MOCK } from "./scenario.ts";
import type { ErrorPlan } from "./types.ts";

export function openAIErrorEnvelope(plan: ErrorPlan): unknown {
  switch (plan.errorKind) {
    case "invalid_request":
      return envelope(plan.message, "invalid_request_error", null);
    case "rate_limit":
      return envelope(plan.message, "requests", "rate_limit_exceeded");
    case "overloaded":
      return envelope(plan.message, "server_error", "server_is_overloaded");
  }
}

/** Chat has no standard mid-stream error; OpenAI sends an `error` object as a data frame. */
export function openAIStreamErrorEnvelope(): unknown {
  return envelope(MOCK.streamError, "server_error", null);
}

function envelope(message: string, type: string, code: string | null) {
  return { error: { message, type, param: null, code } };
}
