/**
 * The `ferryllm init` row of main.ts's command table: its flags and help, and the terminal
 * check that decides whether questions are asked.
 *
 * @module
 */
import { existsSync } from "node:fs";
import process from "node:process";
import type { Command } from "../command.ts";
import { askInit } from "./ask.ts";
import { runInit, writeConfigFile } from "./run_init.ts";
import { CLIENTS, PROVIDERS } from "./scenario.ts";

export const initCommand: Command = {
  name: "init",
  summary: "write a ferryllm.toml for a client and provider, and print the client settings",
  usage: `init [--client CLIENT] [--provider PROVIDER] [--model NAME] [--out FILE] [--force]
init --provider openai-compatible --base-url URL --model NAME --client CLIENT`,
  details: `      --client CLIENT      ${CLIENTS.join(" | ")}
      --provider PROVIDER  ${PROVIDERS.join(" | ")}
      --model NAME         the model every request goes to (default per provider)
      --base-url URL       the provider's base URL (required for openai-compatible)
      --key-env NAME       the variable holding the provider key (default per provider)
      --listen HOST:PORT   the gateway's listen address (default 127.0.0.1:3000)
      --out FILE           where to write (default ferryllm.toml)
      --force              replace an existing file

On a terminal, what the flags leave out is asked; elsewhere --client and --provider are required.
example: ferryllm init --client claude-code --provider openai --model gpt-5.5 --out ferryllm.toml`,
  options: {
    client: { type: "string" },
    provider: { type: "string" },
    model: { type: "string" },
    "base-url": { type: "string" },
    "key-env": { type: "string" },
    listen: { type: "string" },
    out: { type: "string", short: "o" },
    force: { type: "boolean", short: "f" },
  },
  run(values) {
    const text = (name: string) => values[name] as string | undefined;
    const interactive = process.stdin.isTTY === true && process.stdout.isTTY === true;
    return runInit({
      client: text("client"),
      provider: text("provider"),
      model: text("model"),
      baseUrl: text("base-url"),
      keyEnv: text("key-env"),
      listen: text("listen"),
      out: text("out"),
      force: values.force === true,
    }, {
      ask: interactive ? askInit : undefined,
      exists: existsSync,
      write: writeConfigFile,
      out: (line) => console.log(line),
      err: (line) => console.error(line),
    });
  },
};
