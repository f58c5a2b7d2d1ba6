/**
 * Opaque blocks (types the gateway does not know) reach only an upstream of the protocol they
 * were written in; every other upstream gets the conversation without them.
 *
 * @module
 */
import type { ContentBlock, ProtocolId } from "./content.ts";
import type { IrRequest } from "./request.ts";

/** The request without opaque blocks of another protocol than `target` (tool results too). */
export function dropForeignOpaque(ir: IrRequest, target: ProtocolId): IrRequest {
  if (!hasForeignOpaque(ir, target)) return ir;
  const keep = (block: ContentBlock): ContentBlock | undefined => {
    if (block.type === "opaque") return block.protocol === target ? block : undefined;
    if (block.type !== "tool_result") return block;
    return {
      ...block,
      content: block.content.filter((c) => c.type !== "opaque" || c.protocol === target),
    };
  };
  const messages = ir.messages.map((m) => ({
    ...m,
    content: m.content.map(keep).filter((b): b is ContentBlock => b !== undefined),
  })).filter((m) => m.content.length > 0);
  return { ...ir, messages };
}

function hasForeignOpaque(ir: IrRequest, target: ProtocolId): boolean {
  const foreign = (b: ContentBlock): boolean =>
    (b.type === "opaque" && b.protocol !== target) ||
    (b.type === "tool_result" && b.content.some(foreign));
  return ir.messages.some((m) => m.content.some(foreign));
}
