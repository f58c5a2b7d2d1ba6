/**
 * `previous_response_id` toward upstreams that cannot resolve it.
 *
 * A Responses upstream keeps its own history, so the id passes through untouched. Any other
 * upstream gets the earlier turns themselves, read from the gateway's response store under the
 * caller's scope; an id the store does not know is a 400, never silently dropped. As in the API,
 * the earlier request's `instructions` are not carried over. Exchanges are recorded unless the
 * client sent `store: false` (Codex does, and never sends `previous_response_id`).
 *
 * @module
 */
import type { Message, ToolCallBlock } from "../../../ir/content.ts";
import { invalidRequest } from "../../../ir/error.ts";
import { assertToolResultsAnswerCalls } from "../../../ir/tool_pairs.ts";
import type { IrResponse } from "../../../ir/response.ts";
import type { DecodedRequest, HistoryAccess } from "../../entry.ts";
import type { ResponsesWire } from "./decode_request.ts";
import { optionalString } from "../../../json/fields.ts";
import { responsesExtensions } from "./extensions.ts";

/** How long a response stays resolvable by `previous_response_id`. */
export const HISTORY_TTL_MS = 60 * 60 * 1000;

export interface StoredConversation {
  messages: Message[];
}

export function historyKey(scope: string, responseId: string): string {
  return `responses:${scope}:${responseId}`;
}

export async function resolveResponsesHistory(
  decoded: DecodedRequest,
  history: HistoryAccess,
): Promise<DecodedRequest> {
  if (history.upstreamProtocol === "openai_responses") return decoded;
  const ext = responsesExtensions(decoded.ir.extensions);
  const unknown = ext.unknownItemTypes?.[0];
  if (unknown !== undefined) {
    throw invalidRequest(
      `input item type "${unknown}" can only be forwarded to an OpenAI Responses upstream; ` +
        `this model is routed to a ${history.upstreamProtocol} upstream`,
      "input",
    );
  }
  const previousId = optionalString(ext.fields?.previous_response_id, "previous_response_id");
  if (previousId === undefined) {
    assertToolResultsAnswerCalls(decoded.ir.messages);
    return decoded;
  }
  const stored = await history.store.get<StoredConversation>(historyKey(history.scope, previousId));
  if (!stored) {
    throw invalidRequest(
      `previous_response_id "${previousId}" not found: responses are kept for ` +
        `${HISTORY_TTL_MS / 60000} minutes, per API key, and only when store is not false`,
      "previous_response_id",
    );
  }
  const messages = [...structuredClone(stored.messages), ...decoded.ir.messages];
  nameToolResults(messages);
  assertToolResultsAnswerCalls(messages);
  return { ...decoded, ir: { ...decoded.ir, messages } };
}

export async function recordResponsesHistory(
  decoded: DecodedRequest,
  response: IrResponse,
  responseId: string,
  history: HistoryAccess,
): Promise<void> {
  if (history.upstreamProtocol === "openai_responses") return;
  if ((decoded.wire as Partial<ResponsesWire>).store === false) return;
  const answer = response.content.filter((b) => b.type !== "tool_result");
  const messages: Message[] = [...decoded.ir.messages];
  if (answer.length > 0) messages.push({ role: "assistant", content: answer });
  await history.store.set<StoredConversation>(
    historyKey(history.scope, responseId),
    { messages },
    HISTORY_TTL_MS,
  );
}

/** Tool outputs that answer a call from the stored turns learn the call's name (Gemini needs it). */
function nameToolResults(messages: Message[]): void {
  const calls = new Map<string, ToolCallBlock>();
  for (const message of messages) {
    for (const block of message.content) {
      if (block.type === "tool_call") calls.set(block.id, block);
      if (block.type === "tool_result" && block.name === undefined) {
        const call = calls.get(block.callId);
        if (call) {
          block.name = call.name;
          if (call.kind === "custom") block.kind = "custom";
        }
      }
    }
  }
}
