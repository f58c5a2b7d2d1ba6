/**
 * The Gemini `generateContent` wire shapes both sides of ferryllm read and write.
 *
 * Only the fields ferryllm maps are typed; everything else rides along as unknown keys.
 * Reference: https://ai.google.dev/api/generate-content
 *
 * @module
 */

export interface GeminiFunctionCall {
  id?: string;
  name: string;
  args?: Record<string, unknown>;
}

export interface GeminiFunctionResponse {
  id?: string;
  name: string;
  response: Record<string, unknown>;
  /** Gemini 3 multimodal function responses. */
  parts?: GeminiPart[];
}

export interface GeminiPart {
  text?: string;
  /** Marks a thought-summary part (reasoning, never visible text). */
  thought?: boolean;
  /** Opaque, issuer-bound; must be replayed on the same part. */
  thoughtSignature?: string;
  inlineData?: { mimeType: string; data: string };
  fileData?: { mimeType?: string; fileUri: string };
  functionCall?: GeminiFunctionCall;
  functionResponse?: GeminiFunctionResponse;
}

export interface GeminiContent {
  role?: "user" | "model";
  parts: GeminiPart[];
}

export interface GeminiUsageMetadata {
  promptTokenCount?: number;
  candidatesTokenCount?: number;
  totalTokenCount?: number;
  cachedContentTokenCount?: number;
  thoughtsTokenCount?: number;
  toolUsePromptTokenCount?: number;
}

export interface GeminiCandidate {
  content?: GeminiContent;
  finishReason?: string;
  index?: number;
}

export interface GeminiResponse {
  candidates?: GeminiCandidate[];
  promptFeedback?: { blockReason?: string };
  usageMetadata?: GeminiUsageMetadata;
  modelVersion?: string;
  responseId?: string;
}

export interface GeminiErrorBody {
  error: { code: number; message: string; status: string; details?: unknown[] };
}

/** The `thoughtSignature` Google documents for function calls minted elsewhere. */
export const SKIP_SIGNATURE = "skip_thought_signature_validator";
