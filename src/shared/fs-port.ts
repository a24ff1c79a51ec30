import { execFile } from "node:child_process";
import fsSync, { constants, promises as fsp, type Stats } from "node:fs";
import { promisify } from "node:util";

const execFileAsync = promisify(execFile);

/** The file-system calls apply, backup and rollback make; injectable so tests can fail the Nth write. */
export interface FsPort {
  readFile(path: string): Promise<Buffer>;
  /** Writes `data`, fsyncs it when `sync` is set; `mode` applies only when the file is created (and umask applies). */
  writeFile(
    path: string,
    data: Buffer | string,
    options?: { sync?: boolean; exclusive?: boolean; mode?: number },
  ): Promise<void>;
  /** Reads `length` bytes at `offset` (one object inside a pack); fewer only at the end of the file. */
  readRange(path: string, offset: number, length: number): Promise<Buffer>;
  /**
   * Opens a file for appending (journals, packs); the handle's writes are not fsynced until `sync`. `exclusive`
   * fails when the file exists; `mode` applies only when the file is created.
   */
  openAppend(path: string, options?: { exclusive?: boolean; mode?: number }): Promise<AppendHandle>;
  /** Copies bytes (copy-on-write where the file system supports it). */
  copyFile(from: string, to: string): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  /** Hard link; fails with EEXIST when `to` exists (how the lock is taken atomically with full content). */
  link(from: string, to: string): Promise<void>;
  unlink(path: string): Promise<void>;
  mkdir(path: string, options?: { recursive?: boolean; mode?: number }): Promise<void>;
  rmdir(path: string): Promise<void>;
  symlink(target: string, path: string): Promise<void>;
  readlink(path: string): Promise<string>;
  chmod(path: string, mode: number): Promise<void>;
  lstat(path: string): Promise<Stats>;
  /** lstat that resolves undefined for a missing path (no exception: checking thousands of absent targets stays cheap). */
  lstatIfExists(path: string): Promise<Stats | undefined>;
  readdir(path: string): Promise<string[]>;
  /** fsyncs a file or folder by path (folders make renames durable). */
  fsyncPath(path: string): Promise<void>;
  /**
   * Flushes everything written on the file system holding `path` (syncfs). One call instead of an fsync per
   * file is what keeps backing up thousands of files close to the cost of copying them.
   */
  syncFileSystem(path: string): Promise<void>;
}

/** An open file that lines are appended to. */
export interface AppendHandle {
  write(data: string | Buffer): Promise<void>;
  sync(): Promise<void>;
  close(): Promise<void>;
}

/** The real file system. */
export const nodeFsPort: FsPort = {
  // Source trees are mostly small files: synchronous reads and writes skip the several thread-pool round
  // trips each promise-based call makes (open, stat, read, close), which dominate on a busy machine.
  readFile: async (p) => fsSync.readFileSync(p),
  async writeFile(p, data, options) {
    const fd = fsSync.openSync(p, options?.exclusive ? "wx" : "w", options?.mode ?? 0o666);
    try {
      fsSync.writeFileSync(fd, data);
      if (options?.sync) fsSync.fsyncSync(fd);
    } finally {
      fsSync.closeSync(fd);
    }
  },
  async readRange(p, offset, length) {
    const fd = fsSync.openSync(p, "r");
    try {
      const buffer = Buffer.allocUnsafe(length);
      let filled = 0;
      while (filled < length) {
        const read = fsSync.readSync(fd, buffer, filled, length - filled, offset + filled);
        if (read === 0) break;
        filled += read;
      }
      return filled === length ? buffer : buffer.subarray(0, filled);
    } finally {
      fsSync.closeSync(fd);
    }
  },
  async openAppend(p, options) {
    // Journal chunks and pack appends are small and many: a synchronous write avoids a thread-pool round trip each.
    const fd = fsSync.openSync(p, options?.exclusive ? "ax" : "a", options?.mode ?? 0o666);
    return {
      write: async (data) => {
        if (typeof data === "string") fsSync.writeSync(fd, data);
        else for (let written = 0; written < data.length; ) written += fsSync.writeSync(fd, data, written);
      },
      sync: async () => fsSync.fsyncSync(fd),
      close: async () => fsSync.closeSync(fd),
    };
  },
  copyFile: (from, to) => fsp.copyFile(from, to, constants.COPYFILE_FICLONE),
  // Metadata calls are synchronous: each takes microseconds, far less than a promise round trip through the
  // thread pool, which dominates a run of thousands of renames.
  rename: async (from, to) => fsSync.renameSync(from, to),
  link: async (from, to) => fsSync.linkSync(from, to),
  unlink: async (p) => fsSync.unlinkSync(p),
  async mkdir(p, options) {
    fsSync.mkdirSync(p, options);
  },
  rmdir: async (p) => fsSync.rmdirSync(p),
  symlink: async (target, p) => fsSync.symlinkSync(target, p),
  readlink: async (p) => fsSync.readlinkSync(p),
  chmod: async (p, mode) => fsSync.chmodSync(p, mode),
  lstat: async (p) => fsSync.lstatSync(p),
  async lstatIfExists(p) {
    try {
      return fsSync.lstatSync(p, { throwIfNoEntry: false });
    } catch (error) {
      if (isErrorCode(error, "ENOTDIR")) return undefined;
      throw error;
    }
  },
  readdir: async (p) => fsSync.readdirSync(p),
  async fsyncPath(p) {
    const handle = await fsp.open(p, "r");
    try {
      await handle.sync();
    } catch (error) {
      // Some file systems refuse fsync on folders; durability of the rename is then best effort.
      if (!isErrorCode(error, "EINVAL") && !isErrorCode(error, "EISDIR")) throw error;
    } finally {
      await handle.close();
    }
  },
  async syncFileSystem(p) {
    // Node has no syncfs binding; coreutils `sync -f` calls it (other platforms: a global sync).
    await execFileAsync("sync", process.platform === "linux" ? ["-f", p] : []);
  },
};

/**
 * Flushes the file system holding `root` (one syncfs instead of an fsync per file). A failure does not undo the
 * writes, which are complete, but they may not survive a power loss: say so through `warn` rather than hide it.
 */
export async function flushFileSystem(fs: FsPort, root: string, warn: (message: string) => void): Promise<void> {
  try {
    await fs.syncFileSystem(root);
  } catch (error) {
    const why = error instanceof Error ? error.message.split("\n")[0] : String(error);
    warn(
      `could not flush the file system under ${root} (${why}); the writes are complete but may not survive a power loss`,
    );
  }
}

/** Names of the FsPort calls that change the file system (what fault injection counts). */
export const mutatingFsCalls = [
  "writeFile",
  "copyFile",
  "rename",
  "link",
  "unlink",
  "mkdir",
  "rmdir",
  "symlink",
  "chmod",
] as const;

/** A mutating FsPort call name. */
export type MutatingFsCall = (typeof mutatingFsCalls)[number];

/** Returns a port that fails the `nth` (1-based) mutating call (an append-handle write counts as `append`) whose path passes `filter` with an errno-style error. */
export function withFailingWrite(
  base: FsPort,
  options: {
    nth: number;
    code: "ENOSPC" | "EACCES" | "EIO" | "EPERM";
    calls?: readonly (MutatingFsCall | "append")[];
    filter?: (path: string) => boolean;
  },
): FsPort & { readonly count: () => number } {
  let seen = 0;
  const calls = new Set<string>(options.calls ?? [...mutatingFsCalls, "append"]);
  const port: Record<string, unknown> = { ...base };
  const counts = (name: string, target: string): boolean => {
    if (!calls.has(name) || !(options.filter?.(target) ?? true)) return false;
    seen += 1;
    return seen === options.nth;
  };
  port.openAppend = async (
    target: string,
    openOptions?: { exclusive?: boolean; mode?: number },
  ): Promise<AppendHandle> => {
    const handle = await base.openAppend(target, openOptions);
    return {
      ...handle,
      write: async (data) => {
        if (counts("append", target)) throw makeErrnoError(options.code, "write", target);
        return handle.write(data);
      },
    };
  };
  for (const name of mutatingFsCalls) {
    const original = base[name] as (...args: unknown[]) => Promise<void>;
    port[name] = async (...args: unknown[]) => {
      const target = String(
        args[name === "symlink" ? 1 : name === "copyFile" || name === "rename" || name === "link" ? 1 : 0],
      );
      if (counts(name, target)) throw makeErrnoError(options.code, name, target);
      return original(...args);
    };
  }
  return Object.assign(port as unknown as FsPort, { count: () => seen });
}

/** Builds an Error shaped like Node's errno errors. */
export function makeErrnoError(code: string, syscall: string, path: string): NodeJS.ErrnoException {
  const messages: Record<string, string> = {
    ENOSPC: "no space left on device",
    EACCES: "permission denied",
    EIO: "i/o error",
    EPERM: "operation not permitted",
  };
  const error = new Error(`${code}: ${messages[code] ?? "error"}, ${syscall} '${path}'`) as NodeJS.ErrnoException;
  error.code = code;
  error.syscall = syscall;
  error.path = path;
  return error;
}

/** True when `error` is a Node errno error with `code`. */
export function isErrorCode(error: unknown, code: string): boolean {
  return typeof error === "object" && error !== null && (error as NodeJS.ErrnoException).code === code;
}

/** lstat that returns undefined for a missing path. */
export async function lstatOrUndefined(fs: FsPort, p: string): Promise<Stats | undefined> {
  try {
    return await fs.lstatIfExists(p);
  } catch (error) {
    if (isErrorCode(error, "ENOENT") || isErrorCode(error, "ENOTDIR")) return undefined;
    throw error;
  }
}
