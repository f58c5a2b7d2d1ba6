/**
 * Starts `ferryllm mock-upstream` as a child process of the same ferryllm (binary or script),
 * on a free port, and reads its URL from its first stdout line. A process of its own, so the
 * mock's work is not billed to the load generator.
 *
 * @module
 */
import { spawn } from "node:child_process";

export interface StartedMock {
  url: string;
  stop(): Promise<void>;
}

const LISTENING = /listening on (http:\/\/\S+)/;
const START_TIMEOUT_MS = 10_000;

export function startMock(selfCommand: string[], flags: string[]): Promise<StartedMock> {
  const [command, ...base] = selfCommand;
  const child = spawn(command, [...base, "mock-upstream", "--listen", "127.0.0.1:0", ...flags], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async () => {
    child.kill("SIGTERM");
    await exited;
  };
  return new Promise((resolve, reject) => {
    let seen = "";
    const timer = setTimeout(() => {
      void stop();
      reject(new Error("the mock upstream did not start within 10 s"));
    }, START_TIMEOUT_MS);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the mock upstream exited (code ${code}) before listening`));
    });
    // Reading goes on after the match, so the child never blocks on a full pipe.
    child.stdout!.on("data", (data: Uint8Array) => {
      if (seen === undefined) return;
      seen += new TextDecoder().decode(data);
      const match = LISTENING.exec(seen);
      if (!match) return;
      clearTimeout(timer);
      resolve({ url: match[1], stop });
    });
  });
}
