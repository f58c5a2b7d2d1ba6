/**
 * The OTLP/JSON span shape and its attribute values, as the collector's JSON decoder reads them:
 * ids in lower-case hex, times as decimal strings of Unix nanoseconds, 64-bit integers as strings.
 *
 * @module
 */

export type OtlpValue =
  | { stringValue: string }
  | { boolValue: boolean }
  | { intValue: string }
  | { doubleValue: number }
  | { arrayValue: { values: OtlpValue[] } };

export interface OtlpAttribute {
  key: string;
  value: OtlpValue;
}

/** `SpanKind` values of the OTLP proto. */
export const SPAN_KIND = { server: 2, client: 3 } as const;
/** `Status.StatusCode` values of the OTLP proto. */
export const STATUS_CODE = { unset: 0, ok: 1, error: 2 } as const;

export interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  traceState?: string;
  name: string;
  kind: number;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes: OtlpAttribute[];
  status: { code: number; message?: string };
}

export type AttributeInput = string | number | boolean | string[] | undefined;

/** Attributes from a plain object; undefined values are left out, integers stay integers. */
export function attributes(values: Record<string, AttributeInput>): OtlpAttribute[] {
  const out: OtlpAttribute[] = [];
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined) continue;
    out.push({ key, value: otlpValue(value) });
  }
  return out;
}

function otlpValue(value: Exclude<AttributeInput, undefined>): OtlpValue {
  if (Array.isArray(value)) {
    return { arrayValue: { values: value.map((v) => ({ stringValue: v })) } };
  }
  if (typeof value === "string") return { stringValue: value };
  if (typeof value === "boolean") return { boolValue: value };
  return Number.isInteger(value) ? { intValue: String(value) } : { doubleValue: value };
}

/** Epoch milliseconds (fractional) → Unix nanoseconds as a decimal string. */
export function unixNanos(ms: number): string {
  return (BigInt(Math.round(ms * 1000)) * 1000n).toString();
}
