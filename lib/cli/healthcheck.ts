/**
 * `ferryllm healthcheck`: the binary probes a gateway's `/healthz` itself, so a container
 * HEALTHCHECK needs no curl in a minimal image.
 *
 * @module
 */

export const DEFAULT_HEALTHCHECK_URL = "http://127.0.0.1:3000/healthz";

/** Resolves with 0 when the URL answers 2xx within `timeoutMs`, else 1 (with the reason). */
export async function probeHealth(
  url: string,
  timeoutMs: number,
  report: (line: string) => void,
  fetchFn: typeof fetch = fetch,
): Promise<number> {
  try {
    const response = await fetchFn(url, { signal: AbortSignal.timeout(timeoutMs) });
    await response.body?.cancel();
    if (response.ok) return 0;
    report(`unhealthy: ${url} answered ${response.status}`);
    return 1;
  } catch (error) {
    report(`unhealthy: ${url}: ${error instanceof Error ? error.message : error}`);
    return 1;
  }
}
