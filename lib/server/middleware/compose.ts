/**
 * Middleware: a function around the fetch handler. Each operational policy (auth, rate limit,
 * concurrency) is one middleware in its own file; `compose` nests them, first = outermost.
 *
 * @module
 */
export type FetchHandler = (request: Request) => Promise<Response>;
export type Middleware = (request: Request, next: FetchHandler) => Promise<Response>;

export function compose(middlewares: Middleware[], handler: FetchHandler): FetchHandler {
  return middlewares.reduceRight<FetchHandler>(
    (next, middleware) => (request) => middleware(request, next),
    handler,
  );
}
