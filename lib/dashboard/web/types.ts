/**
 * The JSON the page reads from `/ui/api/*`: the server's own definitions (types only, so nothing
 * of the gateway enters the browser bundle).
 *
 * @module
 */
export type * from "../api_types.ts";
