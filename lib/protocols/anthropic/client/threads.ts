/**
 * Anthropic message threads (`thread: {type: "create"}` / `{type: "continue",
 * previous_message_id}`, beta `message-threads-2026-08-12`) toward upstreams that cannot hold
 * them.
 *
 * An Anthropic upstream holds its own threads: the field and the beta header pass through
 * untouched. For any other upstream the gateway holds the thread: after a `create` or
 * `continue` turn it stores the thread's full request state (system, tools, the conversation
 * with the reply) under the response id the client was given, scoped to the caller's key; a
 * `continue` is expanded into that conversation plus the new messages, with the stored system
 * and tools when the request leaves them out (as the API asks). A thread the gateway does not
 * hold is the API's own `404 not_found_error` with `details.error_code: "thread_not_found"`, on
 * which the SDK's tool runner replays the full history under a new thread.
 *
 * As in the API, a response can be continued once: continuing it moves the thread to the new
 * response id, so a thread holds one stored state however long it runs. A state larger than
 * `MAX_THREAD_BYTES` is not stored; its continuation gets `thread_not_found` and the SDK replays.
 *
 * @module
 */
import type { Message, TextBlock } from "../../../ir/content.ts";
import { GatewayError, invalidRequest } from "../../../ir/error.ts";
import type { Tool } from "../../../ir/request.ts";
import type { IrResponse } from "../../../ir/response.ts";
import { assertToolResultsAnswerCalls } from "../../../ir/tool_pairs.ts";
import { expectObject, expectString } from "../../../json/fields.ts";
import type { DecodedRequest, HistoryAccess } from "../../entry.ts";

/** How long a thread stays continuable (the API keeps one for at most an hour after last use). */
export const THREAD_TTL_MS = 60 * 60 * 1000;

/** Largest thread state kept (as JSON); a longer conversation is replayed by the client. */
export const MAX_THREAD_BYTES = 16 * 1024 * 1024;

export type ThreadRequest =
  | { type: "create" }
  | { type: "continue"; previousMessageId: string }
  | { type: "other" };

export interface StoredThread {
  system: TextBlock[];
  tools: Tool[];
  messages: Message[];
}

export function threadKey(scope: string, messageId: string): string {
  return `anthropic_thread:${scope}:${messageId}`;
}

/** The request's `thread` field, checked by the API's own rules; undefined without one. */
export function decodeThread(value: unknown): ThreadRequest | undefined {
  if (value === undefined || value === null) return undefined;
  const thread = expectObject(value, "thread");
  const type = expectString(thread.type, "thread.type");
  if (type === "create") return { type };
  if (type !== "continue") return { type: "other" }; // a newer kind: the upstream judges it
  const previousMessageId = expectString(thread.previous_message_id, "thread.previous_message_id");
  if (previousMessageId === "") {
    throw invalidRequest("thread.previous_message_id: must not be empty", "thread");
  }
  return { type, previousMessageId };
}

function threadOf(decoded: DecodedRequest): ThreadRequest | undefined {
  return decoded.wire.thread as ThreadRequest | undefined;
}

export async function resolveAnthropicThread(
  decoded: DecodedRequest,
  history: HistoryAccess,
): Promise<DecodedRequest> {
  const thread = threadOf(decoded);
  if (history.upstreamProtocol === "anthropic") return decoded;
  if (thread === undefined || thread.type === "other") return decoded;
  const ir = { ...decoded.ir, extensions: withoutThreadField(decoded.ir.extensions) };
  if (thread.type === "create") return { ...decoded, ir };
  const stored = await history.store.get<StoredThread>(
    threadKey(history.scope, thread.previousMessageId),
  );
  if (!stored) throw threadNotFound(thread.previousMessageId);
  const messages = [...structuredClone(stored.messages), ...ir.messages];
  assertToolResultsAnswerCalls(messages);
  return {
    ...decoded,
    ir: {
      ...ir,
      system: ir.system.length > 0 ? ir.system : structuredClone(stored.system),
      tools: ir.tools.length > 0 ? ir.tools : structuredClone(stored.tools),
      messages,
    },
  };
}

export async function recordAnthropicThread(
  decoded: DecodedRequest,
  response: IrResponse,
  responseId: string,
  history: HistoryAccess,
): Promise<void> {
  const thread = threadOf(decoded);
  if (thread === undefined || thread.type === "other") return;
  const answer = response.content.filter((b) => b.type !== "tool_result");
  const messages: Message[] = [...decoded.ir.messages];
  if (answer.length > 0) messages.push({ role: "assistant", content: answer });
  if (thread.type === "continue") {
    await history.store.delete(threadKey(history.scope, thread.previousMessageId));
  }
  const state: StoredThread = { system: decoded.ir.system, tools: decoded.ir.tools, messages };
  if (JSON.stringify(state).length > MAX_THREAD_BYTES) return;
  await history.store.set(threadKey(history.scope, responseId), state, THREAD_TTL_MS);
}

function threadNotFound(id: string): GatewayError {
  return new GatewayError({
    status: 404,
    kind: "not_found",
    message: `thread not found for previous_message_id "${id}": threads are kept for ` +
      `${THREAD_TTL_MS / 60000} minutes, per API key; replay the full conversation with ` +
      `thread: {"type": "create"}`,
    param: "thread.previous_message_id",
    local: true,
    details: { error_code: "thread_not_found" },
  });
}

/** The gateway serves the thread itself: the field never goes to the upstream, nor warns. */
function withoutThreadField(
  extensions: DecodedRequest["ir"]["extensions"],
): DecodedRequest["ir"]["extensions"] {
  const anthropic = extensions?.anthropic;
  if (!anthropic || !("thread" in anthropic)) return extensions;
  const { thread: _served, ...rest } = anthropic;
  return { ...extensions, anthropic: rest };
}
