/**
 * The page's own copy of the `/ui/api/*` shapes (lib/dashboard/web/types.ts, kept free of server
 * imports so the browser bundle stays small) must describe what the server sends. These checks run
 * in `deno task check`: a server field the page reads that is renamed, dropped or retyped fails the
 * type check here, before a browser ever shows a blank cell.
 */
import assert from "node:assert/strict";
import type { DashboardSnapshot } from "../../lib/dashboard/snapshot.ts";
import type { RouteAnswer as ServerRouteAnswer } from "../../lib/dashboard/route_explainer.ts";
import type { RouteAnswer, Snapshot } from "../../lib/dashboard/web/types.ts";

/** Compiles only when every value of `Server` is a value the page's type accepts. */
type PageReads<Server, Page> = [Server] extends [Page] ? true : never;

const snapshotFits: PageReads<DashboardSnapshot, Snapshot> = true;
const routeAnswerFits: PageReads<ServerRouteAnswer, RouteAnswer> = true;

Deno.test("the page's types accept the server's snapshot and route answer", () => {
  assert.deepEqual([snapshotFits, routeAnswerFits], [true, true]);
});
