/**
 * One attempt at one provider with its key rotation: a provider with several keys gets the next
 * key in turn, and when the upstream refuses that key (429, 401, 403) the key cools down and the
 * same attempt goes at once to the next key. Every refusal happens before the first byte
 * (`callTarget` returns only once the first event is in), so the client never notices.
 *
 * @module
 */
import type { ResolvedProvider } from "../../config/load.ts";
import { GatewayError } from "../../ir/error.ts";
import { keyLabel, refusesKey } from "../../router/key_rotation.ts";
import type { RequestScope } from "../scope.ts";
import { type AttemptInput, callTarget, type UpstreamOutcome } from "./call_target.ts";
import type { GatewayDeps } from "../deps.ts";

export async function callWithKeys(
  input: AttemptInput,
  scope: Pick<RequestScope, "id" | "lifecycle">,
  deps: GatewayDeps,
): Promise<UpstreamOutcome> {
  const provider = input.provider;
  const keyCount = provider.apiKeys?.length ?? 0;
  if (keyCount < 2) return await callTarget(input, deps);
  const tried = new Set<number>();
  let refused: GatewayError | undefined;
  for (;;) {
    // Undefined once every key this request has not tried is cooling down.
    const choice = await deps.routing.keys.pick(provider, tried);
    if (!choice) throw refused!;
    if (refused && input.signal.aborted) throw refused;
    tried.add(choice.index);
    if (tried.size > 1) scope.lifecycle?.emit({ type: "attempt" });
    scope.lifecycle?.emit({ type: "key_chosen", key: keyLabel(choice) });
    try {
      const outcome = await callTarget({ ...input, provider: withKey(provider, choice.key) }, deps);
      if (choice.resting) await deps.routing.keys.restored(provider, choice);
      return outcome;
    } catch (error) {
      if (!(error instanceof GatewayError) || !refusesKey(error)) throw error;
      refused = error;
      const ms = await deps.routing.keys.coolDown(provider, choice, error.retryAfter);
      deps.events({ type: "key_cooldown", provider: provider.name, key: keyLabel(choice) });
      deps.log.warn("upstream refused a key; it cools down", {
        requestId: scope.id,
        provider: provider.name,
        key: keyLabel(choice),
        keyHash: choice.hash,
        status: error.status,
        cooldownMs: ms,
      });
    }
  }
}

/**
 * The provider with its next key in turn (skipping keys that cool down), for calls that take one
 * key and no rotation on refusal, such as token counts: a pool's counts spread like its requests
 * instead of all landing on its first key.
 */
export async function withNextKey(
  provider: ResolvedProvider,
  deps: GatewayDeps,
): Promise<ResolvedProvider> {
  if ((provider.apiKeys?.length ?? 0) < 2) return provider;
  const choice = await deps.routing.keys.pick(provider, new Set());
  return choice ? withKey(provider, choice.key) : provider;
}

/** The provider as the adapters see it for this attempt: `apiKey` is the chosen key. */
function withKey(provider: ResolvedProvider, key: string): ResolvedProvider {
  return { ...provider, apiKey: key };
}
