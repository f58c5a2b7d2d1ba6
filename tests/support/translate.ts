/**
 * A client body through the real request path, without the network: entry decode →
 * `prepareTarget` (policies, artifact and opaque-block filtering) → the target's adapter, plus
 * the translation warnings the server would record.
 *
 * @module
 */
import { validateConfig } from "../../lib/config/load.ts";
import type { ResolvedProvider } from "../../lib/config/load.ts";
import type { ProtocolId } from "../../lib/ir/content.ts";
import type { IrRequest } from "../../lib/ir/request.ts";
import { translationWarnings } from "../../lib/policy/translation_warnings.ts";
import { ADAPTERS } from "../../lib/server/pipeline/upstreams.ts";
import { ENTRIES } from "../../lib/server/routes.ts";
import { prepareTarget } from "../../lib/server/pipeline/prepare_target.ts";

export const PROTOCOLS: ProtocolId[] = ["openai", "openai_responses", "anthropic", "gemini"];

const CONFIG = validateConfig({
  providers: [{ name: "up", type: "openai", base_url: "http://127.0.0.1:9" }],
  routes: [{ match: "*", provider: "up" }],
}, "test");

export interface Translated {
  ir: IrRequest;
  /** The JSON body the upstream would receive. */
  body: Record<string, unknown>;
  warnings: string[];
}

export function translate(
  client: ProtocolId,
  body: unknown,
  target: ProtocolId,
  options: { model?: string; params?: Record<string, string> } = {},
): Translated {
  const entry = ENTRIES[client];
  const decoded = entry.decodeRequest(body, {
    url: new URL("http://127.0.0.1/"),
    headers: new Headers(),
    params: options.params ?? { model: "m", action: "generateContent" },
  });
  const model = options.model ?? decoded.ir.model;
  const provider = {
    name: "up",
    type: target,
    base_url: "http://127.0.0.1:9",
  } as ResolvedProvider;
  const prepared = prepareTarget(decoded.ir, client, provider, model, CONFIG);
  const wire = ADAPTERS[target].encodeRequest(prepared.ir, {
    provider,
    origin: prepared.origin,
    clientHeaders: new Headers(),
    clientProtocol: client,
    newId: (prefix) => `${prefix}1`,
    now: () => 0,
  }).value;
  return {
    ir: decoded.ir,
    body: wire.body as Record<string, unknown>,
    warnings: translationWarnings(decoded.ir, client, target).map((w) => w.path),
  };
}
