/**
 * The gateway's real logger (LogTape, JSON lines, debug level) writing into memory and, when
 * `FERRYLLM_LOG_CAPTURE_DIR` is set, into a file there, so CI can scan every line the suite
 * produced (`tests/log_scan.ts`): no key, no prompt text, no answer text.
 *
 * @module
 */
import { configureLogging } from "../../lib/observability/logger.ts";
import type { GatewayLogger } from "../../lib/observability/gateway_logger.ts";

export interface CapturedLog {
  log: GatewayLogger;
  lines: string[];
}

let captured: CapturedLog | undefined;

/** One capture per test process (LogTape's configuration is global to it). */
export function capturedLog(): CapturedLog {
  if (captured) return captured;
  const lines: string[] = [];
  const dir = Deno.env.get("FERRYLLM_LOG_CAPTURE_DIR");
  const file = dir
    ? Deno.openSync(`${dir}/${crypto.randomUUID()}.log`, { create: true, append: true })
    : undefined;
  const encoder = new TextEncoder();
  const log = configureLogging(
    { level: "debug", format: "json", ansi: false, log_bodies: false },
    (line) => {
      lines.push(line);
      file?.writeSync(encoder.encode(`${line}\n`));
    },
  );
  captured = { log, lines };
  return captured;
}
