/**
 * Model-name globs (`claude-*`, `gpt-5*`): `*` matches any run of characters, everything else
 * matches itself. Used by key allow-lists and `[[pricing]]` rows.
 *
 * @module
 */
const cache = new Map<string, RegExp>();

export function globMatches(pattern: string, name: string): boolean {
  let regex = cache.get(pattern);
  if (!regex) {
    const body = pattern.split("*").map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
      .join(".*");
    regex = new RegExp(`^${body}$`);
    if (cache.size < 1000) cache.set(pattern, regex);
  }
  return regex.test(name);
}
