import path from "node:path";
import type { FsPort } from "../shared/fs-port.js";
import { isErrorCode } from "../shared/fs-port.js";
import { removeQuietly } from "../shared/atomic-write.js";
import { getObjectPath, type GraftLayout } from "./layout.js";
import type { ObjectIndex } from "./object-store.js";
import { createPackWriter } from "./pack-writer.js";

/** An original kept by a hard link (adopted as an object, or held): its inode is the tree file's until replaced. */
export interface KeptOriginal {
  /** The link in the store (objects/<sha256> or runs/<id>/held/<n>). */
  link: string;
  sha256: string;
}

/** The objects one apply backs up: copies appended to a pack, and adopted originals. */
export interface BackupWriter {
  /**
   * Originals kept by a hard link, by the tree file's absolute path. Until the run replaces such a file, an
   * in-place edit of it changes the kept bytes too: apply re-hashes each one once it is out of the tree.
   */
  readonly kept: ReadonlyMap<string, KeptOriginal>;
  /** Appends a copy of `data` to the run's pack. */
  add(sha256: string, data: Buffer): Promise<void>;
  /**
   * Makes the file at `file` (whose bytes hash to `sha256`) the loose object itself, by a hard link: no bytes
   * are copied, and the run's atomic replace or removal of the file then leaves the original inode to the store
   * instead of freeing it. Only for files the run takes out of the tree and nothing else links to. False when
   * the file system cannot link it here (another device, no hard links, not permitted) or the name is taken.
   */
  adopt(sha256: string, file: string): Promise<boolean>;
  /**
   * Keeps the original inode of `file` (one the run takes out of the tree, whose bytes the store already has)
   * with a link in the run's held folder, so the run frees no file either way; prune removes it with the run.
   * False when it cannot be linked there.
   */
  hold(file: string, sha256: string): Promise<boolean>;
  /** Closes the pack; returns the files to flush before a record may name them. */
  finish(): Promise<string[]>;
  /** Removes the pack, every adopted and held link (a refused apply leaves no trace, and no object shares a live file). */
  discard(): Promise<void>;
}

// Errors meaning "this file cannot be linked into the store", after which a copy goes into the pack instead.
const cannotLink = ["EXDEV", "EPERM", "EMLINK", "ENOTSUP", "EOPNOTSUPP", "ENOSYS", "EEXIST"];

/** Starts the backup of one apply; `heldDir` is the run's folder for held originals (see BackupWriter.hold). */
export function createBackupWriter(fs: FsPort, layout: GraftLayout, index: ObjectIndex, heldDir: string): BackupWriter {
  const pack = createPackWriter(fs, layout, index);
  const adopted: string[] = [];
  const held: string[] = [];
  const kept = new Map<string, KeptOriginal>();
  let heldCount = 0;
  let madeHeldDir: Promise<void> | undefined;
  const link = async (file: string, name: string): Promise<boolean> => {
    try {
      await fs.link(file, name);
      return true;
    } catch (error) {
      if (cannotLink.some((code) => isErrorCode(error, code))) return false;
      throw error;
    }
  };
  return {
    kept,
    add: (sha256, data) => pack.add(sha256, data),
    async adopt(sha256, file) {
      const object = getObjectPath(layout, sha256);
      if (!(await link(file, object))) return false;
      adopted.push(object);
      index.loose.add(sha256);
      kept.set(file, { link: object, sha256 });
      return true;
    },
    async hold(file, sha256) {
      madeHeldDir ??= fs.mkdir(heldDir, { recursive: true });
      await madeHeldDir;
      const name = path.join(heldDir, String(heldCount++));
      if (!(await link(file, name))) return false;
      held.push(name);
      kept.set(file, { link: name, sha256 });
      return true;
    },
    async finish() {
      return [...(await pack.finish()), ...adopted, ...held];
    },
    async discard() {
      await pack.discard();
      for (const name of [...adopted, ...held]) await removeQuietly(fs, name);
      if (madeHeldDir) {
        await fs.rmdir(heldDir).catch(() => undefined);
        await fs.rmdir(path.dirname(heldDir)).catch(() => undefined);
      }
    },
  };
}
