import assert from "node:assert/strict";
import { createHandler } from "../../lib/server/handler.ts";
import {
  chatJson,
  chatRequest,
  chunkFrame,
  config,
  controlledStream,
  errorJson,
  FakeClock,
  FINISH_FRAMES,
  post,
  scriptedFetch,
} from "../ops/_support.ts";

const TOML = `
[[providers]]
name = "east"
type = "openai"
base_url = "http://east.test"

[[providers]]
name = "west"
type = "openai"
base_url = "http://west.test"

[[providers]]
name = "backup"
type = "openai"
base_url = "http://backup.test"

[[routes]]
match = "claude-"
targets = [
  { provider = "east", model = "gpt-5.5", weight = 3 },
  { provider = "west", model = "gpt-5.5-west", weight = 1 },
]
fallback_providers = ["backup"]
eject_after_failures = 2
eject_cooldown_secs = 30
`;

function setup(script: Parameters<typeof scriptedFetch>[0]) {
  const clock = new FakeClock();
  const upstream = scriptedFetch(script);
  const models: string[] = [];
  const recordingFetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    models.push(JSON.parse(String(init?.body)).model);
    return await upstream.fetch(input, init);
  }) as typeof fetch;
  const events: { type: string }[] = [];
  const handler = createHandler({
    config: config(TOML),
    fetch: recordingFetch,
    now: clock.now,
    random: () => 0, // weighted order: east, then west
    events: (e) => events.push(e),
  });
  const ask = (stream = false) =>
    handler(post("/v1/chat/completions", chatRequest("claude-sonnet-4-6", "hi", stream)));
  return { clock, calls: upstream.calls, models, events, ask, handler };
}

async function readAll(res: Response): Promise<string> {
  return await res.text();
}

function brokenBeforeFirstByte(): Response {
  const stream = controlledStream();
  stream.fail();
  return stream.response;
}

Deno.test("a failure before the first byte moves to the next target, then to the fallbacks", async () => {
  const t = setup({
    "east.test": [errorJson(503, "down")],
    "west.test": [errorJson(502, "bad gateway")],
    "backup.test": [chatJson("from backup")],
  });
  const res = await t.ask();
  assert.equal(res.status, 200);
  assert.equal((await res.json()).choices[0].message.content, "from backup");
  assert.deepEqual(t.calls, ["east.test", "west.test", "backup.test"]);
  assert.deepEqual(t.models, ["gpt-5.5", "gpt-5.5-west", "claude-sonnet-4-6"]);
});

Deno.test("bad input is not moved: a 400 from the first target is the answer", async () => {
  const t = setup({ "east.test": [errorJson(400, "bad request")], "west.test": [chatJson("x")] });
  const res = await t.ask();
  assert.equal(res.status, 400);
  await res.body?.cancel();
  assert.deepEqual(t.calls, ["east.test"]);
});

Deno.test("a stream that failed before its first byte moves on to the next target", async () => {
  const west = controlledStream();
  west.push(chunkFrame("hello from west"));
  west.push(FINISH_FRAMES);
  west.end();
  const t = setup({ "east.test": [brokenBeforeFirstByte()], "west.test": [west.response] });
  const res = await t.ask(true);
  assert.equal(res.status, 200);
  const text = await readAll(res);
  assert.match(text, /hello from west/);
  assert.doesNotMatch(text, /"error"/);
  assert.deepEqual(t.calls, ["east.test", "west.test"]);
});

Deno.test("a stream that failed after its first byte does not move on", async () => {
  const east = controlledStream();
  east.push(chunkFrame("partial "));
  const t = setup({ "east.test": [east.response], "west.test": [chatJson("never")] });
  const res = await t.ask(true);
  assert.equal(res.status, 200);
  const reading = readAll(res);
  east.fail();
  const text = await reading;
  assert.match(text, /partial /);
  assert.match(text, /"error"/, "the client is told the stream broke");
  assert.deepEqual(t.calls, ["east.test"], "west was never tried");
});

Deno.test("consecutive failures eject a target: it gets no traffic until its cooldown ends", async () => {
  const t = setup({
    "east.test": [errorJson(503, "down"), errorJson(503, "down"), chatJson("east is back")],
    "west.test": Array.from({ length: 6 }, () => chatJson("west")),
  });
  for (let i = 0; i < 2; i++) await (await t.ask()).body?.cancel();
  assert.deepEqual(t.calls, ["east.test", "west.test", "east.test", "west.test"]);
  assert.deepEqual(t.events.filter((e) => e.type === "target_ejected"), [
    { type: "target_ejected", provider: "east", target: "east/gpt-5.5" },
  ]);
  const metrics = await (await t.handler(new Request("http://gw/metrics"))).text();
  assert.match(metrics, /ferryllm_pool_ejections_total\{provider="east"\} 1/);
  t.calls.length = 0;
  for (let i = 0; i < 3; i++) {
    await (await t.ask()).body?.cancel();
    t.clock.advance(9_000); // 27 s
  }
  assert.deepEqual(t.calls, ["west.test", "west.test", "west.test"], "east skipped while ejected");
  t.clock.advance(3_001);
  t.calls.length = 0;
  const res = await t.ask();
  assert.equal((await res.json()).choices[0].message.content, "east is back");
  assert.deepEqual(t.calls, ["east.test"], "probed after the cooldown, and it recovered");
});

Deno.test("every target ejected: the least-bad one is still tried before the fallbacks", async () => {
  const t = setup({
    "east.test": [errorJson(503, "x"), errorJson(503, "x"), chatJson("east again")],
    "west.test": [errorJson(503, "x"), errorJson(503, "x")],
    "backup.test": [chatJson("b"), chatJson("b")],
  });
  for (let i = 0; i < 2; i++) await (await t.ask()).body?.cancel();
  t.calls.length = 0;
  const res = await t.ask();
  assert.equal((await res.json()).choices[0].message.content, "east again");
  assert.deepEqual(t.calls, ["east.test"], "not failed fast, not straight to the fallback");
});

Deno.test("a target that times out counts toward its ejection", async () => {
  const loaded = config(
    `[server]\nrequest_timeout_secs = 0.05\n${
      TOML.replace("eject_after_failures = 2", "eject_after_failures = 1")
    }`,
  );
  const calls: string[] = [];
  const hanging = ((input: RequestInfo | URL, init?: RequestInit) => {
    const host = new URL(String(input)).host;
    calls.push(host);
    if (host === "west.test") return Promise.resolve(chatJson("west"));
    return new Promise<Response>((_, reject) => {
      const signal = init!.signal!;
      signal.addEventListener("abort", () => reject(signal.reason), { once: true });
    });
  }) as typeof fetch;
  const handler = createHandler({ config: loaded, fetch: hanging, random: () => 0 });
  const ask = () => handler(post("/v1/chat/completions", chatRequest("claude-x", "hi")));
  const first = await ask();
  assert.equal(first.status, 504);
  await first.body?.cancel();
  assert.deepEqual(calls, ["east.test"], "the deadline is the whole request's: no time to move on");
  const second = await ask();
  assert.equal(second.status, 200);
  await second.body?.cancel();
  assert.deepEqual(calls, ["east.test", "west.test"], "east was ejected by its timeout");
});
