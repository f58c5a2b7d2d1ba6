/**
 * README.zh-CN.md follows README.md: the same sections, and every command and config block
 * byte for byte, so a reader of either runs the same thing.
 */
import assert from "node:assert/strict";

const read = (name: string) => Deno.readTextFileSync(new URL(`../${name}`, import.meta.url));

/** Fenced blocks with their info string, in order (indented blocks inside lists included). */
function fencedBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^( *)```(\w*)\n([\s\S]*?)^\1```$/gm)].map((m) =>
    `${m[2]}\n${m[3]}`
  );
}

/** Inline commands a reader would copy: `deno task …`, `deno run …`, `npx …`, `curl …`. */
function inlineCommands(markdown: string): string[] {
  return [...markdown.matchAll(/`((?:deno|npx|curl|bun|podman|kubectl|\.\/dist)[^`]*)`/g)]
    .map((m) => m[1]).sort();
}

Deno.test("README.zh-CN.md has README.md's sections and identical command blocks", () => {
  const en = read("README.md");
  const zh = read("README.zh-CN.md");
  const sections = (text: string) => text.match(/^#{1,3} /gm)?.length ?? 0;
  assert.equal(sections(zh), sections(en), "the same number of sections");
  const enBlocks = fencedBlocks(en);
  assert.ok(enBlocks.length >= 6);
  assert.deepEqual(fencedBlocks(zh), enBlocks);
  assert.deepEqual(inlineCommands(zh), inlineCommands(en));
  for (const marker of ["<!-- fresh-clone-build -->", "README.zh-CN.md"]) {
    assert.ok(marker === "README.zh-CN.md" ? en.includes(marker) : zh.includes(marker), marker);
  }
});
