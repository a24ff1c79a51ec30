import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import type { Stats } from "node:fs";
import { lstat, readdir, readFile, readlink } from "node:fs/promises";
import path from "node:path";
import fg from "fast-glob";
import type { EntryKind } from "../model/plan.js";
import { InvalidInputError } from "../shared/errors.js";
import { isErrorCode } from "../shared/fs-port.js";
import { sha256Hex } from "../shared/hash.js";
import { compareStrings, escapesBase } from "../shared/paths.js";
import { protectedFolderNames } from "../shared/safe-path.js";
import { createGitignoreRules, toWalkIgnoreGlobs } from "./gitignore.js";

/** Folders graft never scans or touches, whatever the manifest says. */
export const alwaysExcluded = protectedFolderNames;

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

/**
 * Lists every file, symlink and folder under root matching include minus exclude (sorted by path). A name that
 * is not valid UTF-8 cannot be named in a plan: the scan refuses it, naming its folder, rather than lose it.
 */
export async function scanTree(root: string, options: ScanOptions = {}): Promise<ScanEntry[]> {
  const rootRules = options.gitignore ? await readRootGitignores(root) : undefined;
  const walkIgnores = rootRules ? (toWalkIgnoreGlobs(rootRules.join("\n")) ?? []) : [];
  const ignore = [
    ...alwaysExcluded.flatMap((name) => [`**/${name}`, `**/${name}/**`]),
    ...(options.exclude ?? []),
    ...walkIgnores,
  ];
  // Listed without stats: fast-glob drops a whole folder when one entry cannot be stat'ed under its decoded
  // name, so each entry is stat'ed here, where such a name is caught.
  const found = await fg(options.include?.length ? [...options.include] : ["**/*"], {
    cwd: root,
    dot: true,
    onlyFiles: false,
    followSymbolicLinks: false,
    objectMode: true,
    ignore,
    unique: true,
    suppressErrors: false,
  });
  const undecodable: string[] = [];
  const entries = await Promise.all(
    found.map(async (item): Promise<ScanEntry | undefined> => {
      const rel = item.path.replace(/\/$/, "");
      // Globs are checked to stay inside root; a path that does not is never scanned, whatever matched it.
      if (escapesBase(rel)) return undefined;
      const absolute = path.join(root, rel);
      const stats = await lstatOrUndefined(absolute);
      if (!stats) {
        // Gone since it was listed, or listed under a lossy decoding of its name (which no call can reach).
        if (rel.includes("\uFFFD")) undecodable.push(rel);
        return undefined;
      }
      const kind: EntryKind = stats.isSymbolicLink() ? "symlink" : stats.isDirectory() ? "dir" : "file";
      const entry: ScanEntry = { path: rel, kind, size: stats.size, mode: stats.mode & 0o7777 };
      if (kind === "symlink") entry.linkTarget = await readlink(absolute);
      return entry;
    }),
  );
  const sorted = entries.filter((e) => e !== undefined).sort((a, b) => compareStrings(a.path, b.path));
  const kept = rootRules ? await dropGitignored(root, sorted, rootRules) : sorted;
  for (const rel of undecodable.sort(compareStrings)) {
    const dir = path.posix.dirname(rel);
    // Only a folder the scan keeps matters; one that git ignores may hold any name.
    if (dir === "." || kept.some((e) => e.path === dir)) await refuseUndecodableNames(root, dir);
  }
  return kept;
}

async function lstatOrUndefined(absolute: string): Promise<Stats | undefined> {
  try {
    return await lstat(absolute);
  } catch (error) {
    if (isErrorCode(error, "ENOENT")) return undefined;
    throw error;
  }
}

/** Throws the one-line error for a folder holding a name that is not valid UTF-8. */
export async function refuseUndecodableNames(root: string, dir: string): Promise<void> {
  const names = await readdir(path.join(root, dir), { encoding: "buffer" });
  const bad = names.find((name) => !Buffer.from(name.toString("utf8"), "utf8").equals(name));
  if (!bad) return;
  const shown = [...bad]
    .map((byte) =>
      byte >= 0x20 && byte < 0x7f ? String.fromCharCode(byte) : `\\x${byte.toString(16).padStart(2, "0")}`,
    )
    .join("");
  throw new InvalidInputError(
    `${dir === "." ? root : dir}: holds a file name that is not valid UTF-8 ("${shown}"); graft cannot name it in a plan: rename it, or exclude it in the manifest`,
  );
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
