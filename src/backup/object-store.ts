import path from "node:path";
import { sha256Hex } from "../shared/hash.js";
import { isErrorCode, lstatOrUndefined, type FsPort } from "../shared/fs-port.js";
import { copyFileAtomic, tempPathFor, removeQuietly, writeFileAtomic } from "../shared/atomic-write.js";
import { getObjectPath, type GraftLayout } from "./layout.js";

/** Hex sha256 of bytes (the shared content identity). */
export const hashBytes = sha256Hex;

const objectName = /^[0-9a-f]{64}$/;

/** Names of pack files: the pack name, then "pack" or "idx". */
export const packFileName = /^(pack-[0-9A-Za-z-]+)\.(pack|idx)$/;

/** Where one packed copy of an object lies. */
export interface PackedCopy {
  pack: string;
  offset: number;
  size: number;
}

/**
 * What the store holds. Objects are loose (`objects/<sha256>`, one file each: originals adopted by hard link,
 * and single backups) or packed (`objects/pack-<id>.pack` with its `.idx`, one pack per apply for the files
 * that cannot be adopted: creating one file per object costs more than copying it).
 */
export interface ObjectIndex {
  loose: Set<string>;
  packed: Map<string, PackedCopy[]>;
  /** Pack names (without extension) that have a readable index. */
  packs: string[];
  /** Copies already re-hashed in this process, so a restore after a check reads without hashing again. */
  trusted: Map<string, PackedCopy | "loose">;
}

/** On-disk format of a pack's index. */
interface PackIndexFile {
  format: "graft-pack-index";
  version: 1;
  objects: [sha256: string, offset: number, size: number][];
}

/** Path of a pack (`.pack`) or its index (`.idx`). */
export function getPackPath(layout: GraftLayout, pack: string, extension: ".pack" | ".idx"): string {
  return path.join(layout.objects, pack + extension);
}

/** Reads the store's contents: loose object names and every pack index (a torn index, never named by a record, is skipped). */
export async function loadObjectIndex(fs: FsPort, layout: GraftLayout): Promise<ObjectIndex> {
  const index: ObjectIndex = { loose: new Set(), packed: new Map(), packs: [], trusted: new Map() };
  let names: string[];
  try {
    names = await fs.readdir(layout.objects);
  } catch (error) {
    if (isErrorCode(error, "ENOENT")) return index;
    throw error;
  }
  for (const name of names.sort()) {
    if (objectName.test(name)) index.loose.add(name);
    const [, pack, extension] = packFileName.exec(name) ?? [];
    if (!pack || extension !== "idx") continue;
    // An index that cannot be read (a folder in its place, no permission) counts as torn, like a garbled one.
    const parsed = parsePackIndex(await fs.readFile(getPackPath(layout, pack, ".idx")).catch(() => Buffer.alloc(0)));
    if (!parsed) continue;
    index.packs.push(pack);
    for (const [sha256, offset, size] of parsed.objects) addPackedCopy(index, sha256, { pack, offset, size });
  }
  return index;
}

/** A pack index, or undefined when it is torn or not one graft wrote (entries are checked: they size reads). */
function parsePackIndex(bytes: Buffer): PackIndexFile | undefined {
  let parsed: PackIndexFile;
  try {
    parsed = JSON.parse(bytes.toString("utf8")) as PackIndexFile;
  } catch {
    return undefined;
  }
  if (typeof parsed !== "object" || parsed === null || parsed.format !== "graft-pack-index") return undefined;
  if (!Array.isArray(parsed.objects)) return undefined;
  const isEntry = (entry: unknown) =>
    Array.isArray(entry) &&
    typeof entry[0] === "string" &&
    objectName.test(entry[0]) &&
    Number.isSafeInteger(entry[1]) &&
    entry[1] >= 0 &&
    Number.isSafeInteger(entry[2]) &&
    entry[2] >= 0 &&
    entry[2] <= maxObjectBytes;
  return parsed.objects.every(isEntry) ? parsed : undefined;
}

/** The largest object a pack entry may claim (one read allocates that much). */
const maxObjectBytes = 2 ** 31 - 1;

/** Records a packed copy in the index. */
export function addPackedCopy(index: ObjectIndex, sha256: string, copy: PackedCopy): void {
  const copies = index.packed.get(sha256);
  if (copies) copies.push(copy);
  else index.packed.set(sha256, [copy]);
}

/** Every object name the store holds, loose or packed. */
export function listIndexedObjects(index: ObjectIndex): string[] {
  return [...new Set([...index.loose, ...index.packed.keys()])].sort();
}

/** Lists every object name in the store. */
export async function listObjects(fs: FsPort, layout: GraftLayout): Promise<string[]> {
  return listIndexedObjects(await loadObjectIndex(fs, layout));
}

/** Why an object cannot be trusted. */
export type ObjectProblem = { kind: "missing" } | { kind: "corrupt"; actual: string };

/** The bytes of object `sha256` from its first intact copy, or why there is none. */
export async function readObject(
  fs: FsPort,
  layout: GraftLayout,
  index: ObjectIndex,
  sha256: string,
): Promise<{ bytes: Buffer } | ObjectProblem> {
  let corrupt: string | undefined;
  if (index.loose.has(sha256)) {
    const loose = await readLooseObject(fs, layout, sha256);
    if (loose?.actual === sha256) {
      index.trusted.set(sha256, "loose");
      return { bytes: loose.bytes };
    }
    corrupt = loose?.actual;
  }
  for (const copy of index.packed.get(sha256) ?? []) {
    let bytes: Buffer | undefined;
    try {
      bytes = await readIfExists(() => fs.readRange(getPackPath(layout, copy.pack, ".pack"), copy.offset, copy.size));
    } catch (error) {
      corrupt ??= `unreadable (${error instanceof Error ? error.message : String(error)})`;
      continue;
    }
    if (!bytes) continue;
    const actual = hashBytes(bytes);
    if (actual === sha256 && bytes.length === copy.size) {
      index.trusted.set(sha256, copy);
      return { bytes };
    }
    corrupt ??= actual;
  }
  return corrupt === undefined ? { kind: "missing" } : { kind: "corrupt", actual: corrupt };
}

/** The loose copy of `sha256` and what its bytes hash to; undefined when there is none. */
async function readLooseObject(
  fs: FsPort,
  layout: GraftLayout,
  sha256: string,
): Promise<{ bytes: Buffer; actual: string } | undefined> {
  const file = getObjectPath(layout, sha256);
  // Anything but a file under an object's name (a folder, a symlink) holds no intact copy: corrupt.
  const stat = await lstatOrUndefined(fs, file);
  if (!stat) return undefined;
  if (!stat.isFile())
    return { bytes: Buffer.alloc(0), actual: `not a file (${stat.isDirectory() ? "a folder" : "a link or device"})` };
  const bytes = await readIfExists(() => fs.readFile(file));
  return bytes && { bytes, actual: hashBytes(bytes) };
}

async function readIfExists(read: () => Promise<Buffer>): Promise<Buffer | undefined> {
  try {
    return await read();
  } catch (error) {
    if (isErrorCode(error, "ENOENT")) return undefined;
    throw error;
  }
}

/**
 * True when loose object `sha256` is also a file outside the store: an original adopted by a run that had not
 * replaced it yet (see BackupWriter.adopt). Such a copy changes when that file does, so nothing new relies on it.
 */
export async function isSharedObject(fs: FsPort, layout: GraftLayout, sha256: string): Promise<boolean> {
  const stat = await lstatOrUndefined(fs, getObjectPath(layout, sha256));
  return stat !== undefined && stat.nlink > 1;
}

/** True when the store holds an intact copy of `sha256` that a new backup may rely on instead of storing one. */
export async function hasReliableCopy(
  fs: FsPort,
  layout: GraftLayout,
  index: ObjectIndex,
  sha256: string,
): Promise<boolean> {
  if (!index.loose.has(sha256) && !index.packed.has(sha256)) return false;
  if (index.loose.has(sha256) && (await isSharedObject(fs, layout, sha256))) return false;
  return "bytes" in (await readObject(fs, layout, index, sha256));
}

/**
 * Gives every loose object among `sha256s` that still shares its inode with a file its own copy, so later
 * edits of that file cannot reach the store. One that no longer hashes to its name is unlinked instead: it
 * backs up nothing, and its bytes live on in the file.
 */
export async function unshareObjects(fs: FsPort, layout: GraftLayout, sha256s: Iterable<string>): Promise<void> {
  for (const sha256 of new Set(sha256s)) {
    if (!(await isSharedObject(fs, layout, sha256))) continue;
    const loose = await readLooseObject(fs, layout, sha256);
    const target = getObjectPath(layout, sha256);
    if (loose?.actual !== sha256) {
      await removeQuietly(fs, target);
      continue;
    }
    await replaceLooseObject(fs, target, loose.bytes);
  }
}

/** Re-hashes object `sha256`; undefined when an intact copy exists. Pass `index` when checking many. */
export async function checkObject(
  fs: FsPort,
  layout: GraftLayout,
  sha256: string,
  index?: ObjectIndex,
): Promise<ObjectProblem | undefined> {
  const found = await readObject(fs, layout, index ?? (await loadObjectIndex(fs, layout)), sha256);
  return "bytes" in found ? undefined : found;
}

/** Writes object `sha256` to `target` atomically with `mode`; refuses a copy that does not hash to its name. */
export async function restoreObject(
  fs: FsPort,
  layout: GraftLayout,
  index: ObjectIndex,
  sha256: string,
  target: string,
  mode: number,
  sync: boolean,
): Promise<void> {
  const trusted = index.trusted.get(sha256);
  // A loose object is copied by the kernel; a packed one is read out of its pack. Both were re-hashed before.
  if (trusted === "loose") return copyFileAtomic(fs, getObjectPath(layout, sha256), target, mode, sync);
  if (trusted)
    return writeFileAtomic(
      fs,
      target,
      await fs.readRange(getPackPath(layout, trusted.pack, ".pack"), trusted.offset, trusted.size),
      mode,
      sync,
    );
  const found = await readObject(fs, layout, index, sha256);
  if (!("bytes" in found)) throw new Error(`backup object ${sha256} is ${found.kind}`);
  await writeFileAtomic(fs, target, found.bytes, mode, sync);
}

/** Size in bytes of every object (loose by lstat, packed from the index). */
export async function readObjectSizes(
  fs: FsPort,
  layout: GraftLayout,
  index: ObjectIndex,
): Promise<Map<string, number>> {
  const sizes = new Map<string, number>();
  for (const [sha256, copies] of index.packed) sizes.set(sha256, copies[0]!.size);
  for (const sha256 of index.loose) {
    const stat = await lstatOrUndefined(fs, getObjectPath(layout, sha256));
    if (stat) sizes.set(sha256, stat.size);
  }
  return sizes;
}

/**
 * Stores `data` as loose object `sha256` unless an intact copy is present (dedup across runs); fsynced before
 * the rename. For single objects (forced backups); a batch goes into a pack. Returns true when it wrote.
 */
export async function storeObject(fs: FsPort, layout: GraftLayout, sha256: string, data: Buffer): Promise<boolean> {
  const loose = await readLooseObject(fs, layout, sha256);
  // An object already stored is re-hashed before a new run relies on it; a damaged or shared one is replaced by these bytes.
  if (loose?.actual === sha256 && !(await isSharedObject(fs, layout, sha256))) return false;
  const target = getObjectPath(layout, sha256);
  if (loose === undefined) {
    // Written under its final name: a copy torn by a crash is never named by a run record (records are written
    // after the flush) and is caught by the re-hash above when a later run meets it.
    try {
      await fs.writeFile(target, data, { sync: true, exclusive: true, mode: 0o444 });
      return true;
    } catch (error) {
      if (!isErrorCode(error, "EEXIST")) {
        await removeQuietly(fs, target);
        throw error;
      }
      if ((await readLooseObject(fs, layout, sha256))?.actual === sha256) return false;
    }
  }
  await replaceLooseObject(fs, target, data);
  return true;
}

/** Replaces the loose object at `target` with a new, fsynced copy of `data` (temp + rename). */
async function replaceLooseObject(fs: FsPort, target: string, data: Buffer): Promise<void> {
  const temp = tempPathFor(target);
  try {
    // Created read-only in one call: objects are never modified, only replaced or pruned.
    await fs.writeFile(temp, data, { sync: true, exclusive: true, mode: 0o444 });
    await fs.rename(temp, target);
  } catch (error) {
    await removeQuietly(fs, temp);
    throw error;
  }
}

/** Makes files written without fsync (a pack and its index, adopted and held links) durable: one syncfs, else an fsync per file. */
export async function flushObjects(fs: FsPort, layout: GraftLayout, written: readonly string[]): Promise<void> {
  if (written.length === 0) return;
  try {
    await fs.syncFileSystem(layout.objects);
  } catch {
    for (const file of written) await fs.fsyncPath(file);
  }
  await fs.fsyncPath(layout.objects);
}
