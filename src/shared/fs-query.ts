import { lstat, realpath, stat } from "node:fs/promises";

/** What a path is on disk, without following a final symlink; null when it does not exist. */
export async function lstatKind(absolute: string): Promise<"file" | "dir" | "symlink" | "other" | null> {
  try {
    const st = await lstat(absolute);
    if (st.isSymbolicLink()) return "symlink";
    if (st.isDirectory()) return "dir";
    if (st.isFile()) return "file";
    return "other";
  } catch {
    return null;
  }
}

/** True when the path exists and is a folder (following symlinks). */
export async function isDirectory(absolute: string): Promise<boolean> {
  try {
    return (await stat(absolute)).isDirectory();
  } catch {
    return false;
  }
}

/** Real path of `absolute`, or of its deepest existing ancestor joined with the missing rest. */
export async function realPathOfNearest(absolute: string): Promise<string> {
  const { dirname, basename, join } = await import("node:path");
  const missing: string[] = [];
  let current = absolute;
  for (;;) {
    try {
      const real = await realpath(current);
      return missing.length === 0 ? real : join(real, ...missing.reverse());
    } catch {
      const parent = dirname(current);
      if (parent === current) return absolute;
      missing.push(basename(current));
      current = parent;
    }
  }
}
