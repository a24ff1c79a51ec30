import type { Stats } from "node:fs";

/**
 * A file as `lstat` identifies it: device, inode, size and ctime. Every write to a file, and every change of its
 * times (utimes), sets its ctime to the clock's time, and user code cannot set ctime: so a file with the same identity
 * as when it was stat'ed holds the same bytes — unless it was written again within one tick of the clock that stamps
 * ctime after that stat (git's "racily clean" entries). An identity is therefore kept only for a file whose ctime
 * is `racyMarginMs` older than the stat: any later write gets a later ctime. Apply uses it to skip re-reading
 * files a plan only read. (Scan entries carry these fields themselves: an object per file would cost ≈ 9 MB at
 * 50k files. File systems that keep no real ctime, such as FAT, are outside this argument.)
 */
export interface FileIdentity {
  dev: number;
  ino: number;
  size: number;
  ctimeMs: number;
}

/** How much older than the stat a file's ctime must be for its identity to be kept (far above any clock tick). */
export const racyMarginMs = 2000;

/** True for a regular file whose ctime is `margin` older than `statStartedMs` (Date.now() before the stat). */
export function isSteadyFile(stats: Stats, statStartedMs: number, margin = racyMarginMs): boolean {
  return stats.isFile() && stats.ctimeMs < statStartedMs - margin;
}

/** True when `stats` (an lstat now) shows the same file, unwritten, as `identity`. */
export function hasIdentity(stats: Stats, identity: FileIdentity): boolean {
  return (
    stats.isFile() &&
    stats.dev === identity.dev &&
    stats.ino === identity.ino &&
    stats.size === identity.size &&
    stats.ctimeMs === identity.ctimeMs
  );
}
