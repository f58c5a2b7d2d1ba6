/**
 * `deno task release --host` (what CI runs): the host binary and the bundle land in
 * dist/release/ with a SHA256SUMS that matches them, both report the version, the commit they
 * were built from and the build date, serve a priced request and a token count (the parts that
 * load on first use), and `deno publish --dry-run` passes.
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { VERSION } from "../../lib/version.ts";
import { hostTarget } from "../../scripts/build_steps.ts";
import { assertLoadsOnUse } from "./_loads_on_use.ts";

const root = new URL("../../", import.meta.url).pathname;

async function run(command: string, args: string[]) {
  const out = await new Deno.Command(command, {
    args,
    cwd: root,
    env: { NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
  assert.equal(out.code, 0, `${command} ${args.join(" ")}:\n${text}`);
  return new TextDecoder().decode(out.stdout);
}

Deno.test("deno task release --host builds the binary and bundle with checksums and a stamp", async () => {
  const started = performance.now();
  const log = await run(Deno.execPath(), ["task", "release", "--host"]);
  console.log(`release --host: ${((performance.now() - started) / 1000).toFixed(1)} s`);
  assert.match(log, /deno publish --dry-run: ok/);

  const dir = `${root}dist/release`;
  const binary = `ferryllm-${VERSION}-${hostTarget().name}`;
  const bundle = `ferryllm-${VERSION}.js`;
  const sums = (await Deno.readTextFile(`${dir}/SHA256SUMS`)).trim().split("\n");
  assert.deepEqual(sums.map((line) => line.split("  ")[1]).sort(), [binary, bundle].sort());
  for (const line of sums) {
    const [hex, name] = line.split("  ");
    const actual = createHash("sha256").update(await Deno.readFile(`${dir}/${name}`)).digest("hex");
    assert.equal(actual, hex, `checksum of ${name}`);
  }

  const commit = (await run("git", ["rev-parse", "--short=12", "HEAD"])).trim();
  for (
    const [command, args] of [[`${dir}/${binary}`, []], [Deno.execPath(), [
      "run",
      "-A",
      `${dir}/${bundle}`,
    ]]] as const
  ) {
    const version = await run(command, [...args, "version"]);
    assert.match(version, new RegExp(`^ferryllm ${VERSION.replaceAll(".", "\\.")}\\n`));
    assert.match(version, new RegExp(`^commit: ${commit}$`, "m"));
    const built = /^built: (\S+)$/m.exec(version)?.[1];
    assert.ok(built && Math.abs(Date.parse(built) - Date.now()) < 30 * 60_000, version);
    // What loads on first use (price table, tokenizer) survives minifying, bytecode, bundling.
    await assertLoadsOnUse([command, ...args]);
  }
});
