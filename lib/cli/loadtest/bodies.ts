/**
 * Request bodies of chosen sizes as protocol-neutral conversations; protocols.ts writes them in
 * each wire format. `claude-code` is the shape a coding agent sends on every turn: a long
 * system prompt, 40 tool definitions with JSON schemas and a long history, about 210 KB as
 * Anthropic JSON.
 *
 * @module
 */

export const BODY_SIZES = ["small", "medium", "large", "claude-code"] as const;
export type BodySize = typeof BODY_SIZES[number];

export interface Tool {
  name: string;
  description: string;
  schema: Record<string, unknown>;
}

export interface Conversation {
  system?: string;
  tools: Tool[];
  /** Alternating user / assistant turns, the last one the user's. */
  turns: string[];
}

/** Sizes: counts of (system characters, tools, history turns, characters per turn). */
const SHAPES: Record<BodySize, [number, number, number, number]> = {
  small: [0, 0, 1, 40],
  medium: [2_000, 4, 6, 1_000],
  large: [8_000, 10, 24, 2_500],
  "claude-code": [14_000, 40, 40, 1_600],
};

export function conversation(size: BodySize): Conversation {
  const [systemChars, toolCount, turnCount, turnChars] = SHAPES[size];
  return {
    system: systemChars > 0 ? prose(systemChars, 1) : undefined,
    tools: Array.from({ length: toolCount }, (_, i) => tool(i)),
    turns: Array.from({ length: turnCount }, (_, i) => prose(turnChars, i + 7)),
  };
}

function tool(i: number): Tool {
  const properties: Record<string, unknown> = {};
  for (let p = 0; p < 6; p++) {
    properties[`param_${p}`] = {
      type: p % 3 === 0 ? "integer" : "string",
      description: prose(160, i * 31 + p),
    };
  }
  return {
    name: `tool_${i}`,
    description: prose(1_900, i + 100),
    schema: { type: "object", properties, required: ["param_0", "param_1"] },
  };
}

const WORDS = [
  "the",
  "gateway",
  "stream",
  "request",
  "token",
  "model",
  "file",
  "function",
  "returns",
  "edit",
  "test",
  "value",
  "when",
  "with",
  "config",
  "build",
];

/** Deterministic text of about `chars` characters. */
function prose(chars: number, seed: number): string {
  const out: string[] = [];
  let length = 0;
  for (let i = 0; length < chars; i++) {
    const word = WORDS[(i * 7 + seed) % WORDS.length];
    out.push(word);
    length += word.length + 1;
  }
  return out.join(" ");
}
