import { readFileSync } from "node:fs";
import path from "node:path";
import { sha256Hex } from "../shared/hash.js";

/** Reads files of a tree on demand and remembers the sha256 of each, so a plan can pin what it read. */
export interface TreeReader {
  readFile(rootRelative: string): Buffer;
  /** Root-relative path → sha256 of everything read so far. */
  readonly reads: ReadonlyMap<string, string>;
}

/** Creates a caching reader over `root`, reading through `source` when given (a dry run's overlay of the tree). */
export function createTreeReader(root: string, source?: { readFile(rootRelative: string): Buffer }): TreeReader {
  const cache = new Map<string, Buffer>();
  const reads = new Map<string, string>();
  return {
    reads,
    readFile(rootRelative) {
      const cached = cache.get(rootRelative);
      if (cached) return cached;
      const bytes = source ? source.readFile(rootRelative) : readFileSync(path.join(root, rootRelative));
      cache.set(rootRelative, bytes);
      reads.set(rootRelative, sha256Hex(bytes));
      return bytes;
    },
  };
}
