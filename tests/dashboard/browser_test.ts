/**
 * The dashboard in a real browser: Debian's chromium (headless) driven by playwright-core,
 * against a real `ferryllm serve` process and the loopback mock upstream. Screenshots of the
 * main views go to .cache/dashboard/ (docs/dashboard.md shows them).
 *
 * CI installs chromium (.ci/run); on a machine without it this test is ignored, except under
 * CI=true where it fails instead.
 */
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { startMockUpstream } from "../support/mock_upstream/mod.ts";
import { type GatewayProcess, startGatewayProcess } from "./_gateway_process.ts";
import { sendAllProtocols } from "./_traffic.ts";

const CHROMIUM = "/usr/bin/chromium";
const ADMIN_KEY = "admin-key-for-the-browser-test";
const PROVIDER_SECRET = "sk-inline-provider-secret-7f3a";
const SHOTS = new URL("../../.cache/dashboard/", import.meta.url).pathname;
const haveChromium = existsSync(CHROMIUM);

function configToml(mockUrl: string): string {
  return `
[server]
circuit_breaker_failures = 3

[[providers]]
name = "mock_openai"
type = "openai"
base_url = "${mockUrl}"
api_key = "${PROVIDER_SECRET}"

[[providers]]
name = "mock_anthropic"
type = "anthropic"
base_url = "${mockUrl}"
api_key_env = "MOCK_ANTHROPIC_KEY"
headers = { "x-org-token" = "org-secret-header-value" }

[[routes]]
match = "claude"
provider = "mock_anthropic"
rewrite_model = "claude-mock-1"

[[routes]]
match = "*"
provider = "mock_openai"
rewrite_model = "gpt-mock-1"
`;
}

async function launch(): Promise<Browser> {
  return await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-dev-shm-usage",
      "--disable-background-networking",
      "--disable-extensions",
      "--no-first-run",
    ],
  });
}

/** Polls `check` until it holds (at most `ms`); the page updates once a second. */
async function eventually(what: string, check: () => Promise<boolean>, ms = 10_000) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  assert.fail(`timed out waiting for: ${what}`);
}

async function signIn(page: Page, url: string, key: string): Promise<void> {
  await page.goto(`${url}/ui`);
  await page.getByLabel("Admin key").fill(key);
  await page.getByRole("button", { name: "Sign in" }).click();
}

interface Session {
  page: Page;
  context: BrowserContext;
  gateway: GatewayProcess;
  /** Console errors and uncaught page errors seen so far. */
  problems: string[];
}

async function signInRefusedThenAccepted({ page, context, gateway, problems }: Session) {
  await signIn(page, gateway.url, "not-the-admin-key");
  await page.getByText("Wrong admin key.").waitFor();
  assert.equal((await context.cookies()).length, 0);
  assert.equal(await page.getByLabel("Admin key").getAttribute("type"), "password");
  await page.screenshot({ path: `${SHOTS}login.png` });
  // The refusal was a 401 answer, which chromium logs as a failed resource: not a page bug.
  problems.length = 0;

  await signIn(page, gateway.url, ADMIN_KEY);
  await page.getByTestId("version").waitFor();
  const [cookie] = await context.cookies();
  assert.equal(cookie.name, "ferryllm_ui");
  assert.equal(cookie.httpOnly, true);
  assert.equal(cookie.sameSite, "Strict");
  assert.ok(cookie.expires > 0 && cookie.expires - Date.now() / 1000 <= 15 * 60 + 5);
  assert.ok(!page.url().includes(ADMIN_KEY));
  assert.equal(await page.evaluate<number>("localStorage.length + sessionStorage.length"), 0);
  assert.equal(await page.getByTestId("readiness").innerText(), "ready");
}

async function trafficShowsUp({ page, gateway }: Session, canary: string) {
  const ids = [
    ...await sendAllProtocols(gateway.url, "gpt-4o-mini", canary),
    ...await sendAllProtocols(gateway.url, "claude-sonnet-4", canary),
  ];
  await eventually(
    "8 requests in the traffic tiles",
    async () => (await page.getByTestId("requests-total").innerText()) === "8",
  );
  assert.notEqual(await page.getByTestId("request-rate").innerText(), "0 /s");
  const requestsOf = (provider: string) =>
    page.locator(`tr[data-provider="${provider}"] [data-col="requests"]`).first().innerText();
  await eventually(
    "provider rows",
    async () =>
      (await requestsOf("mock_openai")) === "4" && (await requestsOf("mock_anthropic")) === "4",
  );
  const row = page.locator(`tr[data-request-id="${ids.at(-1)}"]`);
  await row.waitFor();
  const cells = await row.innerText();
  assert.match(cells, /gemini/);
  assert.match(cells, /mock_anthropic → claude-mock-1/);
  for (const protocol of ["openai", "openai_responses", "anthropic (stream)", "gemini"]) {
    assert.ok(
      await page.locator("tr[data-request-id] td", { hasText: protocol }).count() > 0,
      protocol,
    );
  }
  for (const chart of ["rate", "latency", "ttfb"]) {
    assert.equal(await page.locator(`[data-chart="${chart}"] canvas`).count(), 1, chart);
  }
  await page.screenshot({ path: `${SHOTS}overview.png`, fullPage: true });
}

async function routeTesterConfigAndReload({ page }: Session) {
  await page.getByRole("textbox", { name: "Model name" }).fill("claude-opus-4");
  await page.getByLabel("Client protocol").selectOption("anthropic");
  await page.getByLabel("Prompt tokens (about)").fill("5000");
  await page.getByRole("checkbox", { name: "tools" }).check();
  await page.getByRole("button", { name: "Show route" }).click();
  await page.getByTestId("route-provider").waitFor();
  assert.equal(await page.getByTestId("route-provider").innerText(), "mock_anthropic (anthropic)");
  assert.equal(await page.getByTestId("route-upstream-model").innerText(), "claude-mock-1");

  const config = await page.getByTestId("config-json").innerText();
  assert.match(config, /\[redacted\]/);
  assert.match(config, /MOCK_ANTHROPIC_KEY/);
  assert.ok(!config.includes(PROVIDER_SECRET));
  assert.ok(!config.includes("org-secret-header-value"));

  await page.getByRole("button", { name: "Reload config" }).click();
  await page.getByText(/config reloaded from/).waitFor();
  await page.locator("#route-tester").screenshot({ path: `${SHOTS}route-tester.png` });
  await page.locator("#config").screenshot({ path: `${SHOTS}config.png` });
}

async function keyboardAndDarkMode({ page }: Session) {
  // Reload keeps focus on its button; from the top, Tab reaches the skip link, then the controls.
  assert.equal(await page.evaluate("document.activeElement?.textContent"), "Reload config");
  await page.reload();
  await page.getByTestId("version").waitFor();
  const focusedText = () => page.evaluate<string>("document.activeElement?.textContent ?? ''");
  await page.keyboard.press("Tab");
  assert.equal(await focusedText(), "Skip to content");
  await page.keyboard.press("Tab");
  assert.equal((await focusedText()).trim(), "Pause updates");
  await page.keyboard.press("Enter");
  await page.getByText("Resume updates").waitFor();
  await page.keyboard.press("Enter");
  await page.getByText("Pause updates").waitFor();

  await page.emulateMedia({ colorScheme: "dark" });
  await page.waitForTimeout(300);
  const background = await page.evaluate<string>("getComputedStyle(document.body).backgroundColor");
  assert.equal(background, "rgb(13, 17, 23)");
  await page.screenshot({ path: `${SHOTS}overview-dark.png` });
}

Deno.test({
  name: "the dashboard in chromium against a real gateway and the mock upstream",
  ignore: !haveChromium && Deno.env.get("CI") !== "true",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn(t) {
    await Deno.mkdir(SHOTS, { recursive: true });
    const mock = await startMockUpstream();
    const gateway = await startGatewayProcess(configToml(mock.url), {
      FERRYLLM_ADMIN_KEY: ADMIN_KEY,
      MOCK_ANTHROPIC_KEY: "sk-env-anthropic",
    });
    const browser = await launch();
    try {
      const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
      const page = await context.newPage();
      const session: Session = { page, context, gateway, problems: [] };
      page.on("console", (m) => {
        if (m.type() === "error") session.problems.push(`console: ${m.text()}`);
      });
      page.on("pageerror", (e) => session.problems.push(`page error: ${e.message}`));
      const canary = `CANARY-${crypto.randomUUID()}`;

      await t.step(
        "a wrong key is refused; the right one opens a cookie session",
        () => signInRefusedThenAccepted(session),
      );
      await t.step(
        "traffic in all four protocols updates tiles, providers and recent requests",
        () => trafficShowsUp(session, canary),
      );
      await t.step(
        "route tester, redacted config view, reload button",
        () => routeTesterConfigAndReload(session),
      );
      await t.step("no prompt or answer text and no secret anywhere in the page", async () => {
        const html = await page.content();
        for (const forbidden of [canary, "Hello from mock", PROVIDER_SECRET, ADMIN_KEY]) {
          assert.ok(!html.includes(forbidden), `page contains ${forbidden}`);
        }
      });
      await t.step("keyboard navigation and dark mode", () => keyboardAndDarkMode(session));
      await t.step(
        "no console errors; data endpoints refuse a caller without the session",
        async () => {
          const bare = await fetch(`${gateway.url}/ui/api/snapshot`);
          assert.equal(bare.status, 401);
          await bare.body?.cancel();
          assert.deepEqual(session.problems, []);
        },
      );
    } finally {
      await browser.close();
      await gateway.close();
      await mock.close();
    }
  },
});
