import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { readFile, readlink } from "node:fs/promises";
import path from "node:path";
import fg from "fast-glob";
import type { EntryKind } from "../model/plan.js";
import { sha256Hex } from "../shared/hash.js";
import { compareStrings } from "../shared/paths.js";
import { createGitignoreRules, toWalkIgnoreGlobs } from "./gitignore.js";

/** Folders graft never scans or touches, whatever the manifest says. */
export const alwaysExcluded = [".git", "node_modules", ".graft"] as const;

/** One scanned path, root-relative POSIX; symlinks are recorded, never followed. */
export interface ScanEntry {
  path: string;
  kind: EntryKind;
  size: number;
  mode: number;
  linkTarget?: string;
}

/** Options of a scan: root-relative globs. */
export interface ScanOptions {
  include?: readonly string[];
  exclude?: readonly string[];
  /** Skip what the tree's `.gitignore` files (and `.git/info/exclude`) ignore (default false here; manifests default true). */
  gitignore?: boolean;
}

/** Lists every file, symlink and folder under root matching include minus exclude (sorted by path). */
export async function scanTree(root: string, options: ScanOptions = {}): Promise<ScanEntry[]> {
  const rootRules = options.gitignore ? await readRootGitignores(root) : undefined;
  const walkIgnores = rootRules ? (toWalkIgnoreGlobs(rootRules.join("\n")) ?? []) : [];
  const ignore = [
    ...alwaysExcluded.flatMap((name) => [`**/${name}`, `**/${name}/**`]),
    ...(options.exclude ?? []),
    ...walkIgnores,
  ];
  const found = await fg(options.include?.length ? [...options.include] : ["**/*"], {
    cwd: root,
    dot: true,
    onlyFiles: false,
    followSymbolicLinks: false,
    stats: true,
    ignore,
    unique: true,
    suppressErrors: false,
  });
  const entries = await Promise.all(
    found.map(async (item): Promise<ScanEntry> => {
      const stats = item.stats!;
      const kind: EntryKind = stats.isSymbolicLink() ? "symlink" : stats.isDirectory() ? "dir" : "file";
      const entry: ScanEntry = {
        path: item.path.replace(/\/$/, ""),
        kind,
        size: stats.size,
        mode: stats.mode & 0o7777,
      };
      if (kind === "symlink") entry.linkTarget = await readlink(path.join(root, item.path));
      return entry;
    }),
  );
  const sorted = entries.sort((a, b) => compareStrings(a.path, b.path));
  return rootRules ? await dropGitignored(root, sorted, rootRules) : sorted;
}

/** Reads a root-relative text file (the disk by default; a dry run's overlay reads through its changes). */
export type ReadText = (rootRelative: string) => Promise<string>;

/** The root `.gitignore` and `.git/info/exclude`, as texts (absent files skipped). */
async function readRootGitignores(root: string, readText: ReadText = diskText(root)): Promise<string[]> {
  const texts = await Promise.all(
    [".gitignore", ".git/info/exclude"].map((file) => readText(file).catch(() => undefined)),
  );
  return texts.filter((text): text is string => text !== undefined);
}

function diskText(root: string): ReadText {
  return (rel) => readFile(path.join(root, rel), "utf8");
}

/** Drops what git would ignore, reading every `.gitignore` among the entries; entries arrive sorted (folders first). */
export async function dropGitignored(
  root: string,
  entries: ScanEntry[],
  rootRules?: readonly string[],
  readText: ReadText = diskText(root),
): Promise<ScanEntry[]> {
  const files = new Map<string, string>([["", (rootRules ?? (await readRootGitignores(root, readText))).join("\n")]]);
  for (const entry of entries) {
    if (entry.kind !== "file" || path.posix.basename(entry.path) !== ".gitignore" || entry.path === ".gitignore")
      continue;
    files.set(path.posix.dirname(entry.path), await readText(entry.path));
  }
  const rules = createGitignoreRules(files);
  return entries.filter((entry) => !rules.isIgnored(entry.path, entry.kind === "dir"));
}

/** sha256 of a file's bytes (streamed for large files). */
export async function hashFile(absolute: string): Promise<string> {
  const hash = createHash("sha256");
  await new Promise<void>((resolve, reject) => {
    createReadStream(absolute, { highWaterMark: 1 << 20 })
      .on("data", (chunk) => hash.update(chunk))
      .on("error", reject)
      .on("end", () => resolve());
  });
  return hash.digest("hex");
}

/** Content identity of an entry: sha256 of a file's bytes, or `link:<target>` for a symlink. */
export async function hashEntry(root: string, entry: ScanEntry): Promise<string> {
  if (entry.kind === "symlink") return `link:${entry.linkTarget}`;
  if (entry.size <= 1 << 20) return sha256Hex(await readFile(path.join(root, entry.path)));
  return hashFile(path.join(root, entry.path));
}

/** Hashes many entries with bounded concurrency; returns path → identity. */
export async function hashEntries(
  root: string,
  entries: readonly ScanEntry[],
  concurrency = 32,
): Promise<Map<string, string>> {
  const result = new Map<string, string>();
  let next = 0;
  const worker = async () => {
    while (next < entries.length) {
      const entry = entries[next++]!;
      result.set(entry.path, await hashEntry(root, entry));
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, entries.length) }, worker));
  return result;
}
