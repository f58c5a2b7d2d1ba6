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
}

export const silentLogger: GatewayLogger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
};
