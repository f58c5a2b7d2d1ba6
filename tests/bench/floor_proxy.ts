/**
 * The floor: the least a proxy can do. Forwards method, path, headers and body to the upstream
 * and pipes the answer back, parsing nothing. Usage: floor_proxy.ts UPSTREAM_URL; prints
 * `listening on http://HOST:PORT` like ferryllm.
 */
const upstream = Deno.args[0];
const server = Deno.serve({
  hostname: "127.0.0.1",
  port: 0,
  onListen: ({ port }) => console.log(`listening on http://127.0.0.1:${port}`),
}, async (request) => {
  const url = new URL(request.url);
  const headers = new Headers(request.headers);
  headers.delete("host");
  const answer = await fetch(upstream + url.pathname + url.search, {
    method: request.method,
    headers,
    body: request.body,
    signal: request.signal,
  });
  return new Response(answer.body, { status: answer.status, headers: answer.headers });
});
Deno.addSignalListener("SIGTERM", () => server.shutdown().then(() => Deno.exit(0)));
