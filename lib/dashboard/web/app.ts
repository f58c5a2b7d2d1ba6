/**
 * The dashboard page: polls `/ui/api/snapshot` once a second (a plain request each time, so
 * proxies, drains and restarts need no special care) and renders every view from it.
 * Live updates can be paused, for reading a table or for screen readers.
 *
 * @module
 */
import { html, render } from "htm/preact";
import { useEffect, useState } from "preact/hooks";
import { getJson, SignedOut } from "./api.ts";
import { clock } from "./format.ts";
import { StatusView, TrafficView } from "./status_view.ts";
import { KeysView, ProvidersView, RecentView } from "./tables_view.ts";
import { ConfigView, RouteTester } from "./tools_view.ts";
import type { Snapshot } from "./types.ts";

const POLL_MS = 1000;

function App() {
  const [snapshot, setSnapshot] = useState<Snapshot | undefined>();
  const [problem, setProblem] = useState<string | undefined>();
  const [paused, setPaused] = useState(false);

  useEffect(() => {
    if (paused) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        setSnapshot(await getJson<Snapshot>("/ui/api/snapshot"));
        setProblem(undefined);
      } catch (error) {
        if (error instanceof SignedOut) return;
        setProblem(`cannot reach the gateway: ${error}`);
      }
      if (!stopped) timer = setTimeout(poll, POLL_MS);
    };
    poll();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [paused]);

  return html`
    <a class="skip" href="#main">Skip to content</a>
    <header class="top">
      <h1>ferryllm</h1>
      <p class="live" role="status" data-testid="live">
          ${problem ?? (snapshot ? `${paused ? "paused" : "live"} · ${clock(snapshot.now)}` : "…")}
        </p>
      <button type="button" aria-pressed=${paused} onClick=${() => setPaused(!paused)}>
          ${paused ? "Resume updates" : "Pause updates"}</button>
      <form method="post" action="/ui/logout"><button type="submit">Sign out</button></form>
    </header>
    <nav aria-label="Sections">
      <ul>
        ${[
          ["status", "Status"],
          ["traffic", "Traffic"],
          ["providers", "Providers"],
          ["keys", "Keys"],
          ["recent", "Recent requests"],
          ["route-tester", "Route tester"],
          ["config", "Configuration"],
        ].map(([id, label]) => html`<li><a href=${`#${id}`}>${label}</a></li>`)}
      </ul>
    </nav>
    <main id="main">
        ${snapshot
          ? html`
            <${StatusView} snapshot=${snapshot} />
            <${TrafficView} snapshot=${snapshot} />
            <${ProvidersView} snapshot=${snapshot} />
            <${KeysView} snapshot=${snapshot} />
            <${RecentView} snapshot=${snapshot} />
          `
          : html`<p>Loading…</p>`}
        <${RouteTester} />
        <${ConfigView} reloadable=${snapshot?.status.reloadable ?? false} />
      </main>
  `;
}

const root = document.getElementById("app")!;
root.textContent = ""; // the shell's "Loading…" placeholder
render(html`<${App} />`, root);
