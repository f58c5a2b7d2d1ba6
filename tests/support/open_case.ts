/**
 * The one shape of every docs/compatibility.md "Open protocols" case: a value the client decoder
 * does not know reaches an upstream of the client's own protocol (`check` sees that body, with no
 * warning), and every other upstream gets the request without it (`trace` absent) plus `warning`.
 */
import assert from "node:assert/strict";
import type { ProtocolId } from "../../lib/ir/content.ts";
import { PROTOCOLS, translate } from "./translate.ts";

export type OpenCase = (
  name: string,
  body: unknown,
  check: (upstream: Record<string, unknown>) => void,
  warning: string,
  trace: string,
) => void;

/** Registers cases for `client`, named "`clientLabel` client: … passes to `upstreamLabel` …". */
export function openCasesFor(
  client: ProtocolId,
  clientLabel: string,
  upstreamLabel: string,
  params?: Record<string, string>,
): OpenCase {
  const others = PROTOCOLS.filter((p) => p !== client);
  return (name, body, check, warning, trace) => {
    Deno.test(
      `${clientLabel} client: ${name} passes to ${upstreamLabel} and is dropped with a warning elsewhere`,
      () => {
        const same = translate(client, body, client, { params });
        check(same.body);
        assert.deepEqual(same.warnings, []);
        for (const target of others) {
          const other = translate(client, body, target, { params });
          assert.ok(other.warnings.includes(warning), `${target}: ${other.warnings.join(", ")}`);
          assert.ok(!JSON.stringify(other.body).includes(trace), `${target} body holds ${trace}`);
        }
      },
    );
  };
}
