import { readFileSync } from "node:fs";

/** Polls a process tree's memory in /proc (Linux); `stop` returns the peak in bytes, or null elsewhere. */
export interface MemoryWatch {
  stop(): number | null;
}

const pollMs = 10;

/**
 * Watches `pid` and its descendants: the peak is the larger of the highest single-process VmHWM seen
 * and the highest sum of VmRSS over the tree (a pipeline's processes are alive at once).
 */
export function createMemoryWatch(pid: number): MemoryWatch {
  let peak = 0;
  let isObservable = true;
  const hwm = new Map<number, number>();
  const poll = (): void => {
    if (!isObservable) return;
    let total = 0;
    for (const p of listTree(pid)) {
      const status = readStatus(p);
      if (status === null) {
        if (p === pid && hwm.size === 0) isObservable = readStatus(process.pid) !== null;
        continue;
      }
      total += status.rss;
      hwm.set(p, Math.max(hwm.get(p) ?? 0, status.hwm));
    }
    peak = Math.max(peak, total, ...hwm.values());
  };
  poll();
  const timer = setInterval(poll, pollMs);
  return {
    stop() {
      clearInterval(timer);
      return isObservable && peak > 0 ? peak * 1024 : null;
    },
  };
}

function listTree(root: number): number[] {
  const found = [root];
  for (let i = 0; i < found.length && found.length < 256; i++) {
    try {
      const children = readFileSync(`/proc/${found[i]}/task/${found[i]}/children`, "utf8").trim();
      if (children !== "") for (const child of children.split(/\s+/)) found.push(Number(child));
    } catch {
      // The process exited between polls.
    }
  }
  return found;
}

function readStatus(pid: number): { rss: number; hwm: number } | null {
  try {
    const text = readFileSync(`/proc/${pid}/status`, "utf8");
    const rss = /VmRSS:\s+(\d+)/.exec(text);
    const hwm = /VmHWM:\s+(\d+)/.exec(text);
    return { rss: rss ? Number(rss[1]) : 0, hwm: hwm ? Number(hwm[1]) : 0 };
  } catch {
    return null;
  }
}
