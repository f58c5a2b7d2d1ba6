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
import { type GatewayError, invalidRequest } from "../../../ir/error.ts";
import { assertToolResultsAnswerCalls } from "../../../ir/tool_pairs.ts";
import type { IrResponse } from "../../../ir/response.ts";
import type { DecodedRequest, HistoryAccess } from "../../entry.ts";
import type { ResponsesWire } from "./decode_request.ts";
import { optionalString } from "../../../json/fields.ts";
import { responsesExtensions } from "../extensions.ts";

/** How long a response stays resolvable by `previous_response_id`. */
export const HISTORY_TTL_MS = 60 * 60 * 1000;

/**
 * One stored turn: the messages this request added (its input and the answer), and the id of the
 * turn before it. A conversation is the chain of its turns, so each turn is stored once: storing
 * the whole chain at every turn grew memory with the square of the conversation's length.
 */
export interface StoredTurn {
  parent?: string;
  messages: Message[];
}

/** Longest chain followed: a conversation of more turns than this is refused, not walked. */
export const MAX_CHAIN_TURNS = 10_000;

/** What `resolveResponsesHistory` leaves for `recordResponsesHistory` in `wire`. */
interface ResolvedChain {
  historyParent?: string;
  /** Index in `ir.messages` where this request's own messages start. */
  historyOwnFrom?: number;
}

export function historyKey(scope: string, responseId: string): string {
  return `responses:${scope}:${responseId}`;
}

export async function resolveResponsesHistory(
  decoded: DecodedRequest,
  history: HistoryAccess,
): Promise<DecodedRequest> {
  if (history.upstreamProtocol === "openai_responses") return decoded;
  // Input items and content parts of types the IR does not model reach only a Responses
  // upstream (as the raw input); here they are left out, with a translation warning.
  const ext = responsesExtensions(decoded.ir.extensions);
  const previousId = optionalString(ext.fields?.previous_response_id, "previous_response_id");
  if (previousId === undefined) {
    assertToolResultsAnswerCalls(decoded.ir.messages);
    return decoded;
  }
  const earlier = await readChain(previousId, history);
  const messages = [...earlier, ...decoded.ir.messages];
  nameToolResults(messages);
  assertToolResultsAnswerCalls(messages);
  const chain: ResolvedChain = { historyParent: previousId, historyOwnFrom: earlier.length };
  return {
    ...decoded,
    ir: { ...decoded.ir, messages },
    wire: { ...decoded.wire, ...chain },
  };
}

/** The messages of every turn up to and including `responseId`, oldest first. */
async function readChain(responseId: string, history: HistoryAccess): Promise<Message[]> {
  const turns: StoredTurn[] = [];
  let id: string | undefined = responseId;
  while (id !== undefined) {
    if (turns.length >= MAX_CHAIN_TURNS) {
      throw invalidRequest(
        `previous_response_id "${boundedId(responseId)}" starts a chain of more than ` +
          `${MAX_CHAIN_TURNS} turns; start a new conversation`,
        "previous_response_id",
      );
    }
    const turn: StoredTurn | undefined = await history.store.get<StoredTurn>(
      historyKey(history.scope, id),
    );
    if (!turn) throw notFound(responseId, id);
    // A conversation in use keeps all its turns alive, not just the newest.
    await refresh(history, historyKey(history.scope, id), turn);
    turns.push(turn);
    id = turn.parent;
  }
  return turns.reverse().flatMap((turn) => structuredClone(turn.messages));
}

function refresh(history: HistoryAccess, key: string, turn: StoredTurn): Promise<void> {
  return history.store.touch
    ? history.store.touch(key, HISTORY_TTL_MS)
    : history.store.set(key, turn, HISTORY_TTL_MS);
}

function notFound(requested: string, missing: string): GatewayError {
  const which = requested === missing
    ? ""
    : ` (an earlier turn of its conversation, "${boundedId(missing)}", has expired)`;
  return invalidRequest(
    `previous_response_id "${boundedId(requested)}" not found${which}: responses are kept for ` +
      `${HISTORY_TTL_MS / 60000} minutes, per API key, and only when store is not false`,
    "previous_response_id",
  );
}

function boundedId(id: string): string {
  return id.length > 100 ? `${id.slice(0, 100)}…` : id;
}

export async function recordResponsesHistory(
  decoded: DecodedRequest,
  response: IrResponse,
  responseId: string,
  history: HistoryAccess,
): Promise<void> {
  if (history.upstreamProtocol === "openai_responses") return;
  if ((decoded.wire as Partial<ResponsesWire>).store === false) return;
  const chain = decoded.wire as ResolvedChain;
  const answer = response.content.filter((b) => b.type !== "tool_result");
  const messages: Message[] = decoded.ir.messages.slice(chain.historyOwnFrom ?? 0);
  if (answer.length > 0) messages.push({ role: "assistant", content: answer });
  const turn: StoredTurn = chain.historyParent === undefined
    ? { messages }
    : { parent: chain.historyParent, messages };
  await history.store.set<StoredTurn>(historyKey(history.scope, responseId), turn, HISTORY_TTL_MS);
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
