/**
 * A fake OpenAI Chat Completions upstream for the team-gateway tests: every answer reports the
 * same usage (so totals and cost are known in advance), and a prompt containing "HOLD" is kept
 * open until the test releases it (or the gateway's connection goes away).
 *
 * @module
 */

/** Usage every answer reports: 1000 prompt tokens (200 of them cached), 500 completion. */
export const UPSTREAM_USAGE = {
  prompt_tokens: 1000,
  completion_tokens: 500,
  total_tokens: 1500,
  prompt_tokens_details: { cached_tokens: 200 },
};

/**
 * gpt-4o-mini at OpenAI's list prices (USD per million tokens: input 0.15, cached input 0.075,
 * output 0.60): 800 × 0.15 + 200 × 0.075 + 500 × 0.60 = 435 per million requests.
 */
export const COST_PER_REQUEST_USD = (800 * 0.15 + 200 * 0.075 + 500 * 0.6) / 1_000_000;

export interface FakeUpstream {
  url: string;
  /** Message lists of the requests received, oldest first. */
  bodies: { messages: { role: string; content: unknown }[] }[];
  /** Answers every held request. */
  release(): void;
  close(): Promise<void>;
}

export function startFakeUpstream(): Promise<FakeUpstream> {
  const bodies: FakeUpstream["bodies"] = [];
  let releaseAll = () => {};
  let released = new Promise<void>((resolve) => (releaseAll = resolve));
  return new Promise((resolve) => {
    const server = Deno.serve({
      hostname: "127.0.0.1",
      port: 0,
      onListen: ({ port }) =>
        resolve({
          url: `http://127.0.0.1:${port}/v1`,
          bodies,
          release: () => {
            releaseAll();
            released = new Promise<void>((resolve) => (releaseAll = resolve));
          },
          close: async () => {
            releaseAll();
            await server.shutdown();
          },
        }),
    }, async (request) => {
      const body = await request.json();
      bodies.push(body);
      if (JSON.stringify(body.messages).includes("HOLD")) {
        const gone = new Promise<void>((resolve) =>
          request.signal.addEventListener("abort", () => resolve(), { once: true })
        );
        let timer: ReturnType<typeof setTimeout> | undefined;
        const cap = new Promise<void>((resolve) => (timer = setTimeout(resolve, 20_000)));
        await Promise.race([released, gone, cap]);
        clearTimeout(timer);
      }
      return Response.json({
        id: "chatcmpl-fake",
        object: "chat.completion",
        created: 1,
        model: body.model,
        choices: [{
          index: 0,
          message: { role: "assistant", content: "fine" },
          finish_reason: "stop",
        }],
        usage: UPSTREAM_USAGE,
      });
    });
  });
}
