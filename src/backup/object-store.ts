import { createHash } from "node:crypto";
import { isErrorCode, lstatOrUndefined, type FsPort } from "../shared/fs-port.js";
import { tempPathFor, removeQuietly } from "../shared/atomic-write.js";
import { getObjectPath, type GraftLayout } from "./layout.js";

/** Hex sha256 of bytes. */
export function hashBytes(data: Buffer | string): string {
  return createHash("sha256").update(data).digest("hex");
}

/** True when the store holds an object named `sha256` of the expected size (content is checked by verify). */
export async function hasObject(fs: FsPort, layout: GraftLayout, sha256: string, size?: number): Promise<boolean> {
  const stat = await lstatOrUndefined(fs, getObjectPath(layout, sha256));
  return stat !== undefined && stat.isFile() && (size === undefined || stat.size === size);
}

/**
 * Stores `data` as object `sha256` unless present (dedup across runs); fsynced before the rename unless the
 * caller flushes a whole batch with `flushObjects`. Returns true when it created the object.
 */
export async function storeObject(fs: FsPort, layout: GraftLayout, sha256: string, data: Buffer, sync = true): Promise<boolean> {
  if (await hasObject(fs, layout, sha256, data.length)) return false;
  const target = getObjectPath(layout, sha256);
  const temp = tempPathFor(target);
  try {
    await fs.writeFile(temp, data, { sync, exclusive: true });
    await fs.chmod(temp, 0o444);
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
