/**
 * Makes a `deno bundle` output runnable from an http(s) URL (`deno run https://…/ferryllm.js`).
 *
 * CommonJS packages in the bundle (ioredis and its helpers `require` Node built-ins) make Deno's
 * bundler emit `createRequire(import.meta.url)` at the top. `createRequire` accepts only file
 * paths and file URLs, so the bundle throws before `main` when it was loaded from http. Every
 * `require` in the bundle names a Node built-in (or is an optional package inside a try), which
 * any file base resolves, so a file URL stands in for a remote one.
 *
 * @module
 */

const CREATE_REQUIRE = "__deno_internal_createRequire(import.meta.url)";
const URL_SAFE =
  '__deno_internal_createRequire(import.meta.url.startsWith("file:") ? import.meta.url : "file:///")';

/** The bundle's text with its `createRequire` base made valid for remote URLs. */
export function urlSafeBundle(code: string): string {
  return code.replaceAll(CREATE_REQUIRE, URL_SAFE);
}
