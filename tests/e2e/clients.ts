/**
 * Running the real client CLIs (installed by `install_clients.sh` into `.cache/clients`) in
 * isolation: an empty environment apart from what each run names, a throwaway HOME, every proxy
 * pointed at a closed loopback port so nothing but the loopback gateway is reachable, and a hard
 * time limit that kills the whole process tree.
 *
 * @module
 */
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));
/** `FERRYLLM_CLIENTS_LATEST=1` (`deno task test:e2e:latest`): the `@latest` install instead. */
export const CLIENTS_DIR = Deno.env.get("FERRYLLM_CLIENTS_DIR") ??
  join(
    REPO_ROOT,
    ".cache",
    Deno.env.get("FERRYLLM_CLIENTS_LATEST") === "1" ? "clients-latest" : "clients",
  );
const BIN_DIR = join(CLIENTS_DIR, "node_modules", ".bin");

export type ClientName = "claude" | "codex" | "gemini" | "opencode";

/** `FERRYLLM_E2E=0` turns the CLI tests into visibly ignored tests; anything else runs them. */
export const E2E_DISABLED = Deno.env.get("FERRYLLM_E2E") === "0";

/** Throws with install instructions when a client binary is missing. */
export function requireClient(name: ClientName): string {
  const path = join(BIN_DIR, name);
  try {
    Deno.statSync(path);
  } catch {
    throw new Error(
      `client CLI "${name}" is not installed at ${path}.\n` +
        `Install the four pinned clients with: bash tests/e2e/install_clients.sh\n` +
        `(or set FERRYLLM_E2E=0 to mark the CLI end-to-end tests as ignored).`,
    );
  }
  return path;
}

export interface ClientRun {
  code: number;
  stdout: string;
  stderr: string;
  seconds: number;
  timedOut: boolean;
}

export interface ClientInvocation {
  client: ClientName;
  args: string[];
  /** Extra variables; the run sees only these plus the isolation set below. */
  env: Record<string, string>;
  home: string;
  cwd: string;
  timeoutSeconds: number;
}

const DEAD_PROXY = "http://127.0.0.1:9";

/** Runs one client to completion under `timeout`, which signals the whole process group. */
export async function runClient(run: ClientInvocation): Promise<ClientRun> {
  const binary = requireClient(run.client);
  const nodeDir = dirname(whichNode());
  const env: Record<string, string> = {
    PATH: [BIN_DIR, nodeDir, "/usr/local/bin", "/usr/bin", "/bin"].join(":"),
    HOME: run.home,
    TERM: "dumb",
    HTTP_PROXY: DEAD_PROXY,
    HTTPS_PROXY: DEAD_PROXY,
    ALL_PROXY: DEAD_PROXY,
    http_proxy: DEAD_PROXY,
    https_proxy: DEAD_PROXY,
    all_proxy: DEAD_PROXY,
    NO_PROXY: "127.0.0.1,localhost,::1",
    no_proxy: "127.0.0.1,localhost,::1",
    ...run.env,
  };
  const started = performance.now();
  // GNU timeout puts itself and the client in a fresh process group and signals the group, so
  // helper processes (codex's sandbox, opencode's workers) die with the client.
  const output = await new Deno.Command("timeout", {
    args: ["-k", "5", String(run.timeoutSeconds), binary, ...run.args],
    cwd: run.cwd,
    env,
    clearEnv: true,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  const decoder = new TextDecoder();
  return {
    code: output.code,
    stdout: decoder.decode(output.stdout),
    stderr: decoder.decode(output.stderr),
    seconds: (performance.now() - started) / 1000,
    timedOut: output.code === 124 || output.code === 137,
  };
}

/** Node's directory: gemini-cli and the npm launchers of the others are `#!/usr/bin/env node`. */
function whichNode(): string {
  for (const dir of (Deno.env.get("PATH") ?? "/usr/bin").split(":")) {
    try {
      const candidate = join(dir, "node");
      Deno.statSync(candidate);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  return "/usr/bin/node";
}

/** A fresh HOME with a `work` directory to run in; removed by the returned `cleanup`. */
export async function makeClientHome(): Promise<
  { home: string; cwd: string; cleanup(): Promise<void> }
> {
  const home = await Deno.makeTempDir({ prefix: "ferryllm-e2e-home-" });
  const cwd = join(home, "work");
  await Deno.mkdir(cwd);
  return { home, cwd, cleanup: () => Deno.remove(home, { recursive: true }) };
}

/** The last lines of a stream, for failure messages that stay readable. */
export function tail(text: string, lines = 25): string {
  return text.trimEnd().split("\n").slice(-lines).join("\n");
}
