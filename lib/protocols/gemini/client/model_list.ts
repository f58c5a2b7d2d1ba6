/**
 * `GET /v1beta/models` in Gemini's shape, for clients that list models before they call.
 *
 * @module
 */

export interface GeminiModelList {
  models: {
    name: string;
    baseModelId: string;
    version: string;
    displayName: string;
    supportedGenerationMethods: string[];
  }[];
}

/** Client-visible model names → Gemini's model list (`name` is `models/<id>`). */
export function encodeGeminiModelList(models: string[]): GeminiModelList {
  return {
    models: models.map((id) => ({
      name: `models/${id.replace(/^models\//, "")}`,
      baseModelId: id.replace(/^models\//, ""),
      version: "001",
      displayName: id.replace(/^models\//, ""),
      supportedGenerationMethods: ["generateContent", "streamGenerateContent"],
    })),
  };
}
