import path from "node:path";
import type { FsPort } from "./fs-port.js";

/** Folders tools regenerate on their own (bytecode and tool caches): never a user's work. */
const generatedFolders = new Set(["__pycache__", ".pytest_cache", ".mypy_cache", ".ruff_cache", ".hypothesis"]);

/** True when a folder entry's name is a generated artefact: a cache folder or compiled Python bytecode. */
export function isGeneratedArtefactName(name: string): boolean {
  return generatedFolders.has(name) || name.endsWith(".pyc") || name.endsWith(".pyo");
}

/** True when a root-relative path is, or lies inside, a generated artefact. */
export function isGeneratedArtefactPath(rel: string): boolean {
  return rel.split("/").some(isGeneratedArtefactName);
}

/**
 * Removes the generated artefacts directly in `dir` (cache folders with everything in them, bytecode files), so
 * a folder that holds nothing else can be removed. Symlinks are unlinked, never followed. Returns the names removed.
 */
export async function removeGeneratedArtefacts(fs: FsPort, dir: string): Promise<string[]> {
  const removed: string[] = [];
  for (const name of await fs.readdir(dir)) {
    if (!isGeneratedArtefactName(name)) continue;
    await removeTree(fs, path.join(dir, name));
    removed.push(name);
  }
  return removed;
}

async function removeTree(fs: FsPort, target: string): Promise<void> {
  const stats = await fs.lstat(target);
  if (!stats.isDirectory()) return fs.unlink(target);
  for (const name of await fs.readdir(target)) await removeTree(fs, path.join(target, name));
  await fs.rmdir(target);
}
