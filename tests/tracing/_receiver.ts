/**
 * A loopback OTLP/HTTP receiver for the tracing tests: decodes each JSON
 * `ExportTraceServiceRequest` into flat spans with plain attribute values. `hang` makes it
 * accept exports and never answer (until closed), like a collector stuck behind a dead proxy.
 *
 * @module
 */

export interface ReceivedSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  start: bigint;
  end: bigint;
  status: { code: number; message?: string };
  attributes: Record<string, unknown>;
  resource: Record<string, unknown>;
  receivedAt: number;
}

export interface Receiver {
  url: string;
  spans: ReceivedSpan[];
  /** Raw request bodies, for "this text appears nowhere" checks. */
  bodies: string[];
  /** Export requests that arrived (answered or not). */
  posts: number;
  close(): Promise<void>;
}

export async function startReceiver(options: { hang?: boolean } = {}): Promise<Receiver> {
  const pending: (() => void)[] = [];
  const receiver: Receiver = {
    url: "",
    spans: [],
    bodies: [],
    posts: 0,
    close: async () => {},
  };
  const { promise: listening, resolve } = Promise.withResolvers<number>();
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen: ({ port }) => resolve(port) },
    async (request) => {
      receiver.posts += 1;
      const body = await request.text();
      if (options.hang) {
        await new Promise<void>((r) => pending.push(r));
        return new Response("{}");
      }
      if (new URL(request.url).pathname !== "/v1/traces") {
        return new Response("wrong path", { status: 404 });
      }
      receiver.bodies.push(body);
      receiver.spans.push(...decode(JSON.parse(body)));
      return Response.json({});
    },
  );
  receiver.url = `http://127.0.0.1:${await listening}`;
  receiver.close = async () => {
    for (const release of pending) release();
    await server.shutdown();
  };
  return receiver;
}

// deno-lint-ignore no-explicit-any
type Json = any;

function decode(request: Json): ReceivedSpan[] {
  const out: ReceivedSpan[] = [];
  for (const rs of request.resourceSpans ?? []) {
    const resource = attributes(rs.resource?.attributes);
    for (const ss of rs.scopeSpans ?? []) {
      for (const s of ss.spans ?? []) {
        out.push({
          traceId: s.traceId,
          spanId: s.spanId,
          parentSpanId: s.parentSpanId || undefined,
          name: s.name,
          kind: s.kind,
          start: BigInt(s.startTimeUnixNano),
          end: BigInt(s.endTimeUnixNano),
          status: s.status,
          attributes: attributes(s.attributes),
          resource,
          receivedAt: Date.now(),
        });
      }
    }
  }
  return out;
}

function attributes(list: Json[] | undefined): Record<string, unknown> {
  return Object.fromEntries((list ?? []).map((a) => [a.key, value(a.value)]));
}

function value(v: Json): unknown {
  if ("stringValue" in v) return v.stringValue;
  if ("boolValue" in v) return v.boolValue;
  if ("intValue" in v) return Number(v.intValue);
  if ("doubleValue" in v) return v.doubleValue;
  if ("arrayValue" in v) return (v.arrayValue.values ?? []).map(value);
  throw new Error(`unknown OTLP value ${JSON.stringify(v)}`);
}
