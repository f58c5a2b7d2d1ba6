/**
 * Runs the mock upstream as its own process for the benchmark, so its CPU is not billed to
 * the gateway or the load generator. Prints its URL on the first line of stdout.
 */
import { startMockUpstream } from "../support/mock_upstream/mod.ts";

const mock = await startMockUpstream();
console.log(mock.url);
await new Promise(() => {});
