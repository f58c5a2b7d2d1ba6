/**
 * Translation warnings: what a translator left out because the target cannot carry it. Every
 * encoder that drops something says so instead of dropping it silently; the gateway logs the
 * warnings at debug, counts them in `ferryllm_translation_warnings_total{entry,provider,kind}`
 * and names them in the `x-ferryllm-warnings` response header.
 *
 * @module
 */

/**
 * A short, stable name for what was lost, used as a metric label and in the header:
 * - `field` / `block`: a client field or content block the IR kept for its own protocol only
 *   (lib/policy/translation_warnings.ts);
 * - `tool`: a hosted, server or non-function tool the target has no form for;
 * - `stop_sequences`: stop sequences beyond the target's limit;
 * - `sampling`: temperature / top_p / top_k the target does not take (reasoning models, or no
 *   such field);
 * - `reasoning`: a reasoning request the target model cannot take;
 * - `thinking`: a thinking block removed from the history (another issuer's, or a target
 *   without reasoning input);
 * - `max_tokens`: lowered to the provider's `max_output_tokens` (lib/server/pipeline/prepare_target.ts).
 */
export type WarningKind =
  | "field"
  | "block"
  | "tool"
  | "stop_sequences"
  | "sampling"
  | "reasoning"
  | "thinking"
  | "max_tokens";

export interface TranslationWarning {
  kind: WarningKind;
  /** Where: a client field path (`thinking.display`) or the IR's name for it (`stop_sequences`). */
  path: string;
  /** One line for people: `thinking.display: not carried to gemini`. */
  message: string;
}

/** What a converter returns: its value and what it had to leave out on the way. */
export interface Encoded<T> {
  value: T;
  warnings: TranslationWarning[];
}

/** `{ value, warnings }` of a builder whose steps append to the list they are handed. */
export function encoded<T>(build: (warnings: TranslationWarning[]) => T): Encoded<T> {
  const warnings: TranslationWarning[] = [];
  const value = build(warnings);
  return { value, warnings };
}

/** Appends a warning unless one for the same kind and path is already there. */
export function warn(
  warnings: TranslationWarning[],
  kind: WarningKind,
  path: string,
  message: string,
): void {
  if (!warnings.some((w) => w.kind === kind && w.path === path)) {
    warnings.push({ kind, path, message });
  }
}
