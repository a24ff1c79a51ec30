import type { Stats } from "node:fs";
import { type AppendHandle, type FsPort, makeErrnoError, nodeFsPort } from "../../src/shared/fs-port.js";

/** A port over the real file system that behaves like a disk with `free` bytes left: writes past it fail with ENOSPC. */
export interface QuotaPort extends FsPort {
  /** Bytes left now. */
  free(): number;
  /** Sets the bytes left (e.g. to fill the disk at a chosen moment). */
  setFree(bytes: number): void;
}

/**
 * Counts file contents only (no blocks, no metadata), which is enough to model the order problem: writing a
 * file takes its size, removing or replacing the last link to one gives it back. A write that does not fit
 * creates the file empty and fails, as a real full disk does.
 */
export function createQuotaPort(free: number, base: FsPort = nodeFsPort): QuotaPort {
  let left = free;
  const take = (bytes: number, call: string, target: string) => {
    if (bytes > left) throw makeErrnoError("ENOSPC", call, target);
    left -= bytes;
  };
  const release = (stat: Stats | undefined) => {
    if (stat?.isFile() && stat.nlink === 1) left += stat.size;
  };
  return {
    ...base,
    free: () => left,
    setFree: (bytes) => {
      left = bytes;
    },
    async writeFile(target, data, options) {
      const size = typeof data === "string" ? Buffer.byteLength(data) : data.length;
      if (!options?.exclusive) release(await base.lstatIfExists(target));
      if (size > left) {
        await base.writeFile(target, "", options);
        throw makeErrnoError("ENOSPC", "write", target);
      }
      await base.writeFile(target, data, options);
      left -= size;
    },
    async openAppend(target, options): Promise<AppendHandle> {
      const handle = await base.openAppend(target, options);
      return {
        ...handle,
        write: async (data) => {
          take(typeof data === "string" ? Buffer.byteLength(data) : data.length, "write", target);
          await handle.write(data);
        },
      };
    },
    async copyFile(from, to) {
      take((await base.lstat(from)).size, "copyfile", to);
      await base.copyFile(from, to);
    },
    async rename(from, to) {
      const replaced = await base.lstatIfExists(to);
      const moved = await base.lstatIfExists(from);
      await base.rename(from, to);
      if (replaced && moved && replaced.ino !== moved.ino) release(replaced);
    },
    async unlink(target) {
      const stat = await base.lstatIfExists(target);
      await base.unlink(target);
      release(stat);
    },
  };
}
