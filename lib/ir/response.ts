/**
 * The non-streaming answer, and the output of `collect(events)`.
 *
 * @module
 */
import type { ContentBlock } from "./content.ts";
import type { StopInfo } from "./stop.ts";
import type { Usage } from "./usage.ts";

export interface IrResponse {
  id: string;
  /** The model that answered, as the upstream named it. */
  model: string;
  /** The assistant turn's blocks, in order. Never contains tool results. */
  content: ContentBlock[];
  stop: StopInfo;
  usage: Usage;
}
