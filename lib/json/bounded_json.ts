/**
 * The one bound on JSON shape. Client JSON is walked recursively in several places (the Gemini
 * schema sanitizer, canonical JSON for cache keys and token estimates, decoders); a body nested
 * 10,000 levels deep overflowed the stack in whichever came first and surfaced as a 500, or
 * worse as an upstream failure. Request bodies are checked here once, right after parsing, by a
 * walk that stops past the limit; the recursive walkers also check the depth they reach, so none
 * of them can overflow.
 *
 * @module
 */
import { type GatewayError, invalidRequest } from "../ir/error.ts";

/**
 * Deepest nesting of arrays and objects accepted anywhere in a request body. Real requests
 * (tool schemas included) stay under ~30; the stack holds thousands.
 */
export const MAX_JSON_DEPTH = 128;

/**
 * The nesting depth of `value` (0 for a scalar); stops past `stop`. Recursive, but never deeper
 * than `stop` + 1 calls, whatever the value's nesting, so it cannot overflow the stack; and it
 * allocates nothing, since it runs over every request body.
 */
export function jsonDepth(value: unknown, stop = MAX_JSON_DEPTH): number {
  return depthBelow(value, 0, stop);
}

function depthBelow(value: unknown, depth: number, stop: number): number {
  if (value === null || typeof value !== "object") return depth;
  const here = depth + 1;
  if (here > stop) return here;
  let deepest = here;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length && deepest <= stop; i++) {
      deepest = Math.max(deepest, depthBelow(value[i], here, stop));
    }
    return deepest;
  }
  for (const key in value) {
    deepest = Math.max(deepest, depthBelow((value as Record<string, unknown>)[key], here, stop));
    if (deepest > stop) break;
  }
  return deepest;
}

/** The 400 for a client value nested past the limit; `what` names the value. */
export function tooDeep(what: string): GatewayError {
  return invalidRequest(
    `${what} is nested more than ${MAX_JSON_DEPTH} levels deep (the gateway's JSON depth limit)`,
  );
}

/** Throws the 400 when client JSON nests past `MAX_JSON_DEPTH`. */
export function assertJsonDepth(value: unknown, what: string): void {
  if (jsonDepth(value) > MAX_JSON_DEPTH) throw tooDeep(what);
}

/** For recursive walkers: call with the depth about to be entered. */
export function checkWalkDepth(depth: number, what: string): void {
  if (depth > MAX_JSON_DEPTH) throw tooDeep(what);
}
