/**
 * One hash over what the dashboard bundle is built from: every file in this folder except the
 * build script itself, and the pinned versions of the bundled browser libraries.
 *
 * @module
 */
const here = new URL(".", import.meta.url);
const LIBRARIES = ["preact", "htm", "uplot"];

export async function dashboardSourceHash(): Promise<string> {
  const names: string[] = [];
  for await (const entry of Deno.readDir(here)) {
    if (entry.isFile && entry.name !== "build.ts") names.push(entry.name);
  }
  names.sort();
  const pkg = JSON.parse(await Deno.readTextFile(new URL("../../../package.json", here)));
  let text = LIBRARIES.map((name) => `${name}@${pkg.devDependencies?.[name]}`).join("\n");
  for (const name of names) {
    const content = await Deno.readTextFile(new URL(name, here));
    // Line endings differ between checkouts; the bundle does not.
    text += `\n--- ${name}\n${content.replace(/\r\n/g, "\n")}`;
  }
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}
