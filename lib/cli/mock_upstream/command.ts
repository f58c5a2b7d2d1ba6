/**
 * The `ferryllm mock-upstream` row of main.ts's command table: a fast stand-in provider for load
 * tests and demos, speaking all four protocols by path. Its first stdout line says where it
 * listens, so scripts can start it on port 0 and read the URL. The server itself loads on use.
 *
 * @module
 */
import process from "node:process";
import type { Command } from "../command.ts";
import { withUsage } from "../flag_checks.ts";
import type { ServeFunction } from "../start_gateway.ts";
import { MOCK_UPSTREAM_FLAGS, parseMockUpstreamFlags } from "./options.ts";

export function mockUpstreamCommand(serve: ServeFunction): Command {
  const command: Command = {
    name: "mock-upstream",
    summary: "a mock LLM provider (all four protocols) for load tests and fault drills",
    usage: "mock-upstream [--listen HOST:PORT] [--chunks N] [--chunk-delay-ms N] [--fault KIND]",
    details:
      `Serves by path, JSON or streaming as the request asks: POST …/chat/completions (OpenAI),
…/responses (Responses), …/messages (Anthropic), …/models/MODEL:generateContent and
:streamGenerateContent[?alt=sse] (Gemini).

  -l, --listen HOST:PORT   where to listen (default 127.0.0.1:0, a free port); the first
                           stdout line is "listening on http://HOST:PORT"
      --delay-ms N         wait N ms before the response headers (env MOCK_DELAY_MS)
      --chunk-delay-ms N   wait N ms between stream chunks (default 0)
      --chunks N           text pieces per answer, one per stream chunk (default 20)
      --tool-calls         answer with a call to the request's first tool (arguments in N
                           pieces) instead of text
      --fault KIND         status:CODE (the protocol's error body, e.g. status:503), reset
                           (drop the connection half-way), hang (never answer), stall (send
                           half the stream, then go silent)
      --fault-rate R       fraction of requests that get the fault, evenly spread (default 1)

Stops on SIGINT or SIGTERM.`,
    options: MOCK_UPSTREAM_FLAGS,
    run: (values) =>
      withUsage(command, async () => {
        const options = parseMockUpstreamFlags(values, (name) => process.env[name]);
        const { createMockUpstreamHandler } = await import("./handler.ts");
        const server = await serve(
          createMockUpstreamHandler(options),
          options.hostname,
          options.port,
        );
        const host = options.hostname.includes(":") ? `[${options.hostname}]` : options.hostname;
        console.log(`listening on http://${host}:${server.port}`);
        await untilStopSignal();
        // Hanging and stalled requests never finish by themselves: give the rest a moment.
        await Promise.race([server.shutdown(), new Promise((resolve) => setTimeout(resolve, 500))]);
        return 0;
      }),
  };
  return command;
}

function untilStopSignal(): Promise<string> {
  return new Promise((resolve) => {
    process.once("SIGTERM", () => resolve("SIGTERM"));
    process.once("SIGINT", () => resolve("SIGINT"));
  });
}
