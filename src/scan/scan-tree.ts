import { createHash } from "node:crypto";
import { createReadStream, lstatSync } from "node:fs";
import type { Stats } from "node:fs";
import { readdir, readFile, readlink } from "node:fs/promises";
import path from "node:path";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import fg from "fast-glob";
import picomatch from "picomatch";
import type { EntryKind } from "../model/plan.js";
import { InvalidInputError } from "../shared/errors.js";
import { sha256Hex } from "../shared/hash.js";
import { compareStrings, escapesBase, getAncestors } from "../shared/paths.js";
import { protectedFolderNames } from "../shared/safe-path.js";
import { type FileIdentity, isSteadyFile } from "./file-identity.js";
import { createGitignoreRules, rootIgnoreFiles, toWalkIgnoreGlobs } from "./gitignore.js";

const execFileAsync = promisify(execFile);

/** Folders graft never scans or touches, whatever the manifest says. */
export const alwaysExcluded = protectedFolderNames;
const alwaysExcludedGlobs = alwaysExcluded.flatMap((name) => [`**/${name}`, `**/${name}/**`]);

/** One scanned path, root-relative POSIX; symlinks are recorded, never followed. */
export interface ScanEntry {
  path: string;
  kind: EntryKind;
  size: number;
  mode: number;
  linkTarget?: string;
  /** With ino and ctimeMs, the file's identity (file-identity.ts); set only for a file not written just before the scan. */
  dev?: number;
  ino?: number;
  ctimeMs?: number;
}

/** Options of a scan: root-relative globs. */
export interface ScanOptions {
  include?: readonly string[];
  exclude?: readonly string[];
  /** Skip what the tree's `.gitignore` files (and `.git/info/exclude`) ignore (default false here; manifests default true). */
  gitignore?: boolean;
  /** With `gitignore`: the tracked paths git ignores (readTrackedIgnored), when the caller reads them itself. */
  tracked?: Promise<ReadonlySet<string>>;
}

/**
 * Lists every file, symlink and folder under root matching include minus exclude (sorted by path). A name that
 * is not valid UTF-8 cannot be named in a plan: the scan refuses it, naming its folder, rather than lose it.
 */
export async function scanTree(root: string, options: ScanOptions = {}): Promise<ScanEntry[]> {
  const started = Date.now();
  // git answers in its own process while the walk below runs (the walk is synchronous; its reply waits for it).
  const trackedAnswer = options.gitignore ? (options.tracked ?? readTrackedIgnored(root)) : undefined;
  const rootRules = options.gitignore ? await readRootGitignores(root) : undefined;
  const walkIgnores = rootRules ? (toWalkIgnoreGlobs(rootRules.join("\n")) ?? []) : [];
  const ignore = [...alwaysExcludedGlobs, ...(options.exclude ?? []), ...walkIgnores];
  // Listed without stats: fast-glob drops a whole folder when one entry cannot be stat'ed under its decoded
  // name, so each entry is stat'ed here, where such a name is caught. Listed synchronously: nothing else runs
  // meanwhile, and the asynchronous walk's trip through the thread pool per folder cost 2-3 times the wall time
  // and twice the CPU (date-fns: 115-134 ms against 42-48 ms).
  const found = fg.sync(options.include?.length ? [...options.include] : ["**/*"], {
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
  const listed: ScanEntry[] = [];
  // One synchronous lstat per entry: a few microseconds each, where a promise per entry through the thread pool
  // cost about five times the CPU (scheduling, and collecting 50,000 promises) on a 50k-file tree.
  for (const item of found) {
    const rel = item.path.replace(/\/$/, "");
    // Globs are checked to stay inside root; a path that does not is never scanned, whatever matched it.
    if (escapesBase(rel)) continue;
    const stats = lstatOrUndefined(path.join(root, rel));
    if (!stats) {
      // Gone since it was listed, or listed under a lossy decoding of its name (which no call can reach).
      if (rel.includes("\uFFFD")) undecodable.push(rel);
      continue;
    }
    listed.push(entryOf(rel, stats, started));
  }
  // Tracked files stay in the tree whatever .gitignore says (git ignores only untracked files); the walk's ignore
  // globs may have skipped them, so they are looked up on their own.
  const tracked = (await trackedAnswer) ?? new Set<string>();
  if (tracked.size > 0) listed.push(...(await lookUpTracked(root, tracked, listed, options)));
  await readLinkTargets(root, listed);
  const sorted = listed.sort((a, b) => compareStrings(a.path, b.path));
  const kept = rootRules ? await dropGitignored(root, sorted, rootRules, diskText(root), tracked) : sorted;
  for (const rel of undecodable.sort(compareStrings)) {
    const dir = path.posix.dirname(rel);
    // Only a folder the scan keeps matters; one that git ignores may hold any name.
    if (dir === "." || kept.some((e) => e.path === dir)) await refuseUndecodableNames(root, dir);
  }
  return kept;
}

/** The scan entry of a path from its lstat; a symlink's target is read by readLinkTargets (never followed). */
function entryOf(rel: string, stats: Stats, started?: number): ScanEntry {
  const kind: EntryKind = stats.isSymbolicLink() ? "symlink" : stats.isDirectory() ? "dir" : "file";
  const entry: ScanEntry = { path: rel, kind, size: stats.size, mode: stats.mode & 0o7777 };
  if (started !== undefined && isSteadyFile(stats, started)) {
    entry.dev = stats.dev;
    entry.ino = stats.ino;
    entry.ctimeMs = stats.ctimeMs;
  }
  return entry;
}

/** The identity a scan entry carries (file-identity.ts), if any. */
export function identityOfEntry(entry: ScanEntry): FileIdentity | undefined {
  return entry.ctimeMs === undefined ? undefined : (entry as FileIdentity);
}

/** Reads the target of every symlink among `entries` into its entry. */
async function readLinkTargets(root: string, entries: readonly ScanEntry[]): Promise<void> {
  await Promise.all(
    entries
      .filter((entry) => entry.kind === "symlink")
      .map(async (entry) => {
        entry.linkTarget = await readlink(path.join(root, entry.path));
      }),
  );
}

function lstatOrUndefined(absolute: string): Stats | undefined {
  return lstatSync(absolute, { throwIfNoEntry: false });
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
  const texts = await Promise.all(rootIgnoreFiles.map((file) => readText(file).catch(() => undefined)));
  return texts.filter((text): text is string => text !== undefined);
}

function diskText(root: string): ReadText {
  return (rel) => readFile(path.join(root, rel), "utf8");
}

/**
 * Tracked files that match a `.gitignore` pattern (zod tracks `packages/zod/package.json` under a `**\/package.json`
 * rule): git ignores only untracked files, so these are part of the tree. Empty outside a git work tree or when git
 * cannot answer. `ls-files` reads the index without refreshing it, so no fsmonitor or hook runs.
 */
export async function readTrackedIgnored(root: string): Promise<Set<string>> {
  try {
    const { stdout } = await execFileAsync(
      "git",
      ["-c", "core.fsmonitor=false", "ls-files", "-z", "--cached", "--ignored", "--exclude-standard"],
      { cwd: root, maxBuffer: 64 * 1024 * 1024 },
    );
    return new Set(stdout.split("\0").filter((rel) => rel !== "" && !escapesBase(rel)));
  } catch {
    return new Set();
  }
}

/** The scan's include and exclude as a predicate over root-relative paths (an excluded folder excludes what it holds). */
export function createScanFilter(options: ScanOptions): (rel: string) => boolean {
  const isIncluded = picomatch(options.include?.length ? [...options.include] : ["**/*"], { dot: true });
  const isIgnored = picomatch([...alwaysExcludedGlobs, ...(options.exclude ?? [])], { dot: true });
  return (rel) => {
    if (!isIncluded(rel)) return false;
    for (let p = rel; p !== "." && p !== ""; p = path.posix.dirname(p)) if (isIgnored(p)) return false;
    return true;
  };
}

/**
 * Entries for tracked paths the walk did not list (and their folders), within the scan's include and exclude; their
 * symlinks' targets are read with the walk's (readLinkTargets in scanTree).
 */
async function lookUpTracked(
  root: string,
  tracked: ReadonlySet<string>,
  listed: readonly ScanEntry[],
  options: ScanOptions,
): Promise<ScanEntry[]> {
  const known = new Set(listed.map((entry) => entry.path));
  const isScanned = createScanFilter(options);
  const found: ScanEntry[] = [];
  for (const rel of tracked) {
    if (known.has(rel) || !isScanned(rel)) continue;
    for (const p of [...getAncestors(rel), rel]) {
      if (known.has(p)) continue;
      const stats = lstatOrUndefined(path.join(root, p));
      if (!stats) break;
      known.add(p);
      found.push(entryOf(p, stats));
    }
  }
  return found;
}

/**
 * Drops what git would ignore, reading every `.gitignore` among the entries; entries arrive sorted (folders first).
 * Tracked paths (`readTrackedIgnored`, looked up when not given) and the folders holding them are kept.
 */
export async function dropGitignored(
  root: string,
  entries: ScanEntry[],
  rootRules?: readonly string[],
  readText: ReadText = diskText(root),
  tracked?: ReadonlySet<string>,
): Promise<ScanEntry[]> {
  const kept = new Set<string>();
  for (const rel of tracked ?? (await readTrackedIgnored(root)))
    for (const p of [...getAncestors(rel), rel]) kept.add(p);
  const files = new Map<string, string>([["", (rootRules ?? (await readRootGitignores(root, readText))).join("\n")]]);
  for (const entry of entries) {
    if (entry.kind !== "file" || path.posix.basename(entry.path) !== ".gitignore" || entry.path === ".gitignore")
      continue;
    files.set(path.posix.dirname(entry.path), await readText(entry.path));
  }
  const rules = createGitignoreRules(files);
  // Every entry is asked (folders before what they hold, as the rules need), and tracked ones are kept regardless.
  return entries.filter((entry) => !rules.isIgnored(entry.path, entry.kind === "dir") || kept.has(entry.path));
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
