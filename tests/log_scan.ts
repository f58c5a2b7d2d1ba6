/**
 * CI's log scan: every line the test suite logged through the gateway's logger (captured under
 * `FERRYLLM_LOG_CAPTURE_DIR`, see tests/support/log_capture.ts) is searched for provider keys,
 * prompt text and answer text. Exits 1 naming the offending lines.
 *
 * usage: deno run --allow-read tests/log_scan.ts DIR
 *
 * @module
 */
import { CANARY } from "./security/_gateway.ts";
import { findLeaks } from "./security/_leaks.ts";

const dir = Deno.args[0];
if (!dir) {
  console.error("usage: log_scan.ts DIR");
  Deno.exit(2);
}
let lines = 0;
const leaks: string[] = [];
for (const entry of Deno.readDirSync(dir)) {
  if (!entry.isFile || !entry.name.endsWith(".log")) continue;
  const text = Deno.readTextFileSync(`${dir}/${entry.name}`);
  const fileLines = text.split("\n").filter((line) => line !== "");
  lines += fileLines.length;
  leaks.push(...findLeaks(fileLines));
}
if (lines === 0) {
  console.error(`log scan: no captured log lines in ${dir}; was FERRYLLM_LOG_CAPTURE_DIR set?`);
  Deno.exit(1);
}
if (leaks.length > 0) {
  console.error(`log scan: ${leaks.length} of ${lines} lines leak a key or text:`);
  for (const leak of leaks.slice(0, 20)) console.error(`  ${leak.slice(0, 300)}`);
  Deno.exit(1);
}
console.log(
  `log scan: ${lines} lines, no key (${CANARY.providerKey.slice(0, 5)}…), prompt or answer`,
);
