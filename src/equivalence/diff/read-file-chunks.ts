import { open, type FileHandle } from "node:fs/promises";
import { InvalidInputError } from "../../shared/errors.js";

/** Sequential and positional reads of one file into caller-owned buffers. */
export interface ChunkFile {
  /**
   * False for a pipe, a FIFO or a device (`graft diff <(legacy) <(migrated)`): read once, in order; positional reads
   * and seeks are refused.
   */
  readonly isSeekable: boolean;
  /** Reads the next bytes into `buffer` from `start` to its end; returns how many (0 at end of file). */
  fill(buffer: Buffer, start: number): Promise<number>;
  /** Reads `length` bytes at `offset`. */
  readAt(offset: number, length: number): Promise<Buffer>;
  /** Makes the next sequential read start at `offset`. */
  seek(offset: number): void;
  close(): Promise<void>;
}

/** Size of the rolling read buffer of a table source. */
export const chunkSize = 4 * 1024 * 1024;

/** A byte range of a file: from `start` up to, not including, `end`. */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * Opens `path` for chunked reading; an unreadable file is bad input (exit 2). With `range`, sequential reads start at
 * its start and end at its end, as if the file held only those bytes.
 */
export async function openChunkFile(path: string, range?: ByteRange): Promise<ChunkFile> {
  let handle: FileHandle;
  let isSeekable: boolean;
  try {
    handle = await open(path, "r");
    const stats = await handle.stat();
    if (stats.isDirectory()) {
      await handle.close();
      throw new InvalidInputError(`${path}: is a directory`);
    }
    isSeekable = stats.isFile();
  } catch (error) {
    if (error instanceof InvalidInputError) throw error;
    throw new InvalidInputError(`${path}: ${describeFsError(error)}`);
  }
  if (!isSeekable && range !== undefined) {
    await handle.close();
    throw new Error(`${path}: a byte range of a file that is read once, in order`);
  }
  let position = range?.start ?? 0;
  const end = range?.end ?? Number.POSITIVE_INFINITY;
  const refuseRandomAccess = (): never => {
    throw new InvalidInputError(
      `${path}: a pipe or device is read once, in order; this comparison (--key) needs a regular file`,
    );
  };
  return {
    isSeekable,
    async fill(buffer, start) {
      let total = 0;
      // A short read is not the end of the file; keep reading until the buffer is full or EOF.
      while (start + total < buffer.length && position < end) {
        const length = Math.min(buffer.length - start - total, end - position);
        // null: where the descriptor is (a pipe has no positions).
        const { bytesRead } = await handle.read(buffer, start + total, length, isSeekable ? position : null);
        if (bytesRead === 0) break;
        position += bytesRead;
        total += bytesRead;
      }
      return total;
    },
    async readAt(offset, length) {
      if (!isSeekable) refuseRandomAccess();
      const buffer = Buffer.allocUnsafe(length);
      const { bytesRead } = await handle.read(buffer, 0, length, offset);
      return buffer.subarray(0, bytesRead);
    },
    seek(offset) {
      if (!isSeekable) throw new Error(`${path}: seek in a file that is read once, in order`);
      position = offset;
    },
    close: () => handle.close(),
  };
}

/**
 * A rolling window over a file: `next(consumed)` keeps the unconsumed tail, refills, and returns the
 * window. The window's bytes are valid until the following call (one buffer, reused).
 */
export interface RollingWindow {
  next(consumed: number): Promise<{ bytes: Buffer; fileOffset: number; isFinal: boolean } | null>;
}

/**
 * A rolling window over `file` that grows when a single record outgrows it. The next chunk is read
 * into a spare buffer while the caller scans the current window, so reading overlaps scanning. `firstOffset` is the
 * file offset of the first byte `file` reads (its range's start).
 */
export function createRollingWindow(file: ChunkFile, firstOffset = 0): RollingWindow {
  let buffer = Buffer.allocUnsafe(chunkSize * 2);
  const spare = Buffer.allocUnsafe(chunkSize);
  let length = 0;
  let fileOffset = firstOffset;
  let isEof = false;
  let isStarted = false;
  let prefetch: Promise<number> | null = null;
  // A read still in flight when the source closes early (bad input) must not become an unhandled rejection.
  const startPrefetch = (): Promise<number> => {
    const pending = file.fill(spare, 0);
    pending.catch(() => undefined);
    return pending;
  };
  return {
    async next(consumed) {
      if (isStarted) {
        fileOffset += consumed;
        const rest = length - consumed;
        if (rest + chunkSize > buffer.length) {
          const bigger = Buffer.allocUnsafe(rest + chunkSize * 2);
          buffer.copy(bigger, 0, consumed, length);
          buffer = bigger;
        } else buffer.copyWithin(0, consumed, length);
        length = rest;
      } else {
        isStarted = true;
        prefetch = startPrefetch();
      }
      if (prefetch !== null) {
        const read = await prefetch;
        spare.copy(buffer, length, 0, read);
        length += read;
        if (read < chunkSize) isEof = true;
        prefetch = isEof ? null : startPrefetch();
      }
      if (length === 0) return null;
      return { bytes: buffer.subarray(0, length), fileOffset, isFinal: isEof };
    },
  };
}

/** A one-line reason for a file system error. */
export function describeFsError(error: unknown): string {
  const code = (error as { code?: string }).code;
  if (code === "ENOENT") return "no such file";
  if (code === "EACCES" || code === "EPERM") return "permission denied";
  if (code === "EISDIR") return "is a directory";
  return error instanceof Error ? error.message : String(error);
}
