import { randomBytes } from "node:crypto";
import path from "node:path";
import type { FsPort } from "./fs-port.js";

/** Marker in the names of graft's temporary files, so a rollback after a crash can sweep them. */
export const tempMarker = ".graft-tmp-";

/** True for a file name graft uses as the temporary half of an atomic write. */
export function isGraftTempName(name: string): boolean {
  return name.startsWith(".") && name.includes(tempMarker);
}

// One random prefix per thread plus a counter: unique names without asking for randomness on every write.
const tempPrefix = randomBytes(4).toString("hex");
let tempCounter = 0;

/** A temporary path in the same folder as `target` (same file system, so rename is atomic). */
export function tempPathFor(target: string): string {
  const base = path.basename(target).slice(0, 80);
  tempCounter += 1;
  return path.join(path.dirname(target), `.${base}${tempMarker}${tempPrefix}${tempCounter.toString(36)}`);
}

// Read once (reading is allowed on worker threads; only setting it is not).
const umask = process.umask();

/** Writes `data` to `target` atomically: temp file (fsynced when `sync`) created with `mode`, rename over. */
export async function writeFileAtomic(
  fs: FsPort,
  target: string,
  data: Buffer | string,
  mode: number,
  sync = true,
): Promise<void> {
  await replaceAtomically(fs, target, (temp) => fillTemp(fs, temp, data, mode, sync));
}

/**
 * The first half of writeFileAtomic: `data` in a new temp file beside `target`, with `mode`; returns its path.
 * The caller renames it over `target` (or removes it).
 */
export async function writeTempFile(fs: FsPort, target: string, data: Buffer | string, mode: number): Promise<string> {
  const temp = tempPathFor(target);
  try {
    await fillTemp(fs, temp, data, mode, false);
  } catch (error) {
    await removeQuietly(fs, temp);
    throw error;
  }
  return temp;
}

async function fillTemp(fs: FsPort, temp: string, data: Buffer | string, mode: number, sync: boolean): Promise<void> {
  const wanted = mode & 0o7777;
  await fs.writeFile(temp, data, { sync, exclusive: true, mode: wanted });
  // open(2) applies the umask and cannot set special bits; chmod only when that changed the mode.
  if ((wanted & ~umask) !== wanted || wanted > 0o777) await fs.chmod(temp, wanted);
}

/** Copies `source` to `target` atomically with `mode` (copy-on-write where available). */
export async function copyFileAtomic(
  fs: FsPort,
  source: string,
  target: string,
  mode: number,
  sync = true,
): Promise<void> {
  await replaceAtomically(fs, target, async (temp) => {
    await fs.copyFile(source, temp);
    await fs.chmod(temp, mode & 0o7777);
    if (sync) await fs.fsyncPath(temp);
  });
}

/** Creates or replaces the symlink `target` → `linkTarget` atomically. */
export async function writeSymlinkAtomic(fs: FsPort, target: string, linkTarget: string): Promise<void> {
  await replaceAtomically(fs, target, (temp) => fs.symlink(linkTarget, temp));
}

async function replaceAtomically(fs: FsPort, target: string, fill: (temp: string) => Promise<void>): Promise<void> {
  const temp = tempPathFor(target);
  try {
    await fill(temp);
    await fs.rename(temp, target);
  } catch (error) {
    await removeQuietly(fs, temp);
    throw error;
  }
}

/** Removes a file, ignoring "not found" and any error while cleaning up after another failure. */
export async function removeQuietly(fs: FsPort, p: string): Promise<void> {
  try {
    await fs.unlink(p);
  } catch {
    // already gone, or cleanup after an earlier failure that is the error worth reporting
  }
}
