/**
 * Anthropic `thinking` + `output_config` → IR reasoning control and response format.
 *
 * `thinking: {type: "enabled", budget_tokens}` → mode enabled + budget; `{type: "adaptive",
 * display?}` → mode adaptive (`display: "omitted"` → includeThoughts false, `"summarized"` →
 * true); `{type: "disabled"}` → mode disabled; `output_config.effort` → effort. Values the IR
 * does not know are never an error (docs/compatibility.md, "Open protocols"): a thinking type is
 * kept whole (`unknownThinking`), an unknown `display`, `effort` or format type is kept verbatim
 * (`thinkingExtra`, `outputConfigExtra`) for Anthropic upstreams and left out for the others.
 *
 * @module
 */
import {
  type Effort,
  EFFORTS,
  type ReasoningControl,
  type ResponseFormat,
} from "../../../ir/request.ts";
import { invalidRequest } from "../../../ir/error.ts";
import {
  expectObject,
  expectString,
  type JsonObject,
  optionalNumber,
  optionalString,
} from "../../../json/fields.ts";
import { unknownFields } from "../wire.ts";

export interface DecodedReasoning {
  reasoning?: ReasoningControl;
  responseFormat?: ResponseFormat;
  /** A `thinking` object of a type the IR does not model, kept verbatim. */
  unknownThinking?: JsonObject;
  /** `thinking` fields of a known type with values the IR does not model (`display`). */
  thinkingExtra?: JsonObject;
  /** `output_config` fields besides `effort` and `format`, kept verbatim. */
  outputConfigExtra?: JsonObject;
}

export function decodeAnthropicReasoning(
  thinking: unknown,
  outputConfig: unknown,
): DecodedReasoning {
  const out: DecodedReasoning = {};
  const reasoning: ReasoningControl = {};
  if (thinking !== undefined && thinking !== null) {
    const t = expectObject(thinking, "thinking");
    const type = expectString(t.type, "thinking.type");
    if (type === "enabled") {
      reasoning.mode = "enabled";
      const budget = optionalNumber(t.budget_tokens, "thinking.budget_tokens");
      if (budget === undefined) {
        throw invalidRequest("thinking.budget_tokens: required when type is enabled");
      }
      reasoning.budgetTokens = budget;
      out.thinkingExtra = readDisplay(t, reasoning);
    } else if (type === "adaptive") {
      reasoning.mode = "adaptive";
      out.thinkingExtra = readDisplay(t, reasoning);
    } else if (type === "disabled") {
      reasoning.mode = "disabled";
    } else {
      out.unknownThinking = t;
    }
  }
  if (outputConfig !== undefined && outputConfig !== null) {
    const oc = expectObject(outputConfig, "output_config");
    const known: string[] = [];
    const effort = parseEffort(optionalString(oc.effort, "output_config.effort"));
    if (effort !== undefined) {
      reasoning.effort = effort;
      known.push("effort");
    }
    if (oc.format !== undefined && oc.format !== null) {
      out.responseFormat = decodeFormat(expectObject(oc.format, "output_config.format"));
      if (out.responseFormat) known.push("format");
    }
    out.outputConfigExtra = unknownFields(oc, known);
  }
  if (Object.keys(reasoning).length > 0) out.reasoning = reasoning;
  return out;
}

/** `display` → includeThoughts; a display the IR does not know is returned verbatim. */
function readDisplay(t: JsonObject, reasoning: ReasoningControl): JsonObject | undefined {
  const display = optionalString(t.display, "thinking.display");
  if (display === "omitted") reasoning.includeThoughts = false;
  else if (display === "summarized") reasoning.includeThoughts = true;
  else if (display !== undefined) return { display };
  return undefined;
}

/** A known effort (`x_high` read as `xhigh`), or undefined for one the IR does not know. */
function parseEffort(value: string | undefined): Effort | undefined {
  if (value === undefined) return undefined;
  const effort = value === "x_high" ? "xhigh" : value;
  return (EFFORTS as readonly string[]).includes(effort) ? effort as Effort : undefined;
}

/** `json_schema` → IR format; another type is not an error, it stays in `outputConfigExtra`. */
function decodeFormat(format: JsonObject): ResponseFormat | undefined {
  const type = expectString(format.type, "output_config.format.type");
  if (type !== "json_schema") return undefined;
  return {
    type: "json_schema",
    schema: expectObject(format.schema, "output_config.format.schema"),
  };
}
