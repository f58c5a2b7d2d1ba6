/**
 * The internal representation: requests, content, stream events, responses, usage, errors.
 *
 * @module
 */
export * from "./content.ts";
export * from "./request.ts";
export * from "./usage.ts";
export * from "./stop.ts";
export * from "./error.ts";
export * from "./events.ts";
export * from "./response.ts";
export { collect, collectEvents, withDefined } from "./collect.ts";
export { sequentialBlocks } from "./sequential_blocks.ts";
export { assertToolResultsAnswerCalls } from "./tool_pairs.ts";
export { responseToEvents } from "./replay.ts";
export { dropForeignArtifacts, openArtifact, sameIssuer, sealArtifact } from "./artifacts.ts";
export type { Encoded, TranslationWarning, WarningKind } from "./warnings.ts";
