/**
 * The small logger interface everything in the gateway writes through; `logger.ts` backs it with
 * LogTape, tests with an array.
 *
 * @module
 */

/** A logger the pipeline writes through; implementations decide format and level. */
export interface GatewayLogger {
  debug(message: string, properties?: Record<string, unknown>): void;
  info(message: string, properties?: Record<string, unknown>): void;
  warn(message: string, properties?: Record<string, unknown>): void;
  error(message: string, properties?: Record<string, unknown>): void;
  /**
   * False when lines of `level` go nowhere, so a caller can skip building their properties.
   * Absent: assume they are written.
   */
  enabled?(level: GatewayLogLevel): boolean;
}

export type GatewayLogLevel = "debug" | "info" | "warn" | "error";

/** True unless the logger says lines of `level` are dropped. */
export function logs(log: GatewayLogger, level: GatewayLogLevel): boolean {
  return log.enabled?.(level) ?? true;
}

export const silentLogger: GatewayLogger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
};
