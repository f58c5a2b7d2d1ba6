/**
 * The Responses `response` object around the output items: what `responses.create` returns and
 * what the lifecycle stream events carry. Request fields are echoed back as the API does.
 *
 * @module
 */
import type { EntryContext } from "../../entry.ts";
import type { ResponsesWire } from "./decode_request.ts";

export interface ResponseState {
  id: string;
  createdAt: number;
  status: "in_progress" | "completed" | "incomplete" | "failed";
  output: Record<string, unknown>[];
  usage?: Record<string, unknown>;
  incompleteDetails?: { reason: string } | null;
  error?: { code: string; message: string } | null;
}

/** The id the client sees: the upstream's own when it is a Responses upstream too. */
export function clientResponseId(upstreamId: string | undefined, ctx: EntryContext): string {
  return ctx.upstreamProtocol === "openai_responses" && upstreamId ? upstreamId : ctx.responseId;
}

export function responseObject(state: ResponseState, ctx: EntryContext): Record<string, unknown> {
  const echo = (ctx.wire as Partial<ResponsesWire>).echo ?? {};
  const body: Record<string, unknown> = {
    id: state.id,
    object: "response",
    created_at: state.createdAt,
    status: state.status,
    error: state.error ?? null,
    incomplete_details: state.incompleteDetails ?? null,
    instructions: echo.instructions ?? null,
    max_output_tokens: echo.max_output_tokens ?? null,
    metadata: echo.metadata ?? {},
    model: ctx.clientModel,
    output: state.output,
    parallel_tool_calls: echo.parallel_tool_calls ?? true,
    previous_response_id: echo.previous_response_id ?? null,
    reasoning: echo.reasoning ?? { effort: null, summary: null },
    store: echo.store ?? true,
    temperature: echo.temperature ?? null,
    text: echo.text ?? { format: { type: "text" } },
    tool_choice: echo.tool_choice ?? "auto",
    tools: echo.tools ?? [],
    top_p: echo.top_p ?? null,
    truncation: echo.truncation ?? "disabled",
  };
  if (echo.prompt_cache_key !== undefined) body.prompt_cache_key = echo.prompt_cache_key;
  if (echo.user !== undefined) body.user = echo.user;
  if (state.usage) body.usage = state.usage;
  return body;
}
