/**
 * The subcommand table behind main.ts: each command declares its flags, usage line and help,
 * and `runCommandLine` does the rest the same way for all of them: `--help` on every command,
 * `ferryllm help <command>`, and an unknown flag or command printing the usage and exiting 2.
 *
 * @module
 */
import { parseArgs, type ParseArgsOptionsConfig } from "node:util";

/** Parsed flag values, as `node:util` parseArgs returns them. */
export type FlagValues = Record<string, string | boolean | string[] | boolean[] | undefined>;

/** One `ferryllm <name>` subcommand. */
export interface Command {
  name: string;
  /** One line for the command list. */
  summary: string;
  /** The usage line(s) after `ferryllm `, e.g. `serve [--config FILE]`. */
  usage: string;
  /** Flag descriptions and examples printed by `--help`. */
  details?: string;
  /** Flags besides `--help`; unknown flags are refused. */
  options?: ParseArgsOptionsConfig;
  /** Takes positional arguments (otherwise extra words are refused like unknown flags). */
  positionals?: boolean;
  run(values: FlagValues, positionals: string[]): number | Promise<number>;
}

/** Where output goes; tests pass their own. */
export interface CommandLineOutput {
  out(text: string): void;
  err(text: string): void;
}

const consoleOutput: CommandLineOutput = {
  out: (text) => console.log(text),
  err: (text) => console.error(text),
};

/** The whole-program help: banner, command list, a closing note. */
export function programHelp(banner: string, commands: Command[], note: string): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  const list = commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join("\n");
  return `${banner}\n\nusage: ferryllm <command> [flags]\n\ncommands:\n${list}\n\n` +
    `Run "ferryllm <command> --help" for a command's flags.\n${note}`;
}

/** One command's help: usage, summary and details. */
export function commandHelp(command: Command): string {
  const usage = command.usage.split("\n").map((line) => `  ferryllm ${line}`).join("\n");
  const details = command.details ? `\n\n${command.details.trimEnd()}` : "";
  return `usage:\n${usage}\n\n${command.summary}${details}\n  -h, --help            print this help`;
}

/**
 * Runs argv against the table; resolves with the exit code.
 * `helpText` is printed for `ferryllm`, `ferryllm --help` and `ferryllm help`.
 */
export async function runCommandLine(
  commands: Command[],
  argv: string[],
  helpText: string,
  output: CommandLineOutput = consoleOutput,
): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined || first === "--help" || first === "-h") {
    output.out(helpText);
    return 0;
  }
  if (first === "--version" || first === "-V") {
    return runCommandLine(commands, ["version"], helpText, output);
  }
  if (first === "help") {
    const topic = commands.find((c) => c.name === rest[0]);
    output.out(topic ? commandHelp(topic) : helpText);
    return topic || rest.length === 0 ? 0 : 2;
  }
  const command = commands.find((c) => c.name === first);
  if (!command) {
    output.err(`ferryllm: unknown command "${first}"\n\n${helpText}`);
    return 2;
  }
  let parsed: { values: FlagValues; positionals: string[] };
  try {
    parsed = parseArgs({
      args: rest,
      strict: true,
      allowPositionals: true,
      options: { ...command.options, help: { type: "boolean", short: "h" } },
    });
    if (!command.positionals && parsed.positionals.length > 0) {
      throw new Error(`unexpected argument "${parsed.positionals[0]}"`);
    }
  } catch (error) {
    const reason = flagError(error);
    output.err(`ferryllm ${command.name}: ${reason}\n\n${commandHelp(command)}`);
    return 2;
  }
  if (parsed.values.help) {
    output.out(commandHelp(command));
    return 0;
  }
  return await command.run(parsed.values, parsed.positionals);
}

/** parseArgs' messages explain its own API; a user needs the flag's name. */
function flagError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const unknown = message.match(/^Unknown option '([^']+)'/);
  return unknown ? `unknown flag "${unknown[1]}"` : message.replace(/\. To specify.*$/s, "");
}
