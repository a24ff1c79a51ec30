import { closeSync, fstatSync, openSync, readFileSync, type Stats } from "node:fs";
import path from "node:path";
import { RefusedError } from "../shared/errors.js";
import { sha256Hex } from "../shared/hash.js";

/** Reads files of a tree on demand and remembers the sha256 of each, so a plan can pin what it read. */
export interface TreeReader {
  readFile(rootRelative: string): Buffer;
  /** Root-relative path → sha256 of everything read so far. */
  readonly reads: ReadonlyMap<string, string>;
  /** Root-relative path → the file's identity (fileIdentityOf) when it was read, for files not written just before. */
  readonly identities: ReadonlyMap<string, string>;
}

/**
 * A file's identity as `lstat`/`fstat` give it: device, inode, size, mtime and ctime. Any write to the file sets its
 * ctime to the clock's time (user code cannot set ctime), so a file whose identity is the same as when it was read
 * holds the same bytes — unless it was written again within one tick of the clock that stamps ctime after that read
 * (git's "racily clean" entries). A reader keeps identities only for files whose ctime is `racyMarginMs` older than
 * the read: a later write then gets a later ctime. Apply uses them to skip re-reading files a plan only read.
 */
export function fileIdentityOf(stats: Stats): string {
  return `${stats.dev}:${stats.ino}:${stats.size}:${stats.mtimeMs}:${stats.ctimeMs}`;
}

/** How much older than its read a file's ctime must be for its identity to be kept (far above any clock tick). */
export const racyMarginMs = 2000;

/**
 * Bytes kept for a second read. A plan reads most files once, to learn that they do not mention a move, and
 * reads again only the few it rewrites; keeping every buffer made memory grow with the whole tree (≈ 6.6 MiB per
 * 1,000 files of a monorepo). Past this budget a buffer is not kept: a second read of it comes from the source
 * again and must have the bytes the first one pinned.
 */
export const keptBytesBudget = 8 * 1024 * 1024;

/** Creates a caching reader over `root`, reading through `source` when given (a dry run's overlay of the tree). */
export function createTreeReader(
  root: string,
  source?: { readFile(rootRelative: string): Buffer },
  budget = keptBytesBudget,
  racyMargin = racyMarginMs,
): TreeReader {
  const cache = new Map<string, Buffer>();
  const reads = new Map<string, string>();
  const identities = new Map<string, string>();
  let kept = 0;
  // The same calls readFileSync(path) makes (open, fstat, read, close), with the fstat kept. Through an overlay
  // (a dry run's tree) there is no file to stat, and no identity.
  const readFromDisk = (rootRelative: string): Buffer => {
    const fd = openSync(path.join(root, rootRelative), "r");
    try {
      const stats = fstatSync(fd);
      const bytes = readFileSync(fd);
      if (stats.isFile() && stats.ctimeMs < Date.now() - racyMargin && !identities.has(rootRelative))
        identities.set(rootRelative, fileIdentityOf(stats));
      return bytes;
    } finally {
      closeSync(fd);
    }
  };
  return {
    reads,
    identities,
    readFile(rootRelative) {
      const cached = cache.get(rootRelative);
      if (cached) return cached;
      const bytes = source ? source.readFile(rootRelative) : readFromDisk(rootRelative);
      const sha256 = sha256Hex(bytes);
      const pinned = reads.get(rootRelative);
      if (pinned !== undefined && pinned !== sha256)
        throw new RefusedError(
          `${rootRelative}: changed while graft was planning (another program wrote to it); plan again`,
        );
      reads.set(rootRelative, sha256);
      if (kept + bytes.length <= budget) {
        cache.set(rootRelative, bytes);
        kept += bytes.length;
      }
      return bytes;
    },
  };
}
