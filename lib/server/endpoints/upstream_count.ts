/**
 * A token count asked of the upstream itself (Anthropic `count_tokens`, Gemini `:countTokens`,
 * Responses `input_tokens`), under `request_timeout_secs` like any upstream call (the fetch is
 * aborted on timeout or when the client leaves), its failures mapped as for model requests:
 * unreachable or reset → 502, timeout → 504, an upstream error in its own protocol, and a 200
 * that is not a count → 502. The upstream's answer goes back as it came.
 *
 * @module
 */
import { GatewayError } from "../../ir/error.ts";
import { parseUpstreamJson } from "../../streaming/json_data.ts";
import { connectError } from "../pipeline/call_target.ts";
import type { GatewayDeps } from "../deps.ts";
import { deadline, timeoutError } from "../resilience/timeouts.ts";

export interface UpstreamCount {
  url: string;
  headers: Record<string, string>;
  body: string;
  providerName: string;
  /** The upstream protocol's error decoder. */
  decodeError(status: number, text: string, headers: Headers): GatewayError;
  /** The numeric field a count answer must hold (`input_tokens`, `totalTokens`). */
  countField: string;
}

export async function countAtUpstream(
  count: UpstreamCount,
  signal: AbortSignal,
  deps: GatewayDeps,
): Promise<Response> {
  const timeoutSecs = deps.runtime().config.server.request_timeout_secs;
  const limit = deadline(
    signal,
    timeoutSecs * 1000,
    () => timeoutError(timeoutSecs, "the upstream token count"),
  );
  try {
    let upstream: Response;
    try {
      upstream = await deps.fetch(count.url, {
        method: "POST",
        headers: count.headers,
        body: count.body,
        signal: limit.signal,
      });
    } catch (error) {
      throw connectError(error, count.providerName, limit.signal);
    }
    let text: string;
    try {
      text = await upstream.text();
    } catch (error) {
      throw connectError(error, count.providerName, limit.signal, true);
    }
    if (!upstream.ok) throw count.decodeError(upstream.status, text, upstream.headers);
    const counted = parseUpstreamJson(text, "upstream token count");
    const tokens = (counted as Record<string, unknown> | null)?.[count.countField];
    if (typeof tokens !== "number") {
      throw new GatewayError({
        status: 502,
        kind: "api_error",
        message: `${count.providerName} answered a token count without ${count.countField}`,
      });
    }
    return Response.json(counted);
  } finally {
    limit.dispose();
  }
}
