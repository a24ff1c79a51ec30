import { open, type FileHandle } from "node:fs/promises";
import { InvalidInputError } from "../shared/errors.js";

/** Sequential and positional reads of one file, in large chunks. */
export interface ChunkFile {
  /** Next chunk (a fresh buffer) or null at end of file. */
  readChunk(): Promise<Buffer | null>;
  /** Reads `length` bytes at `offset`. */
  readAt(offset: number, length: number): Promise<Buffer>;
  close(): Promise<void>;
}

const chunkSize = 2 * 1024 * 1024;

/** Opens `path` for chunked reading; an unreadable file is bad input (exit 2). */
export async function openChunkFile(path: string): Promise<ChunkFile> {
  let handle: FileHandle;
  try {
    handle = await open(path, "r");
    const stats = await handle.stat();
    if (stats.isDirectory()) {
      await handle.close();
      throw new InvalidInputError(`${path}: is a directory`);
    }
  } catch (error) {
    if (error instanceof InvalidInputError) throw error;
    throw new InvalidInputError(`${path}: ${describeFsError(error)}`);
  }
  let position = 0;
  return {
    async readChunk() {
      const buffer = Buffer.allocUnsafe(chunkSize);
      const { bytesRead } = await handle.read(buffer, 0, chunkSize, position);
      if (bytesRead === 0) return null;
      position += bytesRead;
      return bytesRead === chunkSize ? buffer : buffer.subarray(0, bytesRead);
    },
    async readAt(offset, length) {
      const buffer = Buffer.allocUnsafe(length);
      const { bytesRead } = await handle.read(buffer, 0, length, offset);
      return buffer.subarray(0, bytesRead);
    },
    close: () => handle.close(),
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
