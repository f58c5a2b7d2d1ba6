/**
 * End-to-end: the real client CLIs, through the in-process gateway, to the mock upstream, each
 * completing one shell-tool round trip (the mock asks for `echo hi`, the client runs it, the
 * result travels back through the gateway, and the mock's final answer quotes it).
 *
 * Needs the clients from `bash tests/e2e/install_clients.sh`; without them every test fails
 * with that instruction. `FERRYLLM_E2E=0` registers the tests as ignored instead.
 *
 * @module
 */
import assert from "node:assert/strict";
import { dirname, join } from "node:path";
import { startMockUpstream } from "../support/mock_upstream/mod.ts";
import {
  type ClientName,
  type ClientRun,
  E2E_DISABLED,
  makeClientHome,
  requireClient,
  runClient,
  tail,
} from "./clients.ts";
import { singleUpstreamToml, startGateway, type UpstreamType } from "./gateway.ts";
import {
  claudeCode,
  type ClientCommand,
  codex,
  geminiCli,
  opencodeChat,
  opencodeGemini,
  THINK_PROMPT,
} from "./invocations.ts";
import {
  assertAnthropicThinkingReplayed,
  assertGeminiSignatureReplayed,
} from "./signature_checks.ts";
import { toolResultTexts } from "./tool_results.ts";

const TIMEOUT_SECONDS = 120;

interface CliCase {
  name: string;
  client: ClientName;
  upstream: UpstreamType;
  /** The gateway entry the client must have used, as "METHOD /path" (query ignored). */
  entryPath: RegExp;
  command(gatewayUrl: string, home: string): ClientCommand;
  /** Extra checks on what the upstream received (signature round trips). */
  check?: (upstreamRequests: { protocol: string; body: unknown }[]) => void;
}

const cases: CliCase[] = [
  {
    client: "claude",
    name: "Claude Code completes a Bash round trip through the gateway to an OpenAI chat upstream",
    upstream: "openai",
    entryPath: /^POST \/v1\/messages\?beta=true$/,
    command: (url) => claudeCode(url),
  },
  {
    client: "opencode",
    name: "opencode (openai-compatible chat) completes a bash round trip to an Anthropic upstream",
    upstream: "anthropic",
    entryPath: /^POST \/v1\/chat\/completions$/,
    command: (url) => opencodeChat(url),
  },
  {
    client: "codex",
    name: "Codex (Responses) completes an exec_command round trip to an Anthropic upstream",
    upstream: "anthropic",
    entryPath: /^POST \/v1\/responses$/,
    command: (url, home) => codex(url, home),
  },
  {
    client: "gemini",
    name: "Gemini CLI completes a run_shell_command round trip to an OpenAI chat upstream",
    upstream: "openai",
    entryPath: /^POST \/v1beta\/models\/gemini-2\.5-flash:streamGenerateContent\?alt=sse$/,
    command: (url) => geminiCli(url),
  },
  {
    client: "opencode",
    name: "opencode (google provider) completes a bash round trip to a Responses upstream",
    upstream: "openai_responses",
    entryPath: /^POST \/v1beta\/models\/gemini-2\.5-flash:streamGenerateContent\?alt=sse$/,
    command: (url) => opencodeGemini(url),
  },
  {
    client: "claude",
    name: "Claude Code replays Anthropic thinking byte-exact to an Anthropic upstream",
    upstream: "anthropic",
    entryPath: /^POST \/v1\/messages\?beta=true$/,
    command: (url) => claudeCode(url, THINK_PROMPT),
    check: assertAnthropicThinkingReplayed,
  },
  {
    client: "claude",
    name: "Claude Code carries a Gemini thought signature back to its functionCall",
    upstream: "gemini",
    entryPath: /^POST \/v1\/messages\?beta=true$/,
    command: (url) => claudeCode(url, THINK_PROMPT),
    check: assertGeminiSignatureReplayed,
  },
  {
    client: "codex",
    name: "Codex carries Anthropic thinking back to Anthropic through encrypted reasoning",
    upstream: "anthropic",
    entryPath: /^POST \/v1\/responses$/,
    command: (url, home) => codex(url, home, THINK_PROMPT),
    check: assertAnthropicThinkingReplayed,
  },
];

for (const testCase of cases) {
  Deno.test({
    name: `e2e: ${testCase.name}`,
    ignore: E2E_DISABLED,
    // Client CLIs keep background work (telemetry flushes, file watchers) we do not own.
    sanitizeOps: false,
    sanitizeResources: false,
    fn: () => runCase(testCase),
  });
}

async function runCase(testCase: CliCase): Promise<void> {
  requireClient(testCase.client);
  const mock = await startMockUpstream();
  const gateway = await startGateway(singleUpstreamToml(testCase.upstream, mock.url));
  const home = await makeClientHome();
  try {
    const command = testCase.command(gateway.url, home.home);
    for (const [path, content] of Object.entries(command.homeFiles ?? {})) {
      await Deno.mkdir(dirname(join(home.home, path)), { recursive: true });
      await Deno.writeTextFile(join(home.home, path), content);
    }
    const run = await runClient({
      ...command,
      home: home.home,
      cwd: home.cwd,
      timeoutSeconds: TIMEOUT_SECONDS,
    });
    console.log(`${command.client}: ${run.seconds.toFixed(1)} s, exit ${run.code}`);
    const context = describe(run, gateway.received, mock.requests);
    if (Deno.env.get("FERRYLLM_E2E_VERBOSE") === "1") console.log(context);
    assertRoundTrip(testCase, run, gateway.received, mock.requests, context);
    testCase.check?.(mock.requests);
  } finally {
    await home.cleanup();
    await gateway.close();
    await mock.close();
  }
}

function assertRoundTrip(
  testCase: CliCase,
  run: ClientRun,
  received: string[],
  upstreamRequests: { protocol: string; body: unknown }[],
  context: string,
): void {
  assert.ok(!run.timedOut, `client timed out after ${TIMEOUT_SECONDS} s\n${context}`);
  assert.equal(run.code, 0, `client exited ${run.code}\n${context}`);
  // Gemini CLI exits 0 even after a broken stream, so its stderr markers are checked too.
  for (const marker of ["[ERROR]", "API Error", "stream disconnected", "Error:"]) {
    assert.ok(!run.stderr.includes(marker), `stderr contains "${marker}"\n${context}`);
  }
  assert.ok(
    received.some((line) => testCase.entryPath.test(line)),
    `the gateway never saw ${testCase.entryPath}\n${context}`,
  );
  const strays = upstreamRequests.filter((r) => r.protocol !== testCase.upstream);
  assert.equal(strays.length, 0, `upstream got non-${testCase.upstream} requests\n${context}`);
  // The client's tool output reached the upstream, in that protocol's tool-result shape...
  const results = upstreamRequests.flatMap((r) => toolResultTexts(testCase.upstream, r.body));
  const result = results.findLast((text) => /\bhi\b/.test(text));
  assert.ok(
    result !== undefined,
    `no upstream request carried the tool result "hi"; results seen: ${JSON.stringify(results)}\n` +
      context,
  );
  // ...and the upstream's answer, which quotes the first 60 characters of that result, reached
  // the client. (Codex's result starts with a "Chunk ID: … Wall time: …" header, so "hi" itself
  // lies past those 60 characters; the quote is compared instead.)
  const quoted = `TOOL_RESULT_SEEN: ${result.slice(0, 60)}`;
  assert.ok(
    squash(run.stdout).includes(squash(quoted)),
    `stdout does not contain ${JSON.stringify(quoted)}\n${context}`,
  );
}

/** Whitespace runs as one space: the mock flattens newlines and clients trim line ends. */
function squash(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

function describe(
  run: ClientRun,
  received: string[],
  upstreamRequests: { protocol: string; path: string; search: string }[],
): string {
  return [
    `--- gateway received:\n${received.join("\n")}`,
    `--- upstream received:\n${
      upstreamRequests.map((r) => `${r.protocol} ${r.path}${r.search}`).join("\n")
    }`,
    `--- stdout (tail):\n${tail(run.stdout)}`,
    `--- stderr (tail):\n${tail(run.stderr)}`,
  ].join("\n");
}
