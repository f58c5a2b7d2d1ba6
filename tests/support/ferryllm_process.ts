/**
 * Runs `deno run main.ts <command>` as a user would: to completion, or as a long-running child
 * whose first stdout line gives its URL.
 *
 * @module
 */
const MAIN = new URL("../../main.ts", import.meta.url).pathname;

export interface Finished {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runFerryllm(...args: string[]): Promise<Finished> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", MAIN, ...args],
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).output();
  const decode = (b: Uint8Array) => new TextDecoder().decode(b);
  return { code: out.code, stdout: decode(out.stdout), stderr: decode(out.stderr) };
}

export interface Running {
  url: string;
  /** SIGTERM, then wait for the exit code. */
  stop(): Promise<number>;
}

/** Starts a long-running command and waits (at most 15 s) for `listening on http://…`. */
export async function startFerryllm(...args: string[]): Promise<Running> {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", MAIN, ...args],
    stdout: "piped",
    stderr: "null",
    env: { NO_COLOR: "1" },
  }).spawn();
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  const stop = async () => {
    child.kill("SIGTERM");
    await reader.cancel().catch(() => {});
    return (await child.status).code;
  };
  let seen = "";
  const deadline = setTimeout(() => child.kill("SIGKILL"), 15_000);
  try {
    while (true) {
      const { value, done } = await reader.read();
      if (done) throw new Error(`ferryllm ${args[0]} exited before listening: ${seen}`);
      seen += value;
      const match = /^listening on (http:\/\/\S+)\n/.exec(seen);
      if (match) return { url: match[1], stop };
    }
  } catch (error) {
    await stop();
    throw error;
  } finally {
    clearTimeout(deadline);
  }
}
