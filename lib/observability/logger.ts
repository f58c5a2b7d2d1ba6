/**
 * Logging through LogTape (runtime-agnostic, no dependencies) behind the small `GatewayLogger`
 * interface the pipeline writes to. `configureLogging` is called at start and on every reload,
 * so level and format follow the config.
 *
 * Text lines read `2025-01-01T00:00:00.000Z INFO message key=value …`; JSON lines are one object
 * per line with the properties flattened in.
 *
 * @module
 */
import {
  configureSync,
  type FormattedValues,
  getAnsiColorFormatter,
  getJsonLinesFormatter,
  getLogger,
  getTextFormatter,
  type LogLevel,
  type LogRecord,
  type Sink,
  type TextFormatter,
} from "@logtape/logtape";
import type { Config } from "../config/schema.ts";
import type { GatewayLogger, GatewayLogLevel } from "./gateway_logger.ts";
import { boundedText } from "./bounded_text.ts";

export type LoggingSettings = Config["logging"];

const CATEGORY = ["ferryllm"];

/** Where formatted lines go: the console by default, an array in tests. */
export type LineWriter = (line: string, level: LogLevel) => void;

const consoleWriter: LineWriter = (line, level) => {
  // Keep stdout for data-ish lines and stderr for trouble, as most log shippers expect.
  if (level === "error" || level === "fatal" || level === "warning") console.error(line);
  else console.log(line);
};

/** (Re)configures LogTape for the gateway and returns the logger the pipeline uses. */
export function configureLogging(
  settings: LoggingSettings,
  write: LineWriter = consoleWriter,
): GatewayLogger {
  const format = formatterFor(settings);
  const sink: Sink = (record) => write(format(record).replace(/\r?\n$/, ""), record.level);
  configureSync({
    reset: true,
    sinks: { out: sink },
    loggers: [
      { category: CATEGORY, lowestLevel: toLogTapeLevel(settings.level), sinks: ["out"] },
      { category: ["logtape", "meta"], lowestLevel: "warning", sinks: ["out"] },
    ],
  });
  return gatewayLogger();
}

/** The gateway logger over whatever LogTape configuration is current. */
export function gatewayLogger(): GatewayLogger {
  const logger = getLogger(CATEGORY);
  // A dropped line costs only the level check: its properties are not walked.
  const enabled = (level: GatewayLogLevel) => logger.isEnabledFor(toLogTapeLevel(level));
  return {
    debug: (message, properties) => {
      if (enabled("debug")) logger.debug(message, capped(properties));
    },
    info: (message, properties) => {
      if (enabled("info")) logger.info(message, capped(properties));
    },
    warn: (message, properties) => {
      if (enabled("warn")) logger.warn(message, capped(properties));
    },
    error: (message, properties) => {
      if (enabled("error")) logger.error(message, capped(properties));
    },
    enabled,
  };
}

/**
 * Longest string property a log line carries. Fields that reach a log are capped where they are
 * made (`bounded_text.ts`); this is the backstop, so no client string can make a line huge.
 * `body` and `text` are the opt-in debug fields (`log_bodies`, `log_relocated_system_text`).
 */
const MAX_PROPERTY_CHARS = 1_000;
const OPT_IN_FIELDS = new Set(["body", "text"]);

function capped(properties: Record<string, unknown> | undefined): Record<string, unknown> {
  if (!properties) return {};
  let out: Record<string, unknown> | undefined;
  for (const [key, value] of Object.entries(properties)) {
    if (typeof value !== "string" || value.length <= MAX_PROPERTY_CHARS) continue;
    if (OPT_IN_FIELDS.has(key)) continue;
    out ??= { ...properties };
    out[key] = boundedText(value, MAX_PROPERTY_CHARS);
  }
  return out ?? properties;
}

function toLogTapeLevel(level: LoggingSettings["level"] | GatewayLogLevel): LogLevel {
  return level === "warn" ? "warning" : level;
}

function formatterFor(settings: LoggingSettings): TextFormatter {
  if (settings.format === "json") {
    return getJsonLinesFormatter({ properties: "flatten", message: "rendered" });
  }
  const options = {
    timestamp: "rfc3339" as const,
    level: "FULL" as const,
    format: textLine,
  };
  return settings.ansi ? getAnsiColorFormatter(options) : getTextFormatter(options);
}

function textLine(values: FormattedValues): string {
  const props = renderProperties(values.record);
  return `${values.timestamp} ${values.level.padEnd(5)} ${values.message}${
    props ? ` ${props}` : ""
  }`;
}

/** logfmt-style `key=value`, quoting only values that need it. */
function renderProperties(record: LogRecord): string {
  return Object.entries(record.properties)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${key}=${renderValue(value)}`)
    .join(" ");
}

function renderValue(value: unknown): string {
  const text = typeof value === "string" ? value : JSON.stringify(value) ?? String(value);
  // Quote anything a reader could mistake for a separator, and escape control characters so a
  // value can never forge a second log line.
  if (/^[A-Za-z0-9_.:\/@+\-]+$/.test(text)) return text;
  return JSON.stringify(text);
}
