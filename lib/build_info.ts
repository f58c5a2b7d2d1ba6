/**
 * What `ferryllm version` reports besides the version: the commit and build date a release
 * binary was built from. `deno task release` fills them in (bun `--define` for the binaries, a
 * prepended declaration for the bundle); a source checkout reports "source".
 *
 * @module
 */
import { VERSION } from "./version.ts";

declare const FERRYLLM_COMMIT: string | undefined;
declare const FERRYLLM_BUILD_DATE: string | undefined;

export interface BuildInfo {
  version: string;
  commit: string;
  buildDate: string;
}

export function buildInfo(): BuildInfo {
  return {
    version: VERSION,
    commit: typeof FERRYLLM_COMMIT === "string" ? FERRYLLM_COMMIT : "source",
    buildDate: typeof FERRYLLM_BUILD_DATE === "string" ? FERRYLLM_BUILD_DATE : "source",
  };
}

/** The runtime the process is on, e.g. `deno 2.9.6` or `bun 1.4.4`. */
export function runtimeName(): string {
  const bun = (globalThis as { Bun?: { version: string } }).Bun;
  if (bun) return `bun ${bun.version}`;
  const deno = (globalThis as { Deno?: { version: { deno: string } } }).Deno;
  return deno ? `deno ${deno.version.deno}` : "unknown runtime";
}
