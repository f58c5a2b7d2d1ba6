/**
 * `ferryllm mock-upstream` flags → options. Every knob has a flag; the delay before headers can
 * also come from MOCK_DELAY_MS, so a mock started by someone else's script can be slowed down.
 *
 * @module
 */
import type { FlagValues } from "../command.ts";
import { intFlag, numberFlag, UsageError } from "../flag_checks.ts";
import { parseListen } from "../start_gateway.ts";

/** What goes wrong, for the requests the fault rate selects. */
export type MockFault =
  /** Answer this HTTP status with the protocol's error body (429 and 503 carry retry-after). */
  | { kind: "status"; status: number }
  /** Send half the body, then drop the connection. */
  | { kind: "reset" }
  /** Never send headers; the request waits until the client gives up. */
  | { kind: "hang" }
  /** Send headers and half the body, then go silent until the client gives up. */
  | { kind: "stall" };

export interface MockUpstreamOptions {
  hostname: string;
  port: number;
  /** Before the response headers. */
  delayMs: number;
  /** Between stream chunks (after the first). */
  chunkDelayMs: number;
  /** Text pieces per answer (streamed one per chunk), or tool-argument pieces in tool mode. */
  chunks: number;
  /** Answer with a tool call (to the request's first declared tool) instead of text. */
  toolCalls: boolean;
  fault?: MockFault;
  /** Fraction of requests that get the fault, spread evenly (0.1 = every tenth). */
  faultRate: number;
}

/** The flags, as main.ts's command table parses them. */
export const MOCK_UPSTREAM_FLAGS = {
  listen: { type: "string", short: "l", default: "127.0.0.1:0" },
  "delay-ms": { type: "string" },
  "chunk-delay-ms": { type: "string" },
  chunks: { type: "string" },
  "tool-calls": { type: "boolean", default: false },
  fault: { type: "string" },
  "fault-rate": { type: "string" },
} as const;

export function parseMockUpstreamFlags(
  values: FlagValues,
  env: (name: string) => string | undefined,
): MockUpstreamOptions {
  let listen: { hostname: string; port: number };
  try {
    listen = parseListen(String(values.listen ?? "127.0.0.1:0"));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  return {
    ...listen,
    delayMs: intFlag("delay-ms", values["delay-ms"] ?? env("MOCK_DELAY_MS"), 0, 0, 600_000),
    chunkDelayMs: intFlag("chunk-delay-ms", values["chunk-delay-ms"], 0, 0, 600_000),
    chunks: intFlag("chunks", values.chunks, 20, 1, 100_000),
    toolCalls: values["tool-calls"] === true,
    fault: values.fault === undefined ? undefined : parseFault(String(values.fault)),
    faultRate: numberFlag("fault-rate", values["fault-rate"], 1, 0, 1),
  };
}

function parseFault(text: string): MockFault {
  if (text === "reset" || text === "hang" || text === "stall") return { kind: text };
  const status = /^(?:status:)?(\d{3})$/.exec(text);
  if (status && Number(status[1]) >= 400 && Number(status[1]) <= 599) {
    return { kind: "status", status: Number(status[1]) };
  }
  throw new UsageError(
    `--fault must be status:CODE (400-599), reset, hang or stall, got "${text}"`,
  );
}
