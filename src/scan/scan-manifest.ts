import path from "node:path";
import type { Manifest } from "../model/manifest.js";
import { compareStrings, isSameOrInside } from "../shared/paths.js";
import { hashEntries, scanTree, type ScanEntry } from "./scan-tree.js";
import { createTreeOverlay, type TreeOverlay } from "./tree-overlay.js";

/** The pre-migration tree as the manifest sees it. */
export interface ScannedTree {
  /** Every entry under root matching include minus exclude, by root-relative path. */
  entries: Map<string, ScanEntry>;
  /** Entries at or under each move's from / to, in manifest order. */
  moves: { from: string; to: string; sourceEntries: ScanEntry[]; targetEntries: ScanEntry[] }[];
}

/** Scans the manifest's root once (through `overlay` when planning on a tree earlier steps would leave) and splits the entries per move. */
export async function scanManifestTree(manifest: Manifest, overlay?: TreeOverlay): Promise<ScannedTree> {
  const options = {
    include: manifest.data.include,
    exclude: manifest.data.exclude,
    gitignore: manifest.data.gitignore,
  };
  const list = await (overlay ? overlay.scan(options) : scanTree(manifest.root, options));
  const entries = new Map(list.map((e) => [e.path, e]));
  // A move names its ends on purpose: they are part of the tree even when `include` matches neither (a folder
  // under `include: ["**/*.ts"]`), so the planner knows a folder move from a file move and sees what `to` holds.
  let added = false;
  const current = overlay ?? createTreeOverlay(manifest.root);
  for (const end of manifest.data.moves.flatMap((m) => [m.from, m.to])) {
    if (entries.has(end)) continue;
    const entry = current.scanEntryOf(end);
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

/** Hashes the given root-relative paths of scanned entries (files by content, symlinks by target). */
export async function hashPaths(
  root: string,
  entries: ReadonlyMap<string, ScanEntry>,
  paths: Iterable<string>,
  overlay?: TreeOverlay,
): Promise<Map<string, string>> {
  const selected: ScanEntry[] = [];
  for (const p of paths) {
    const e = entries.get(p);
    if (e && e.kind !== "dir") selected.push(e);
  }
  if (!overlay) return hashEntries(root, selected);
  const identities = new Map<string, string>();
  for (const entry of selected) identities.set(entry.path, await overlay.identityOf(entry));
  return identities;
}

/** Folders under `from` that hold entries the manifest excludes (so they cannot be removed), from a scan that ignores nothing but graft's own folders. */
export async function findFoldersWithExcludedEntries(
  root: string,
  from: string,
  seen: ReadonlyMap<string, ScanEntry>,
  overlay?: TreeOverlay,
): Promise<Set<string>> {
  const all = await (overlay ?? createTreeOverlay(root)).listUnder(from);
  const kept = new Set<string>();
  for (const p of all) {
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
