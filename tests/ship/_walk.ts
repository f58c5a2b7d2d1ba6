/** Lists the files under a directory, recursively (bounded: at most 10,000). */
export async function walk(dir: string): Promise<string[]> {
  const files: string[] = [];
  const pending = [dir];
  while (pending.length > 0 && files.length < 10_000) {
    const current = pending.pop()!;
    for await (const entry of Deno.readDir(current)) {
      const path = `${current.replace(/\/$/, "")}/${entry.name}`;
      if (entry.isDirectory) pending.push(path);
      else if (entry.isFile) files.push(path);
    }
  }
  return files.sort();
}
