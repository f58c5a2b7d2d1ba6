/**
 * Lenient readers for request bodies. The mock reads what it needs and ignores the rest: it
 * judges answers, not requests (tests assert on the recorded requests themselves).
 *
 * @module
 */

export type Obj = Record<string, unknown>;

export function isObj(value: unknown): value is Obj {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function objAt(value: unknown, key: string): Obj {
  return isObj(value) && isObj(value[key]) ? value[key] : {};
}

export function arrAt(value: unknown, key: string): unknown[] {
  return isObj(value) && Array.isArray(value[key]) ? value[key] : [];
}

export function strAt(value: unknown, key: string): string | undefined {
  return isObj(value) && typeof value[key] === "string" ? value[key] : undefined;
}

export function numAt(value: unknown, key: string): number | undefined {
  return isObj(value) && typeof value[key] === "number" ? value[key] : undefined;
}

/** `stop` may be a string or a list of strings. */
export function stringList(value: unknown): string[] {
  if (typeof value === "string") return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

/** Text of a string or of the `text` fields of a part list (types listed in `textTypes`). */
export function textOf(content: unknown, textTypes: string[]): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  return content
    .filter((part) => isObj(part) && textTypes.includes(String(part.type)))
    .map((part) => String((part as Obj).text ?? ""))
    .join("\n");
}

/** "image:<mediaType>:<byteLength>" from base64 data. */
export function describeBase64Image(mediaType: string, base64: string): string {
  return `image:${mediaType}:${base64ByteLength(base64)}`;
}

/** A data: URL becomes "image:<mediaType>:<bytes>", any other URL "image:url:<url>". */
export function describeImageUrl(url: string): string {
  const match = /^data:([^;,]+)(?:;[^,]*)?;base64,(.*)$/s.exec(url);
  return match ? describeBase64Image(match[1], match[2]) : `image:url:${url}`;
}

function base64ByteLength(base64: string): number {
  const clean = base64.replace(/[\s=]/g, "");
  return Math.floor(clean.length * 3 / 4);
}

/** Index of the last element matching `test`, or -1. */
export function lastIndex<T>(items: T[], test: (item: T) => boolean): number {
  for (let i = items.length - 1; i >= 0; i--) if (test(items[i])) return i;
  return -1;
}
