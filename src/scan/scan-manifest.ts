import { lstat, readlink } from "node:fs/promises";
import path from "node:path";
import fg from "fast-glob";
import type { Manifest } from "../model/manifest.js";
import { compareStrings, isSameOrInside } from "../shared/paths.js";
import { hashEntries, scanTree, type ScanEntry } from "./scan-tree.js";

/** The pre-migration tree as the manifest sees it. */
export interface ScannedTree {
  /** Every entry under root matching include minus exclude, by root-relative path. */
  entries: Map<string, ScanEntry>;
  /** Entries at or under each move's from / to, in manifest order. */
  moves: { from: string; to: string; sourceEntries: ScanEntry[]; targetEntries: ScanEntry[] }[];
}

/** Scans the manifest's root once and splits the entries per move. */
export async function scanManifestTree(manifest: Manifest): Promise<ScannedTree> {
  const list = await scanTree(manifest.root, {
    include: manifest.data.include,
    exclude: manifest.data.exclude,
    gitignore: manifest.data.gitignore,
  });
  const entries = new Map(list.map((e) => [e.path, e]));
  // A move names its ends on purpose: they are part of the tree even when `include` matches neither (a folder
  // under `include: ["**/*.ts"]`), so the planner knows a folder move from a file move and sees what `to` holds.
  let added = false;
  for (const end of manifest.data.moves.flatMap((m) => [m.from, m.to])) {
    if (entries.has(end)) continue;
    const entry = await statEntry(manifest.root, end);
    if (!entry) continue;
    entries.set(end, entry);
    list.push(entry);
    added = true;
  }
  if (added) list.sort((a, b) => compareStrings(a.path, b.path));
  const moves = manifest.data.moves.map(({ from, to }) => ({
    from,
    to,
    sourceEntries: list.filter((e) => isSameOrInside(e.path, from)),
    targetEntries: list.filter((e) => isSameOrInside(e.path, to)),
  }));
  return { entries, moves };
}

/** The scan entry of one root-relative path, or undefined when nothing is there. */
async function statEntry(root: string, rel: string): Promise<ScanEntry | undefined> {
  const stats = await lstat(path.join(root, rel)).catch(() => undefined);
  if (!stats) return undefined;
  const kind = stats.isSymbolicLink() ? "symlink" : stats.isDirectory() ? "dir" : "file";
  const entry: ScanEntry = { path: rel, kind, size: stats.size, mode: stats.mode & 0o7777 };
  if (kind === "symlink") entry.linkTarget = await readlink(path.join(root, rel));
  return entry;
}

/** Hashes the given root-relative paths of scanned entries (files by content, symlinks by target). */
export async function hashPaths(
  root: string,
  entries: ReadonlyMap<string, ScanEntry>,
  paths: Iterable<string>,
): Promise<Map<string, string>> {
  const selected: ScanEntry[] = [];
  for (const p of paths) {
    const e = entries.get(p);
    if (e && e.kind !== "dir") selected.push(e);
  }
  return hashEntries(root, selected);
}

/** Folders under `from` that hold entries the manifest excludes (so they cannot be removed), from a scan that ignores nothing but graft's own folders. */
export async function findFoldersWithExcludedEntries(
  root: string,
  from: string,
  seen: ReadonlyMap<string, ScanEntry>,
): Promise<Set<string>> {
  const all = await fg(["**/*"], {
    cwd: path.join(root, from),
    dot: true,
    onlyFiles: false,
    followSymbolicLinks: false,
    ignore: ["**/.graft/**"],
  });
  const kept = new Set<string>();
  for (const rel of all) {
    const p = `${from}/${rel.replace(/\/$/, "")}`;
    if (seen.has(p)) continue;
    let dir = path.posix.dirname(p);
    while (isSameOrInside(dir, from)) {
      kept.add(dir);
      if (dir === from) break;
      dir = path.posix.dirname(dir);
    }
  }
  return kept;
}
