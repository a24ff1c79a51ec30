import path from "node:path";
import type { FsPort } from "../shared/fs-port.js";
import { removeQuietly } from "../shared/atomic-write.js";
import type { KeptOriginal } from "../backup/backup-writer.js";
import { getObjectPath, type GraftLayout } from "../backup/layout.js";
import { hashBytes } from "../backup/object-store.js";
import { writeRunRecord } from "../backup/run-record.js";
import type { RunRecord } from "../backup/types.js";
import { ChangedDuringRunError } from "./changed-during-run-error.js";
import type { PlannedAction } from "./expand-actions.js";

/**
 * Re-hashes the originals kept by hard link (adopted objects, held links) of files the finished actions replaced
 * or removed. Until its replacement, such an original is the tree file itself, so an in-place edit made in
 * between reached the backup too. A changed one is not lost: its bytes become the object they hash to, the
 * record names them as the path's state before the run (so rollback restores them), and the run stops with
 * ChangedDuringRunError. Once out of the tree, a checked original cannot change any more.
 */
export async function checkKeptOriginals(
  fs: FsPort,
  layout: GraftLayout,
  record: RunRecord,
  kept: Map<string, KeptOriginal>,
  finished: readonly PlannedAction[],
): Promise<void> {
  if (kept.size === 0) return;
  const changed: string[] = [];
  for (const { action } of finished) {
    for (const change of action.changes) {
      const absolute = path.join(layout.root, change.path);
      const original = kept.get(absolute);
      if (!original || change.before.kind !== "file") continue;
      kept.delete(absolute);
      const bytes = await fs.readFile(original.link);
      const actual = hashBytes(bytes);
      if (actual === original.sha256) continue;
      const mode = (await fs.lstat(original.link)).mode & 0o7777;
      const object = getObjectPath(layout, actual);
      if (await fs.lstatIfExists(object)) await removeQuietly(fs, original.link);
      else await fs.rename(original.link, object);
      for (const other of record.actions)
        for (const c of other.changes)
          if (c.path === change.path && c.before.kind === "file" && c.before.sha256 === original.sha256)
            c.before = { kind: "file", sha256: actual, mode, size: bytes.length };
      changed.push(change.path);
    }
  }
  if (changed.length === 0) return;
  // The object and the record naming it are durable before the rollback relies on them.
  await fs.fsyncPath(layout.objects);
  await writeRunRecord(fs, layout, record);
  throw new ChangedDuringRunError(changed, "replacing");
}
