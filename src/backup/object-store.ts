import { sha256Hex } from "../shared/hash.js";
import { isErrorCode, lstatOrUndefined, type FsPort } from "../shared/fs-port.js";
import { tempPathFor, removeQuietly } from "../shared/atomic-write.js";
import { getObjectPath, type GraftLayout } from "./layout.js";

/** Hex sha256 of bytes (the shared content identity). */
export const hashBytes = sha256Hex;

/** True when the store holds an object named `sha256` of the expected size (content is checked by verify). */
export async function hasObject(fs: FsPort, layout: GraftLayout, sha256: string, size?: number): Promise<boolean> {
  const stat = await lstatOrUndefined(fs, getObjectPath(layout, sha256));
  return stat !== undefined && stat.isFile() && (size === undefined || stat.size === size);
}

/** How `storeObject` checks for an existing object and makes the new one durable. */
export interface StoreOptions {
  /** fsync the object (default true); false when the caller flushes the batch with `flushObjects`. */
  sync?: boolean;
  /** Names already in the store (from `listObjects`), so a batch skips an lstat per file; updated as objects are added. */
  known?: Set<string>;
}

/**
 * Stores `data` as object `sha256` unless an intact copy is present (dedup across runs); fsynced before the
 * rename unless the caller flushes a whole batch with `flushObjects`. Returns true when it wrote the object.
 */
export async function storeObject(fs: FsPort, layout: GraftLayout, sha256: string, data: Buffer, options: StoreOptions = {}): Promise<boolean> {
  const present = options.known ? options.known.has(sha256) : await hasObject(fs, layout, sha256);
  // An object already stored is re-hashed before a new run relies on it; a damaged one is replaced by these bytes.
  if (present && (await checkObject(fs, layout, sha256)) === undefined) return false;
  options.known?.add(sha256);
  const target = getObjectPath(layout, sha256);
  if (!present) {
    // Written under its final name: a copy torn by a crash is never named by a run record (records are written
    // after the flush) and is caught by the re-hash above when a later run meets it.
    try {
      await fs.writeFile(target, data, { sync: options.sync ?? true, exclusive: true, mode: 0o444 });
      return true;
    } catch (error) {
      if (!isErrorCode(error, "EEXIST")) {
        await removeQuietly(fs, target);
        throw error;
      }
      if ((await checkObject(fs, layout, sha256)) === undefined) return false;
    }
  }
  const temp = tempPathFor(target);
  try {
    // Created read-only in one call: objects are never modified, only replaced or pruned.
    await fs.writeFile(temp, data, { sync: options.sync ?? true, exclusive: true, mode: 0o444 });
    await fs.rename(temp, target);
  } catch (error) {
    await removeQuietly(fs, temp);
    throw error;
  }
  return true;
}

/** Why an object cannot be trusted. */
export type ObjectProblem = { kind: "missing" } | { kind: "corrupt"; actual: string };

/** Re-hashes object `sha256`; undefined when intact. */
export async function checkObject(fs: FsPort, layout: GraftLayout, sha256: string): Promise<ObjectProblem | undefined> {
  let data: Buffer;
  try {
    data = await fs.readFile(getObjectPath(layout, sha256));
  } catch (error) {
    if (isErrorCode(error, "ENOENT")) return { kind: "missing" };
    throw error;
  }
  const actual = hashBytes(data);
  return actual === sha256 ? undefined : { kind: "corrupt", actual };
}

/** Lists every object name in the store. */
export async function listObjects(fs: FsPort, layout: GraftLayout): Promise<string[]> {
  try {
    return (await fs.readdir(layout.objects)).filter((name) => /^[0-9a-f]{64}$/.test(name));
  } catch (error) {
    if (isErrorCode(error, "ENOENT")) return [];
    throw error;
  }
}

/** Makes a batch of objects stored with `sync = false` durable: one syncfs, else an fsync per object. */
export async function flushObjects(fs: FsPort, layout: GraftLayout, created: readonly string[]): Promise<void> {
  if (created.length === 0) return;
  try {
    await fs.syncFileSystem(layout.objects);
  } catch {
    for (const sha256 of created) await fs.fsyncPath(getObjectPath(layout, sha256));
  }
  await fs.fsyncPath(layout.objects);
}
