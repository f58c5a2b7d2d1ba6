/**
 * `ferryllm init`: from flags (or questions on a terminal) to a written `ferryllm.toml` and the
 * client settings to use next. An existing file is never replaced without `--force`.
 *
 * @module
 */
import { writeFileSync } from "node:fs";
import {
  type ClientId,
  CLIENTS,
  type ProviderChoice,
  providerPreset,
  PROVIDERS,
  type Scenario,
  scenarioToml,
} from "./scenario.ts";
import { nextSteps } from "./client_settings.ts";

export interface InitFlags {
  client?: string;
  provider?: string;
  model?: string;
  baseUrl?: string;
  keyEnv?: string;
  listen?: string;
  out?: string;
  force?: boolean;
}

export interface InitIo {
  /** Asks for what the flags left out; undefined when there is no terminal to ask on. */
  ask?: (flags: InitFlags, fileExists: (path: string) => boolean) => Promise<InitFlags | null>;
  exists(path: string): boolean;
  write(path: string, text: string, overwrite: boolean): void;
  out(text: string): void;
  err(text: string): void;
}

export class InitUsageError extends Error {}

/** Checks the flags into a scenario; throws `InitUsageError` naming what is missing or wrong. */
export function scenarioFromFlags(flags: InitFlags): Scenario {
  const client = oneOf("--client", flags.client, CLIENTS);
  const provider = oneOf("--provider", flags.provider, PROVIDERS);
  const preset = providerPreset(provider, client);
  if (provider === "openai-compatible" && !flags.baseUrl) {
    throw new InitUsageError("--provider openai-compatible needs --base-url URL");
  }
  if (flags.baseUrl !== undefined && !URL.canParse(flags.baseUrl)) {
    throw new InitUsageError(`--base-url must be a URL, got "${flags.baseUrl}"`);
  }
  const model = flags.model ?? preset.defaultModel;
  if (!model) throw new InitUsageError(`--provider ${provider} needs --model NAME`);
  const listen = flags.listen ?? "127.0.0.1:3000";
  if (!/^(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.\-]+):\d{1,5}$/.test(listen)) {
    throw new InitUsageError(`--listen must be HOST:PORT, got "${listen}"`);
  }
  return {
    client,
    provider,
    model,
    baseUrl: flags.baseUrl,
    keyEnv: flags.keyEnv ?? preset.keyEnv,
    listen,
  };
}

function oneOf<T extends string>(
  flag: string,
  value: string | undefined,
  allowed: readonly T[],
): T {
  if (value === undefined) {
    throw new InitUsageError(`missing ${flag} (one of ${allowed.join(", ")})`);
  }
  if (!(allowed as readonly string[]).includes(value)) {
    throw new InitUsageError(`${flag} must be one of ${allowed.join(", ")}, got "${value}"`);
  }
  return value as T;
}

/** Runs init; resolves with the exit code (0 written, 1 refused, 2 bad usage). */
export async function runInit(given: InitFlags, io: InitIo): Promise<number> {
  let flags = given;
  const complete = given.client !== undefined && given.provider !== undefined;
  if (!complete && io.ask) {
    const answered = await io.ask(given, io.exists);
    if (answered === null) {
      io.err("init cancelled: nothing written");
      return 1;
    }
    flags = answered;
  }
  let scenario: Scenario;
  try {
    scenario = scenarioFromFlags(flags);
  } catch (error) {
    if (!(error instanceof InitUsageError)) throw error;
    io.err(`ferryllm init: ${error.message}${io.ask ? "" : " (no terminal to ask on)"}`);
    return 2;
  }
  const path = flags.out ?? "ferryllm.toml";
  if (io.exists(path) && !flags.force) {
    io.err(`ferryllm init: ${path} already exists; pass --force to replace it`);
    return 1;
  }
  io.write(path, scenarioToml(scenario), flags.force === true);
  io.out(`wrote ${path}\n\n${nextSteps(scenario, path)}`);
  return 0;
}

/** Writes the file; without `overwrite` it fails if the file appeared meanwhile. */
export function writeConfigFile(path: string, text: string, overwrite: boolean): void {
  writeFileSync(path, text, { flag: overwrite ? "w" : "wx" });
}

export type { ClientId, ProviderChoice };
