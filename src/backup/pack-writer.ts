import { randomBytes } from "node:crypto";
import type { AppendHandle, FsPort } from "../shared/fs-port.js";
import { removeQuietly } from "../shared/atomic-write.js";
import type { GraftLayout } from "./layout.js";
import { addPackedCopy, getPackPath, type ObjectIndex } from "./object-store.js";

/** Appends a batch of objects to one new pack; nothing is durable until the caller flushes what `finish` returns. */
export interface PackWriter {
  /** Appends `data` as object `sha256` (the caller has checked that no intact copy exists). */
  add(sha256: string, data: Buffer): Promise<void>;
  /** Closes the pack and writes its index (added to `index`); returns the files written, none for an empty batch. */
  finish(): Promise<string[]>;
  /** Removes the pack and its index (a refused apply leaves no trace). */
  discard(): Promise<void>;
}

/** A sortable, unique pack name. */
function createPackName(): string {
  return `pack-${Date.now().toString(36).padStart(9, "0")}-${randomBytes(4).toString("hex")}`;
}

/** Starts a pack in the store; the file is created on the first `add`. */
export function createPackWriter(fs: FsPort, layout: GraftLayout, index: ObjectIndex): PackWriter {
  const name = createPackName();
  const packPath = getPackPath(layout, name, ".pack");
  const indexPath = getPackPath(layout, name, ".idx");
  const entries: [string, number, number][] = [];
  let size = 0;
  let handle: Promise<AppendHandle> | undefined;
  // Appends are chained so offsets follow the order of `add` calls even on a port whose writes overlap.
  let tail: Promise<void> = Promise.resolve();
  let finished = false;
  let closed = false;
  const close = async () => {
    if (!handle || closed) return;
    closed = true;
    await (await handle).close();
  };
  return {
    add(sha256, data) {
      handle ??= fs.openAppend(packPath, { exclusive: true, mode: 0o444 });
      const opened = handle;
      entries.push([sha256, size, data.length]);
      size += data.length;
      const write = tail.then(async () => (await opened).write(data));
      tail = write.catch(() => undefined);
      return write;
    },
    async finish() {
      if (finished) throw new Error("pack already finished");
      finished = true;
      if (!handle) return [];
      await tail;
      await close();
      await fs.writeFile(indexPath, JSON.stringify({ format: "graft-pack-index", version: 1, objects: entries }), {
        exclusive: true,
        mode: 0o444,
      });
      index.packs.push(name);
      for (const [sha256, offset, length] of entries)
        addPackedCopy(index, sha256, { pack: name, offset, size: length });
      return [packPath, indexPath];
    },
    async discard() {
      await close().catch(() => undefined);
      await removeQuietly(fs, indexPath);
      await removeQuietly(fs, packPath);
    },
  };
}
