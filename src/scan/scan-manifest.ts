import path from "node:path";
import type { Manifest } from "../model/manifest.js";
import { isGeneratedArtefactPath } from "../shared/generated-artefacts.js";
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

/** What a scan that ignores nothing (but graft's own folders) finds under a move's `from` beyond the manifest's scan. */
export interface ExcludedEntries {
  /** Folders that hold excluded entries, so they cannot be removed. */
  kept: Set<string>;
  /**
   * Generated artefacts (bytecode, tool caches) the manifest's scan left out, deepest first: not a reason to keep a
   * folder (an emptied package holding only `__pycache__` would still import as a namespace package).
   */
  generated: { path: string; kind: "file" | "dir" }[];
}

/** Folders under `from` that hold entries the manifest excludes, and the generated artefacts there. */
export async function findFoldersWithExcludedEntries(
  root: string,
  from: string,
  seen: ReadonlyMap<string, ScanEntry>,
  overlay?: TreeOverlay,
): Promise<ExcludedEntries> {
  const tree = overlay ?? createTreeOverlay(root);
  const all = await tree.listUnder(from);
  const kept = new Set<string>();
  const generated: ExcludedEntries["generated"] = [];
  for (const p of all) {
    if (seen.has(p)) continue;
    const kind = tree.entryOf(p).kind;
    if (isGeneratedArtefactPath(p.slice(from.length + 1)) && (kind === "file" || kind === "dir")) {
      generated.push({ path: p, kind });
      continue;
    }
    let dir = path.posix.dirname(p);
    while (isSameOrInside(dir, from)) {
      kept.add(dir);
      if (dir === from) break;
      dir = path.posix.dirname(dir);
    }
  }
  // An artefact inside a kept folder stays with it; the others go, files before their folders.
  const removable = generated.filter((g) => !kept.has(g.path));
  removable.sort((a, b) => b.path.split("/").length - a.path.split("/").length || compareStrings(b.path, a.path));
  return { kept, generated: removable };
}
