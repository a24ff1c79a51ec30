import { randomBytes } from "node:crypto";
import os from "node:os";
import path from "node:path";
import { isErrorCode, type FsPort } from "../shared/fs-port.js";
import { RefusedError } from "../shared/errors.js";
import { removeQuietly, tempPathFor } from "../shared/atomic-write.js";
import type { GraftLayout } from "./layout.js";

/** What `.graft/lock` records about its owner. */
export interface LockInfo {
  pid: number;
  host: string;
  startedAt: string;
  command: string;
  /** Random token so a takeover can tell this lock from a newer one. */
  token: string;
}

/** A held lock; `release` removes it if it is still ours. */
export interface HeldLock {
  info: LockInfo;
  /** Set when a stale lock was taken over (the warning to show). */
  takeover?: string;
  release(): Promise<void>;
}

/** True when a process with `pid` exists on this host (EPERM still means it exists). */
export function isProcessAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return isErrorCode(error, "EPERM");
  }
}

/** True when the owner (pid, host) of a lock or run may still be running. Other hosts are assumed alive. */
export function isOwnerAlive(pid: number, host: string): boolean {
  return host !== os.hostname() || isProcessAlive(pid);
}

/**
 * Takes `.graft/lock` for this process (O_EXCL create). A lock whose pid is dead on this host is stale and
 * is taken over; any other held lock refuses with exit 3.
 */
export async function acquireLock(fs: FsPort, layout: GraftLayout, command: string): Promise<HeldLock> {
  await fs.mkdir(layout.dir, { recursive: true });
  const info: LockInfo = {
    pid: process.pid,
    host: os.hostname(),
    startedAt: new Date().toISOString(),
    command,
    token: randomBytes(8).toString("hex"),
  };
  const body = JSON.stringify(info) + "\n";
  let takeover: string | undefined;
  for (let attempt = 0; attempt < 5; attempt++) {
    if (await linkLockFile(fs, layout, body))
      return { info, takeover, release: () => releaseLock(fs, layout, info.token) };
    const holder = await readLock(fs, layout);
    if (!holder) continue; // released between our create and read
    if (isOwnerAlive(holder.pid, holder.host)) throw new RefusedError(describeHeldLock(layout, holder));
    if (await removeStaleLock(fs, layout, holder)) {
      takeover = `took over a stale lock of pid ${holder.pid} (${holder.command}, since ${holder.startedAt}), which is no longer running`;
    }
  }
  throw new RefusedError(`could not take the lock ${layout.lock}: another graft run keeps taking it`);
}

/** Creates the lock with its full content in one step (write a temp file, hard-link it as the lock). */
async function linkLockFile(fs: FsPort, layout: GraftLayout, body: string): Promise<boolean> {
  const temp = tempPathFor(layout.lock);
  try {
    // Inside the try: a write that fails (a full disk) has created the temp file already.
    await fs.writeFile(temp, body, { sync: true, exclusive: true });
    await fs.link(temp, layout.lock);
    return true;
  } catch (error) {
    if (isErrorCode(error, "EEXIST")) return false;
    throw error;
  } finally {
    await removeQuietly(fs, temp);
  }
}

/** The one-line refusal naming who holds the lock. */
function describeHeldLock(layout: GraftLayout, holder: LockInfo): string {
  return `another graft run holds the lock on ${layout.root} (pid ${holder.pid} on ${holder.host}, since ${holder.startedAt}: ${holder.command}); wait for it or remove ${layout.lock} if it is gone`;
}

/** Reads the lock file; undefined when absent or unreadable garbage older runs may have left. */
export async function readLock(fs: FsPort, layout: GraftLayout): Promise<LockInfo | undefined> {
  try {
    const value: unknown = JSON.parse((await fs.readFile(layout.lock)).toString("utf8"));
    if (typeof value !== "object" || value === null) throw new SyntaxError("not a lock");
    const parsed = value as Partial<LockInfo>;
    return {
      pid: Number(parsed.pid),
      host: String(parsed.host),
      startedAt: String(parsed.startedAt),
      command: String(parsed.command),
      token: String(parsed.token),
    };
  } catch (error) {
    if (isErrorCode(error, "ENOENT")) return undefined;
    if (error instanceof SyntaxError) {
      // A lock torn by a crash while being written: its owner never started work.
      return { pid: -1, host: os.hostname(), startedAt: "?", command: "?", token: "" };
    }
    throw error;
  }
}

/**
 * Moves the stale lock aside under a unique name and checks it is the one judged stale; only one of several
 * racing processes can win the rename, so two never both take over.
 */
async function removeStaleLock(fs: FsPort, layout: GraftLayout, stale: LockInfo): Promise<boolean> {
  const aside = path.join(layout.dir, `lock.stale-${randomBytes(4).toString("hex")}`);
  try {
    await fs.rename(layout.lock, aside);
  } catch (error) {
    if (isErrorCode(error, "ENOENT")) return false;
    throw error;
  }
  let moved: LockInfo | undefined;
  try {
    const parsed: unknown = JSON.parse((await fs.readFile(aside)).toString("utf8"));
    moved = typeof parsed === "object" && parsed !== null ? (parsed as LockInfo) : undefined;
  } catch {
    moved = undefined;
  }
  if (moved && moved.token !== stale.token) {
    // We moved a fresh lock someone took meanwhile: put it back unless yet another appeared.
    await linkLockFile(fs, layout, JSON.stringify(moved) + "\n");
    await fs.unlink(aside);
    return false;
  }
  await fs.unlink(aside);
  return true;
}

async function releaseLock(fs: FsPort, layout: GraftLayout, token: string): Promise<void> {
  const holder = await readLock(fs, layout);
  if (holder?.token === token) await fs.unlink(layout.lock);
}
