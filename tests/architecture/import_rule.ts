/**
 * The import rule of lib/protocols, as data and one pure checker, so the test can run it over
 * the real tree and over a synthetic violation.
 *
 * - A protocol folder (`lib/protocols/<p>/**`) imports only `lib/ir/`, `lib/json/`,
 *   `lib/streaming/`, its own folder, and the root contracts `lib/protocols/*.ts` (`entry.ts`,
 *   `adapter.ts`, `upstream_url.ts`, `endpoint_url.ts`): the contracts are what a protocol
 *   implements and belong to no protocol, so they count as allowed.
 * - The root contracts import `lib/ir/`, `lib/json/`, `lib/streaming/`, each other, and *types
 *   only* from `lib/config/` and `lib/state/` (the provider row and the state store an entry or
 *   adapter is handed). They never import a protocol folder.
 * - The registry (`lib/protocols/registry.ts`) is the one file that knows every protocol: besides
 *   what a contract may import, it imports each protocol's `client/mod.ts` and `upstream/mod.ts`
 *   (their public doors), nothing deeper.
 * - Nothing under lib/protocols imports lib/server/ (implied: it is in no allowed list).
 * - Package specifiers (`npm:`, bare names mapped in deno.json, `node:`) are not part of the rule.
 *
 * @module
 */
import { dirname, join, normalize, relative, sep } from "node:path";

export interface ImportSite {
  /** Repository-relative path of the importing file (`lib/protocols/gemini/wire.ts`). */
  file: string;
  specifier: string;
  typeOnly: boolean;
}

export interface Violation extends ImportSite {
  /** The repository-relative file the specifier resolves to. */
  target: string;
  reason: string;
}

const SHARED = ["lib/ir/", "lib/json/", "lib/streaming/"];
const CONTRACT_TYPES = ["lib/config/", "lib/state/"];
const ROOT = "lib/protocols/";
const REGISTRY = "lib/protocols/registry.ts";

const IMPORT =
  /(?:^|[\n;])\s*(import|export)\s+(type\s+)?(?:[\w*{}\s,$]+?\s+from\s+)?["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g;

/** Every static and dynamic import or re-export in `source`, in order. */
export function importSites(file: string, source: string): ImportSite[] {
  const sites: ImportSite[] = [];
  for (const m of source.matchAll(IMPORT)) {
    const specifier = m[3] ?? m[4];
    sites.push({ file, specifier, typeOnly: m[2] !== undefined });
  }
  return sites;
}

/** Why `site` breaks the rule, or undefined when it is allowed. */
export function violation(site: ImportSite): Violation | undefined {
  if (!site.specifier.startsWith(".")) return undefined;
  const target = normalize(join(dirname(site.file), site.specifier)).split(sep).join("/");
  const file = site.file;
  if (!file.startsWith(ROOT)) return undefined;
  const inside = relative(ROOT, file).split(sep);
  const shared = SHARED.some((p) => target.startsWith(p));
  const isContract = (path: string) =>
    path.startsWith(ROOT) && !path.slice(ROOT.length).includes("/");
  if (inside.length === 1) {
    // A root contract, or the registry.
    if (shared || isContract(target)) return undefined;
    if (file === REGISTRY && /^lib\/protocols\/\w+\/(client|upstream)\/mod\.ts$/.test(target)) {
      return undefined;
    }
    if (site.typeOnly && CONTRACT_TYPES.some((p) => target.startsWith(p))) return undefined;
    return {
      ...site,
      target,
      reason: "a root contract may import only ir/, json/, streaming/, " +
        "other contracts, and types from config/ and state/",
    };
  }
  const own = `${ROOT}${inside[0]}/`;
  if (shared || target.startsWith(own) || isContract(target)) return undefined;
  const other = target.startsWith(ROOT) ? `another protocol (${target.split("/")[2]})` : target;
  return { ...site, target, reason: `protocol ${inside[0]} imports ${other}` };
}

/** The first violation over `files` (path → source) in path order, or undefined. */
export function firstViolation(files: ReadonlyMap<string, string>): Violation | undefined {
  for (const file of [...files.keys()].sort()) {
    for (const site of importSites(file, files.get(file)!)) {
      const found = violation(site);
      if (found) return found;
    }
  }
  return undefined;
}

/** One line naming file and specifier, for the assertion message. */
export function describe(v: Violation): string {
  return `${v.file} imports "${v.specifier}" (${v.target}): ${v.reason}`;
}
