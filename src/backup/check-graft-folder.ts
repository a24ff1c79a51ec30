import { RefusedError } from "../shared/errors.js";
import type { FsPort } from "../shared/fs-port.js";
import type { GraftLayout } from "./layout.js";

/**
 * Refuses a `.graft` graft cannot trust before anything reads or writes it: a symlink (the lock, backups and
 * records would land wherever it points), anything but a folder, or a folder owned by another user (a clone
 * or a shared folder may bring one). Its `runs` and `objects` folders must be real folders too. An absent
 * `.graft` is fine: graft makes its own.
 */
export async function checkGraftFolder(fs: FsPort, layout: GraftLayout): Promise<void> {
  const uid = process.getuid?.();
  for (const dir of [layout.dir, layout.runs, layout.objects]) {
    const stat = await fs.lstatIfExists(dir);
    if (!stat) continue;
    if (stat.isSymbolicLink()) {
      const target = await fs.readlink(dir).catch(() => "?");
      throw new RefusedError(
        `refusing to use ${dir}: it is a symlink (to ${target}); graft keeps its lock, backups and run records only in a folder of the root it made itself: remove the link`,
      );
    }
    if (!stat.isDirectory())
      throw new RefusedError(`refusing to use ${dir}: it is not a folder; remove it so graft can make its own`);
    if (uid !== undefined && stat.uid !== uid)
      throw new RefusedError(
        `refusing to use ${dir}: it is owned by user ${stat.uid}, not by you (user ${uid}); graft only trusts a .graft it made for you: remove it, or run graft as its owner`,
      );
  }
}
