/**
 * Middleware: a function around the scoped handler. Each operational policy (origin guard, auth,
 * rate limit, body arrival, concurrency) is one middleware in its own file; `compose` nests them,
 * first = outermost. Each reads and writes the request's scope, never a side channel.
 *
 * @module
 */
import type { RequestScope } from "../scope.ts";

export type ScopedHandler = (scope: RequestScope) => Promise<Response>;
export type Middleware = (scope: RequestScope, next: ScopedHandler) => Promise<Response>;

export function compose(middlewares: Middleware[], handler: ScopedHandler): ScopedHandler {
  return middlewares.reduceRight<ScopedHandler>(
    (next, middleware) => (scope) => middleware(scope, next),
    handler,
  );
}
