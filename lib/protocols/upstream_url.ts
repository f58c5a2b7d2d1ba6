/**
 * The one URL builder every upstream adapter uses. Values a client chose (a model name) are
 * encoded as exactly one path segment, and the finished URL is proven to stay under the
 * provider's `base_url`: same origin, same path prefix, only the query the adapter asked for.
 * Without this, a model name such as `x/../../admin#` sent the provider's key to another path on
 * the provider's host (or to another provider sharing it).
 *
 * @module
 */
import { GatewayError, invalidRequest } from "../ir/error.ts";
import { endpointUrl } from "./endpoint_url.ts";

/**
 * `{base_url}/{version}/{template}` with each `{name}` in `template` replaced by the encoded
 * value of `values[name]`, plus `query`.
 *
 * @example
 * ```ts
 * upstreamUrl("https://g.example/v1beta", "v1beta", "models/{model}:generateContent",
 *   { model: "a/../b" }); // "https://g.example/v1beta/models/a%2F..%2Fb:generateContent"
 * ```
 */
export function upstreamUrl(
  baseUrl: string,
  version: string,
  template: string,
  values: Record<string, string> = {},
  query: Record<string, string> = {},
): string {
  const key = JSON.stringify([baseUrl, version, template, values, query]);
  const known = built.get(key);
  if (known !== undefined) return known;
  const url = buildUrl(baseUrl, version, template, values, query);
  // A client-chosen model can be long: such URLs are built each time rather than kept, so the
  // map stays within MAX_BUILT × MAX_KEY_CHARS whatever clients send.
  if (key.length > MAX_KEY_CHARS) return url;
  if (built.size >= MAX_BUILT) built.clear();
  built.set(key, url);
  return url;
}

/**
 * URLs already built and proven, by their inputs: every request to a provider asks for the same
 * one, and the proof parses two URLs. Gemini puts the (client-chosen) model in the path, so the
 * map is bounded; past the bound it starts over.
 */
const built = new Map<string, string>();
const MAX_BUILT = 1024;
const MAX_KEY_CHARS = 2048;

/** How many URLs are kept and how many characters their keys hold (for the bound's test). */
export function builtUrlFootprint(): { urls: number; chars: number } {
  let chars = 0;
  for (const key of built.keys()) chars += key.length;
  return { urls: built.size, chars };
}

function buildUrl(
  baseUrl: string,
  version: string,
  template: string,
  values: Record<string, string>,
  query: Record<string, string>,
): string {
  const path = template.replace(/\{(\w+)\}/g, (_all, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`upstreamUrl: no value for {${name}}`);
    return pathSegment(name, value);
  });
  const search = new URLSearchParams(query).toString();
  const url = endpointUrl(baseUrl, version, path) + (search ? `?${search}` : "");
  assertUnderBase(url, baseUrl, search);
  return url;
}

/**
 * A client value as one path segment: `/`, `?`, `#`, `@`, `%` and anything outside the
 * unreserved set are percent-encoded. Dot segments (which URL parsers collapse even when
 * encoded) and strings that are not valid Unicode are refused as the client's error.
 */
export function pathSegment(name: string, value: string): string {
  if (value === "" || /^(\.|%2e){1,2}$/i.test(value)) {
    throw invalidRequest(`${name} "${value}" cannot be used in an upstream URL`, name);
  }
  try {
    return encodeURIComponent(value);
  } catch {
    throw invalidRequest(`${name} is not valid UTF-8 text`, name);
  }
}

/** The containment proof: a URL that left the base is the gateway's bug, never sent. */
function assertUnderBase(built: string, baseUrl: string, search: string): void {
  const url = new URL(built);
  const base = new URL(baseUrl);
  const prefix = base.pathname.endsWith("/") ? base.pathname : `${base.pathname}/`;
  const contained = url.origin === base.origin && url.pathname.startsWith(prefix) &&
    url.search === (search ? `?${search}` : "") && url.hash === "" &&
    url.username === base.username && url.password === base.password;
  if (!contained) {
    throw new GatewayError({
      status: 400,
      kind: "invalid_request",
      message: "the upstream URL would leave the provider's base_url; request refused",
      local: true,
    });
  }
}
