/**
 * Anthropic `thinking` + `output_config` → IR reasoning control and response format.
 *
 * `thinking: {type: "enabled", budget_tokens}` → mode enabled + budget; `{type: "adaptive",
 * display?}` → mode adaptive (`display: "omitted"` → includeThoughts false, `"summarized"` →
 * true); `{type: "disabled"}` → mode disabled; `output_config.effort` → effort. A thinking type
 * the IR does not know is kept verbatim for Anthropic upstreams (returned as `unknownThinking`).
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
import { unknownFields } from "./wire_fields.ts";

export interface DecodedReasoning {
  reasoning?: ReasoningControl;
  responseFormat?: ResponseFormat;
  /** A `thinking` object of a type the IR does not model, kept verbatim. */
  unknownThinking?: JsonObject;
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
      readDisplay(t, reasoning);
    } else if (type === "adaptive") {
      reasoning.mode = "adaptive";
      readDisplay(t, reasoning);
    } else if (type === "disabled") {
      reasoning.mode = "disabled";
    } else {
      out.unknownThinking = t;
    }
  }
  if (outputConfig !== undefined && outputConfig !== null) {
    const oc = expectObject(outputConfig, "output_config");
    const effort = optionalString(oc.effort, "output_config.effort");
    if (effort !== undefined) reasoning.effort = parseEffort(effort);
    if (oc.format !== undefined && oc.format !== null) {
      out.responseFormat = decodeFormat(expectObject(oc.format, "output_config.format"));
    }
    out.outputConfigExtra = unknownFields(oc, ["effort", "format"]);
  }
  if (Object.keys(reasoning).length > 0) out.reasoning = reasoning;
  return out;
}

function readDisplay(t: JsonObject, reasoning: ReasoningControl): void {
  const display = optionalString(t.display, "thinking.display");
  if (display === "omitted") reasoning.includeThoughts = false;
  else if (display === "summarized") reasoning.includeThoughts = true;
  else if (display !== undefined) {
    throw invalidRequest(
      `thinking.display: expected "summarized" or "omitted"`,
      "thinking.display",
    );
  }
}

function parseEffort(value: string): Effort {
  const effort = value === "x_high" ? "xhigh" : value;
  if (!(EFFORTS as readonly string[]).includes(effort)) {
    throw invalidRequest(
      `output_config.effort: expected one of low, medium, high, xhigh, max; got "${value}"`,
      "output_config.effort",
    );
  }
  return effort as Effort;
}

function decodeFormat(format: JsonObject): ResponseFormat {
  const type = expectString(format.type, "output_config.format.type");
  if (type !== "json_schema") {
    throw invalidRequest(
      `output_config.format.type: expected "json_schema", got "${type}"`,
      "output_config.format.type",
    );
  }
  return {
    type: "json_schema",
    schema: expectObject(format.schema, "output_config.format.schema"),
  };
}
