/**
 * The `base_url` rule: a provider's `base_url` may be given with or without its version segment
 * (`https://host`, `https://host/v1`, `https://host/v1beta`); the endpoint path is appended
 * without doubling the segment. Any other path prefix (a proxy mount such as `/openai`) is kept.
 *
 * @module
 */
export function endpointUrl(baseUrl: string, version: string, path: string): string {
  const base = baseUrl.replace(/\/+$/, "");
  const withVersion = /\/v\d+(beta\d*|alpha\d*)?$/.test(base) ? base : `${base}/${version}`;
  return `${withVersion}/${path.replace(/^\/+/, "")}`;
}
