/**
 * The route tester (where would this model go?), and the running config with secrets redacted
 * plus a reload button.
 *
 * @module
 */
import { html } from "htm/preact";
import { useEffect, useState } from "preact/hooks";
import { getJson, postJson } from "./api.ts";
import type { RouteAnswer } from "./types.ts";

const FEATURES = ["stream", "tools", "images", "thinking"] as const;
const PROTOCOLS = [
  ["openai", "OpenAI Chat Completions"],
  ["openai_responses", "OpenAI Responses"],
  ["anthropic", "Anthropic Messages"],
  ["gemini", "Gemini"],
] as const;

export function RouteTester() {
  const [model, setModel] = useState("");
  const [protocol, setProtocol] = useState("openai");
  const [inputTokens, setInputTokens] = useState("");
  const [features, setFeatures] = useState<Record<string, boolean>>({});
  const [result, setResult] = useState<RouteAnswer | undefined>();
  const [problem, setProblem] = useState<string | undefined>();
  const submit = async (event: Event) => {
    event.preventDefault();
    try {
      setResult(
        await postJson<RouteAnswer>("/ui/api/route-test", {
          model,
          protocol,
          inputTokens: Number(inputTokens) || 0,
          ...features,
        }),
      );
      setProblem(undefined);
    } catch (error) {
      setProblem(String(error));
    }
  };
  return html`
    <section id="route-tester" aria-labelledby="route-h">
      <h2 id="route-h">Route tester</h2>
      <form class="route-form" onSubmit=${submit}>
        <div>
          <label for="route-model">Model name</label>
          <input id="route-model" name="model" required value=${model}
            onInput=${(e: Event) => setModel((e.target as HTMLInputElement).value)} />
        </div>
        <div>
          <label for="route-protocol">Client protocol</label>
          <select id="route-protocol" name="protocol" value=${protocol}
            onChange=${(e: Event) => setProtocol((e.target as HTMLSelectElement).value)}>
            ${PROTOCOLS.map(([id, label]) => html`<option value=${id}>${label}</option>`)}
          </select>
        </div>
        <div>
          <label for="route-tokens">Prompt tokens (about)</label>
          <input id="route-tokens" name="inputTokens" type="number" min="0" step="1000"
            value=${inputTokens}
            onInput=${(e: Event) => setInputTokens((e.target as HTMLInputElement).value)} />
        </div>
        <fieldset><legend>Request features</legend>
            ${FEATURES.map((f) =>
              html`<label class="check"><input type="checkbox" name=${f} checked=${!!features[f]}
          onChange=${(e: Event) =>
                setFeatures({
                  ...features,
                  [f]: (e.target as HTMLInputElement).checked,
                })} /> ${f}</label>`
            )}
          </fieldset>
        <button type="submit">Show route</button>
      </form>
      <div aria-live="polite" data-testid="route-result">
          ${problem && html`<p class="bad" role="alert">${problem}</p>`}
          ${result && routeResult(result)}
        </div>
    </section>
  `;
}

function routeResult(r: RouteAnswer) {
  if (!r.matched) return html`<p class="bad">${r.notes.join(" ")}</p>`;
  return html`
    <dl class="facts">
      <div>
        <dt>Route</dt>
        <dd>${r.route} (${r.matchType})</dd>
      </div>
      <div>
        <dt>Provider</dt>
        <dd data-testid="route-provider">${r.provider}${r.providerType
          ? ` (${r.providerType})`
          : ""}</dd>
      </div>
      <div>
        <dt>Upstream model</dt>
        <dd data-testid="route-upstream-model">${r.upstreamModel}</dd>
      </div>
      <div>
        <dt>Fallbacks</dt>
        <dd>${r.fallbacks.length ? r.fallbacks.join(", ") : "none"}</dd>
      </div>
    </dl>
    <ul class="notes">${r.notes.map((n) => html`<li>${n}</li>`)}</ul>
  `;
}

export function ConfigView({ reloadable }: { reloadable: boolean }) {
  const [config, setConfig] = useState<{ source: string; config: unknown } | undefined>();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | undefined>();
  const [busy, setBusy] = useState(false);
  const load = () =>
    getJson<{ source: string; config: unknown }>("/ui/api/config").then(setConfig, () => {});
  useEffect(() => void load(), []);
  const reload = async () => {
    if (busy) return; // not `disabled` while busy: that would throw keyboard focus away
    setBusy(true);
    try {
      const outcome = await postJson<{ ok: boolean; message: string }>("/ui/api/reload", {});
      setMessage({ ok: outcome.ok, text: outcome.message });
      await load();
    } catch (error) {
      setMessage({ ok: false, text: String(error) });
    } finally {
      setBusy(false);
    }
  };
  return html`
    <section id="config" aria-labelledby="config-h">
      <h2 id="config-h">Configuration</h2>
      <p>From <code>${config?.source ??
        "…"}</code>; secrets are shown as <code>[redacted]</code>.</p>
      <button type="button" onClick=${reload} disabled=${!reloadable} aria-busy=${busy}
        title=${reloadable ? "Read the config file again" : "Started without a config file"}>
          ${busy ? "Reloading…" : "Reload config"}</button>
      <p role="status" class=${message?.ok ? "good" : "bad"}>${message?.text ?? ""}</p>
      <pre class="config" data-testid="config-json" tabindex="0"
        aria-label="running configuration">${config
          ? JSON.stringify(config.config, null, 2)
          : "Loading…"}</pre>
    </section>
  `;
}
