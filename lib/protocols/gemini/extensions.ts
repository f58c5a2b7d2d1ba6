/**
 * What a Gemini request carries that the IR does not model, kept in `ir.extensions.gemini` (and
 * `extensions.gemini` on blocks) by the client decoder so a Gemini upstream receives it
 * unchanged: top-level fields (safetySettings, cachedContent …) verbatim, `tools` holding the
 * non-function tools (googleSearch, codeExecution …), `generationConfig` holding the keys the IR
 * does not map, and `toolConfig` when it says more than the IR's tool choice. Upstreams of other
 * protocols never read it; translation_warnings names what they lose.
 *
 * @module
 */

type Obj = Record<string, unknown>;

/**
 * Fields a Gemini client sent that the IR does not model (safetySettings, cachedContent,
 * googleSearch tools, the exact toolConfig, extra generationConfig keys) go back unchanged.
 */
export function mergeGeminiExtensions(body: Obj, extensions: Obj): void {
  for (const [key, value] of Object.entries(extensions)) {
    if (key === "generationConfig" && typeof value === "object" && value !== null) {
      body.generationConfig = { ...(body.generationConfig as Obj ?? {}), ...value };
    } else if (key === "tools" && Array.isArray(value)) {
      body.tools = [...(body.tools as unknown[] ?? []), ...value];
    } else {
      body[key] = value;
    }
  }
}
