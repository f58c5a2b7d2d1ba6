/**
 * The stream path without the network: the gateway's handler in this process, its upstream a
 * fetch that answers at once with a 50-chunk OpenAI stream, one chunk per read. CPU per stream
 * for OpenAI → OpenAI (the same-protocol fast path) and Anthropic → OpenAI (translated), so the
 * gateway's own work is measured without sockets, and without the other processes of a shared
 * machine in the figure. A script that prints figures, not a timed test.
 *
 *   deno run -A tests/bench/stream_inprocess_bench.ts [--streams 2000] [--rounds 5]
 *     [--against /path/to/other/checkout] [--root /path/to/checkout/measured]
 *
 * `--against` loads a second copy of the gateway from another checkout (e.g. the code before a
 * change) into the same process; rounds alternate between the two, and each figure is the
 * best round. Both copies share one heap, so one's garbage can be collected in the other's
 * round: for a before/after figure, prefer separate runs with `--root`, alternated.
 */
import { parseArgs } from "node:util";
import { cpuUsage } from "node:process";

const { values } = parseArgs({
  args: Deno.args,
  options: {
    streams: { type: "string", default: "2000" },
    rounds: { type: "string", default: "5" },
    concurrency: { type: "string", default: "16" },
    against: { type: "string" },
    root: { type: "string" },
  },
});
const STREAMS = Number(values.streams);
const ROUNDS = Number(values.rounds);
const CONCURRENCY = Number(values.concurrency);
const CHUNKS = 50;

const TOML = `
[logging]
level = "error"
[[providers]]
name = "up"
type = "openai"
base_url = "http://upstream.test/v1"
api_key = "k"
[[routes]]
match = "*"
provider = "up"
`;

const encoder = new TextEncoder();
/** The upstream's frames, made once: the figure is the gateway's work, not the mock's. */
function upstreamChunks(model: string): Uint8Array[] {
  const frame = (delta: unknown, finish: string | null = null, usage?: unknown) =>
    encoder.encode(`data: ${
      JSON.stringify({
        id: "chatcmpl-up",
        object: "chat.completion.chunk",
        created: 1_700_000_000,
        model,
        choices: usage ? [] : [{ index: 0, delta, logprobs: null, finish_reason: finish }],
        ...(usage ? { usage } : {}),
      })
    }\n\n`);
  const chunks = [frame({ role: "assistant", content: "" })];
  for (let i = 0; i < CHUNKS; i++) chunks.push(frame({ content: `word${i} ` }));
  chunks.push(frame({}, "stop"));
  chunks.push(
    frame(undefined, null, { prompt_tokens: 11, completion_tokens: 50, total_tokens: 61 }),
  );
  chunks.push(encoder.encode("data: [DONE]\n\n"));
  return chunks;
}

type Handler = (request: Request) => Promise<Response>;

async function gatewayFrom(root: string): Promise<Handler> {
  const { createHandler } = await import(`${root}/lib/server/handler.ts`);
  const { loadConfig } = await import(`${root}/lib/config/load.ts`);
  const chunks = upstreamChunks("mock-model");
  return createHandler({
    config: loadConfig(TOML, "bench.toml", { env: () => undefined, readFile: () => "" }),
    observe: () => {},
    fetch: (() => {
      let next = 0;
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (next < chunks.length) controller.enqueue(chunks[next++]);
          else controller.close();
        },
      }, { highWaterMark: 0 });
      return Promise.resolve(
        new Response(body, { headers: { "content-type": "text/event-stream" } }),
      );
    }) as typeof fetch,
  });
}

function request(protocol: "openai" | "anthropic"): Request {
  const messages = [{ role: "user", content: "hi" }];
  return protocol === "openai"
    ? new Request("http://127.0.0.1/v1/chat/completions", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ model: "mock-model", stream: true, messages }),
    })
    : new Request("http://127.0.0.1/v1/messages", {
      method: "POST",
      headers: { "content-type": "application/json", "anthropic-version": "2023-06-01" },
      body: JSON.stringify({ model: "mock-model", stream: true, max_tokens: 100, messages }),
    });
}

/** CPU µs per stream over one round of STREAMS streams, CONCURRENCY at a time. */
async function round(handler: Handler, protocol: "openai" | "anthropic"): Promise<number> {
  let left = STREAMS;
  const worker = async () => {
    while (left-- > 0) {
      const res = await handler(request(protocol));
      const reader = res.body!.getReader();
      while (!(await reader.read()).done) { /* read to the end, as a client does */ }
      if (res.status !== 200) throw new Error(`${protocol}: status ${res.status}`);
    }
  };
  const before = cpuUsage();
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const used = cpuUsage(before);
  return (used.user + used.system) / STREAMS;
}

/** Other work on the machine only ever adds CPU time (caches, frequency): the best round counts. */
const best = (list: number[]) => Math.min(...list);

const gateways: Record<string, Handler> = {
  this: await gatewayFrom(
    (values.root ?? new URL("../..", import.meta.url).pathname).replace(/\/$/, ""),
  ),
};
if (values.against) gateways.against = await gatewayFrom(values.against.replace(/\/$/, ""));
const protocols = ["openai", "anthropic"] as const;
const figures: Record<string, number[]> = {};
for (const handler of Object.values(gateways)) {
  for (const protocol of protocols) await round(handler, protocol); // warm-up
}
for (let r = 0; r < ROUNDS; r++) {
  for (const [name, handler] of Object.entries(gateways)) {
    for (const protocol of protocols) {
      (figures[`${name} ${protocol}`] ??= []).push(await round(handler, protocol));
    }
  }
}
for (const name of Object.keys(gateways)) {
  const same = best(figures[`${name} openai`]);
  const translated = best(figures[`${name} anthropic`]);
  console.log(
    `${name}: CPU µs per ${CHUNKS}-chunk stream: OpenAI→OpenAI ${same.toFixed(0)}, ` +
      `Anthropic→OpenAI ${translated.toFixed(0)}, ratio ${(translated / same).toFixed(2)}×`,
  );
}
