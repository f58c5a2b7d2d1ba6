/**
 * The gateway's real logger (LogTape, JSON lines, debug level) writing into memory and, when
 * `FERRYLLM_LOG_CAPTURE_DIR` is set, into a file there, so CI can scan every line the suite
 * produced (`tests/log_scan.ts`): no key, no prompt text, no answer text.
 *
 * @module
 */
import { configureLogging } from "../../lib/observability/logger.ts";
import type { GatewayLogger } from "../../lib/server/deps.ts";

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
  const file = dir ? `${dir}/${crypto.randomUUID()}.log` : undefined;
  const log = configureLogging(
    { level: "debug", format: "json", ansi: false, log_bodies: false },
    (line) => {
      lines.push(line);
      if (file) Deno.writeTextFileSync(file, `${line}\n`, { append: true });
    },
  );
  captured = { log, lines };
  return captured;
}
