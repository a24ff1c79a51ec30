import { lstatSync, readFileSync, readlinkSync } from "node:fs";
import path from "node:path";
import fg from "fast-glob";
import { sha256Hex } from "../shared/hash.js";
import { isErrorCode } from "../shared/fs-port.js";
import { compareStrings, isSameOrInside } from "../shared/paths.js";
import {
  createScanFilter,
  dropGitignored,
  readTrackedIgnored,
  hashEntry,
  scanTree,
  type ScanEntry,
  type ScanOptions,
} from "./scan-tree.js";

/**
 * What a path holds in an overlay. `origin` is the path on disk the entry descends from (through moves and edits),
 * so a whole migration can be shown as renames; a file without `bytes` holds the disk bytes of its `origin`.
 */
export type OverlayEntry =
  | { kind: "absent" }
  | { kind: "file"; mode: number; bytes?: Buffer; origin?: string }
  | { kind: "symlink"; target: string; origin?: string }
  | { kind: "dir"; mode: number };

/**
 * The tree on disk with changes held in memory on top: a dry run plans each step on the tree the previous steps
 * would leave by reading through it, and never writes. Root-relative POSIX paths throughout.
 */
export interface TreeOverlay {
  readonly root: string;
  /** Every path changed so far, with what it holds now. */
  readonly changes: ReadonlyMap<string, OverlayEntry>;
  /** What a path holds now: its change, else what the disk holds. */
  entryOf(rootRelative: string): OverlayEntry;
  /** What the disk holds, ignoring the changes. */
  diskEntryOf(rootRelative: string): OverlayEntry;
  /** The bytes of a file as it is now; throws ENOENT like the disk for anything else. */
  readFile(rootRelative: string): Buffer;
  /** The bytes of a file as the disk holds it, ignoring the changes. */
  readDiskFile(rootRelative: string): Buffer;
  set(rootRelative: string, entry: OverlayEntry): void;
  /** scanTree over the tree as it is now (the disk's scan with the changes laid over it). */
  scan(options?: ScanOptions): Promise<ScanEntry[]>;
  /** The scan entry of one path as it is now, whatever the manifest includes; undefined when nothing is there. */
  scanEntryOf(rootRelative: string): ScanEntry | undefined;
  /** Every path under `folder` as it is now, whatever the manifest excludes (graft's own folder aside). */
  listUnder(folder: string): Promise<string[]>;
  /** Content identity of a scanned entry as it is now: sha256 of a file, `link:<target>` of a symlink. */
  identityOf(entry: ScanEntry): Promise<string>;
  /** An independent copy with the same changes (the tree at this point, kept while planning goes on). */
  fork(): TreeOverlay;
}

/** Creates an overlay over `root` holding `changes` (none by default). */
export function createTreeOverlay(root: string, changes: ReadonlyMap<string, OverlayEntry> = new Map()): TreeOverlay {
  const own = new Map(changes);
  const diskEntryOf = (rel: string): OverlayEntry => {
    let stat: ReturnType<typeof lstatSync>;
    try {
      stat = lstatSync(path.join(root, rel), { throwIfNoEntry: false });
    } catch (error) {
      if (isErrorCode(error, "ENOTDIR")) return { kind: "absent" };
      throw error;
    }
    if (!stat) return { kind: "absent" };
    if (stat.isSymbolicLink()) return { kind: "symlink", target: readlinkSync(path.join(root, rel)), origin: rel };
    if (stat.isDirectory()) return { kind: "dir", mode: stat.mode & 0o7777 };
    return { kind: "file", mode: stat.mode & 0o7777, origin: rel };
  };
  const entryOf = (rel: string): OverlayEntry => own.get(rel) ?? diskEntryOf(rel);
  const readFile = (rel: string): Buffer => {
    const entry = own.get(rel);
    if (!entry) return readFileSync(path.join(root, rel));
    if (entry.kind !== "file")
      throw Object.assign(new Error(`ENOENT: no such file, open '${rel}'`), { code: "ENOENT" });
    return entry.bytes ?? readFileSync(path.join(root, entry.origin!));
  };
  return {
    root,
    changes: own,
    entryOf,
    diskEntryOf,
    readFile,
    readDiskFile: (rel) => readFileSync(path.join(root, rel)),
    set: (rel, entry) => {
      own.set(rel, entry);
    },
    async scan(options = {}) {
      // Read once for both passes over git's rules below.
      const tracked = options.gitignore ? readTrackedIgnored(root) : undefined;
      const disk = (await scanTree(root, { ...options, tracked })).filter((entry) => !own.has(entry.path));
      const isScanned = createScanFilter(options);
      for (const [rel, entry] of own) {
        if (entry.kind === "absent" || !isScanned(rel)) continue;
        disk.push(toScanEntry(rel, entry, readFile));
      }
      const merged = disk.sort((a, b) => compareStrings(a.path, b.path));
      // The disk's entries passed git's rules already; the changed ones are judged by the same rules.
      return options.gitignore
        ? dropGitignored(root, merged, undefined, async (rel) => readFile(rel).toString("utf8"), await tracked)
        : merged;
    },
    scanEntryOf(rel) {
      const entry = entryOf(rel);
      return entry.kind === "absent" ? undefined : toScanEntry(rel, entry, readFile);
    },
    async listUnder(folder) {
      const found = new Set<string>();
      if (diskEntryOf(folder).kind === "dir") {
        const names = await fg(["**/*"], {
          cwd: path.join(root, folder),
          dot: true,
          onlyFiles: false,
          followSymbolicLinks: false,
          ignore: ["**/.graft/**"],
        });
        for (const name of names) found.add(`${folder}/${name.replace(/\/$/, "")}`);
      }
      for (const [rel, entry] of own) {
        if (!isSameOrInside(rel, folder) || rel === folder) continue;
        if (entry.kind === "absent") found.delete(rel);
        else found.add(rel);
      }
      return [...found].sort(compareStrings);
    },
    async identityOf(entry) {
      const changed = own.get(entry.path);
      if (!changed) return hashEntry(root, entry);
      if (changed.kind === "symlink") return `link:${changed.target}`;
      return sha256Hex(readFile(entry.path));
    },
    fork: () => createTreeOverlay(root, own),
  };
}

function toScanEntry(rel: string, entry: Exclude<OverlayEntry, { kind: "absent" }>, read: (p: string) => Buffer) {
  if (entry.kind === "symlink")
    return {
      path: rel,
      kind: "symlink",
      size: entry.target.length,
      mode: 0o777,
      linkTarget: entry.target,
    } as ScanEntry;
  if (entry.kind === "dir") return { path: rel, kind: "dir", size: 0, mode: entry.mode } as ScanEntry;
  return { path: rel, kind: "file", size: read(rel).length, mode: entry.mode } as ScanEntry;
}
