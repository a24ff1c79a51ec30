import { readFileSync } from "node:fs";
import path from "node:path";
import { RefusedError } from "../shared/errors.js";
import { sha256Hex } from "../shared/hash.js";

/** Reads files of a tree on demand and remembers the sha256 of each, so a plan can pin what it read. */
export interface TreeReader {
  readFile(rootRelative: string): Buffer;
  /** Root-relative path → sha256 of everything read so far. */
  readonly reads: ReadonlyMap<string, string>;
}

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
): TreeReader {
  const cache = new Map<string, Buffer>();
  const reads = new Map<string, string>();
  let kept = 0;
  return {
    reads,
    readFile(rootRelative) {
      const cached = cache.get(rootRelative);
      if (cached) return cached;
      const bytes = source ? source.readFile(rootRelative) : readFileSync(path.join(root, rootRelative));
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
