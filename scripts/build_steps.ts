/**
 * The build steps `deno task build`, `deno task release` and `deno task image` share: the
 * runtime packages in node_modules (so bun resolves them), the build stamp (version, commit,
 * date), single binaries from `bun build --compile`, and SHA256SUMS.
 *
 * @module
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { VERSION } from "../lib/version.ts";

export const ROOT = new URL("../", import.meta.url).pathname.replace(/\/$/, "");

/** A release target: bun's `--target` and the file suffix users download. */
export interface Target {
  bun: string;
  name: string;
  exe: boolean;
}

export const TARGETS: Target[] = [
  { bun: "bun-linux-x64", name: "linux-x64", exe: false },
  { bun: "bun-linux-arm64", name: "linux-arm64", exe: false },
  { bun: "bun-darwin-x64", name: "darwin-x64", exe: false },
  { bun: "bun-darwin-arm64", name: "darwin-arm64", exe: false },
  { bun: "bun-windows-x64", name: "windows-x64", exe: true },
];

/** The target this machine runs. */
export function hostTarget(): Target {
  const os = Deno.build.os === "windows"
    ? "windows"
    : Deno.build.os === "darwin"
    ? "darwin"
    : "linux";
  const arch = Deno.build.arch === "aarch64" ? "arm64" : "x64";
  const found = TARGETS.find((t) => t.name === `${os}-${arch}`);
  if (!found) throw new Error(`no release target for ${os}-${arch}`);
  return found;
}

export interface Stamp {
  version: string;
  commit: string;
  date: string;
}

/** Runs a command in the repo; throws with its output on failure, returns stdout. */
export async function sh(command: string, args: string[], quiet = false): Promise<string> {
  if (!quiet) console.log(`$ ${command} ${args.join(" ")}`);
  const out = await new Deno.Command(command, { args, cwd: ROOT, stdout: "piped", stderr: "piped" })
    .output();
  const text = new TextDecoder().decode(out.stdout);
  if (!out.success) {
    throw new Error(
      `${command} ${args.join(" ")} exited ${out.code}\n${text}${
        new TextDecoder().decode(out.stderr)
      }`,
    );
  }
  return text;
}

/** Version from lib/version.ts, commit from git ("unknown" outside a checkout), date now (UTC). */
export async function buildStamp(): Promise<Stamp> {
  let commit = "unknown";
  try {
    commit = (await sh("git", ["rev-parse", "--short=12", "HEAD"], true)).trim();
  } catch { /* not a git checkout: a source tarball */ }
  return { version: VERSION, commit, date: new Date().toISOString().replace(/\.\d+Z$/, "Z") };
}

/**
 * Makes sure node_modules holds the runtime packages, where bun resolves imports. A developer's
 * tree (after `deno install`) already does, and is left alone; in a fresh clone, only the runtime
 * packages are installed (`deno task start` itself uses Deno's global cache instead).
 */
export async function installRuntimePackages(): Promise<void> {
  const runtime = JSON.parse(readFileSync(`${ROOT}/deno.runtime.json`, "utf8"));
  const present = Object.keys(runtime.imports).every((name) =>
    existsSync(`${ROOT}/node_modules/${name}/package.json`)
  );
  if (present) return;
  await sh(Deno.execPath(), [
    "cache",
    "--quiet",
    "--config",
    "deno.runtime.json",
    "--node-modules-dir=auto",
    "main.ts",
  ]);
}

/** The defines that `lib/build_info.ts` reads. */
export function stampDefines(stamp: Stamp): string[] {
  return [
    "--define",
    `FERRYLLM_COMMIT=${JSON.stringify(stamp.commit)}`,
    "--define",
    `FERRYLLM_BUILD_DATE=${JSON.stringify(stamp.date)}`,
  ];
}

/**
 * How the single binary is built. Minified ESM with JavaScriptCore bytecode compiled in: the
 * binary's startup is mostly evaluating its bundle, and bytecode skips parsing it (spawn →
 * `/readyz` about 40 % faster, idle memory a few MB lower). Bytecode works for every target
 * (it is made for the Bun version the binary embeds), so cross-compiled binaries get it too.
 */
export const BINARY_BUILD_FLAGS = ["--compile", "--minify", "--bytecode", "--format=esm"];

/** One single binary for `target` at `outfile` (bun appends .exe for Windows itself). */
export async function compileBinary(target: Target, outfile: string, stamp: Stamp): Promise<void> {
  await sh("bun", [
    "build",
    ...BINARY_BUILD_FLAGS,
    `--target=${target.bun}`,
    ...stampDefines(stamp),
    "main.ts",
    "--outfile",
    outfile,
  ]);
}

/** `sha256sum`-format lines ("<hex>  <name>") for the files, by base name. */
export function sha256sums(paths: string[]): string {
  return paths.map((path) => {
    const hex = createHash("sha256").update(readFileSync(path)).digest("hex");
    return `${hex}  ${path.split("/").pop()}\n`;
  }).join("");
}
