/**
 * Tool results must answer a call: every result names a call id that the assistant turn before
 * it made. Providers reject anything else with errors that are hard to read ("unexpected
 * tool_use_id", "tool_calls must be followed by tool messages"), so the gateway checks first
 * and answers a clear 400 instead of forwarding a request that cannot succeed.
 *
 * @module
 */
import type { Message } from "./content.ts";
import { invalidRequest } from "./error.ts";

export function assertToolResultsAnswerCalls(messages: readonly Message[]): void {
  let calls = new Set<string>();
  messages.forEach((message, i) => {
    if (message.role === "assistant") {
      calls = new Set(message.content.flatMap((b) => (b.type === "tool_call" ? [b.id] : [])));
      return;
    }
    for (const block of message.content) {
      if (block.type !== "tool_result") continue;
      if (block.callId === "") {
        throw invalidRequest(`messages[${i}]: a tool result has an empty call id`, "messages");
      }
      if (!calls.has(block.callId)) {
        throw invalidRequest(
          `messages[${i}]: tool result for call "${block.callId}" answers no tool call of the ` +
            "assistant turn before it",
          "messages",
        );
      }
    }
  });
}
