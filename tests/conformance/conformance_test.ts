/**
 * The conformance table: every client protocol × every upstream protocol × every case, driven
 * end to end through the HTTP gateway by the official SDKs against the loopback mock upstream.
 * Prints the pairs × cases matrix at the end.
 */
import { CASES } from "./cases.ts";
import { clientDrivers } from "./drivers.ts";
import { PROTOCOLS, routeTo, startConformance } from "./gateway.ts";

const label = (p: string) => p === "openai" ? "openai_chat" : p;

Deno.test("conformance: every entry x adapter pair passes every case", async (t) => {
  const env = await startConformance();
  const drivers = clientDrivers(env.url);
  const cells = new Map<string, boolean>();
  try {
    for (const client of PROTOCOLS) {
      for (const upstream of PROTOCOLS) {
        const pair = `${label(client)} -> ${label(upstream)}`;
        for (const c of CASES) {
          const ok = await t.step(
            `${pair}: ${c.name}`,
            () =>
              c.run({
                client: drivers[client],
                upstream,
                model: routeTo(upstream),
                mock: env.mock,
              }),
          );
          cells.set(`${pair}|${c.name}`, ok);
        }
      }
    }
  } finally {
    await env.close();
    printMatrix(cells);
  }
});

function printMatrix(cells: Map<string, boolean>) {
  const pairs = [...new Set([...cells.keys()].map((k) => k.split("|")[0]))];
  const width = Math.max(...pairs.map((p) => p.length));
  const heads = CASES.map((c) => c.name);
  const lines = [["pair".padEnd(width), ...heads].join(" | ")];
  for (const pair of pairs) {
    const row = heads.map((h) => {
      const ok = cells.get(`${pair}|${h}`);
      return (ok === undefined ? "-" : ok ? "ok" : "FAIL").padEnd(h.length);
    });
    lines.push([pair.padEnd(width), ...row].join(" | "));
  }
  const failed = [...cells.values()].filter((ok) => !ok).length;
  lines.push(`${cells.size - failed} of ${cells.size} cells ok`);
  console.log(`\n${lines.join("\n")}\n`);
}
