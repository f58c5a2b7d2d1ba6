/**
 * Runs a callback exactly once when a response is over: its body fully read, failed, or
 * cancelled by the runtime (Deno and Bun cancel the body when the client disconnects). This is
 * what keeps limit slots from leaking when a client hangs up in the middle of a stream.
 *
 * `request.signal` is deliberately not used: Deno also aborts it after successful responses.
 *
 * @module
 */
export function releaseWhenDone(response: Response, release: () => void): Response {
  let released = false;
  const once = () => {
    if (released) return;
    released = true;
    release();
  };
  if (!response.body) {
    once();
    return response;
  }
  const reader = response.body.getReader();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { value, done } = await reader.read();
        if (done) {
          once();
          controller.close();
          return;
        }
        controller.enqueue(value);
      } catch (error) {
        once();
        controller.error(error);
      }
    },
    async cancel(reason) {
      once();
      await reader.cancel(reason).catch(() => {});
    },
  });
  return new Response(body, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
}
