/**
 * The interactive half of `ferryllm init`, on a terminal: questions for what the flags left
 * out, with @clack/prompts (small, keyboard-friendly, no native code). Loaded only when asked.
 *
 * @module
 */
import { CLIENT_NAMES, CLIENTS, providerPreset, PROVIDERS } from "./scenario.ts";
import type { InitFlags } from "./run_init.ts";

const PROVIDER_LABELS: Record<typeof PROVIDERS[number], string> = {
  openai: "OpenAI",
  anthropic: "Anthropic",
  gemini: "Gemini",
  "openai-compatible": "an OpenAI-compatible server (vLLM, Ollama, OpenRouter, …)",
};

/** Asks for the missing answers; null when the user cancels (Ctrl-C / Esc). */
export async function askInit(
  flags: InitFlags,
  exists: (path: string) => boolean,
): Promise<InitFlags | null> {
  const p = await import("@clack/prompts");
  const answer = <T>(value: T): Exclude<T, symbol> | null =>
    p.isCancel(value) ? null : value as Exclude<T, symbol>;
  p.intro("ferryllm init: a config for your client and provider");
  const client = flags.client ?? answer(
    await p.select({
      message: "Which client will use the gateway?",
      options: CLIENTS.map((id) => ({ value: id, label: CLIENT_NAMES[id] })),
    }),
  );
  if (client === null) return null;
  const provider = flags.provider ?? answer(
    await p.select({
      message: "Which provider should answer?",
      options: PROVIDERS.map((id) => ({ value: id, label: PROVIDER_LABELS[id] })),
    }),
  );
  if (provider === null) return null;
  let baseUrl = flags.baseUrl;
  if (provider === "openai-compatible" && baseUrl === undefined) {
    const url = answer(
      await p.text({
        message: "The server's base URL",
        placeholder: "http://127.0.0.1:11434/v1",
        validate: (
          v,
        ) => (v && URL.canParse(v) ? undefined : "a URL, e.g. http://127.0.0.1:8000/v1"),
      }),
    );
    if (url === null) return null;
    baseUrl = url;
  }
  const preset = (PROVIDERS as readonly string[]).includes(provider) &&
      (CLIENTS as readonly string[]).includes(client)
    ? providerPreset(provider as typeof PROVIDERS[number], client as typeof CLIENTS[number])
    : undefined;
  const model = flags.model ?? answer(
    await p.text({
      message: "Which model should every request go to?",
      placeholder: preset?.defaultModel ?? "model name",
      defaultValue: preset?.defaultModel,
      validate: (v) => (v || preset?.defaultModel ? undefined : "a model name"),
    }),
  );
  if (model === null) return null;
  const out = flags.out ?? "ferryllm.toml";
  let force = flags.force;
  if (exists(out) && !force) {
    const replace = answer(
      await p.confirm({ message: `${out} exists. Replace it?`, initialValue: false }),
    );
    if (!replace) return null;
    force = true;
  }
  p.outro(`writing ${out}`);
  return { ...flags, client, provider, baseUrl, model, out, force };
}
