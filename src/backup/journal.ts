import { isErrorCode, type AppendHandle, type FsPort } from "../shared/fs-port.js";
import { getJournalPath, type GraftLayout } from "./layout.js";
import type { JournalLine, RunStatus } from "./types.js";

/** What a journal says: the actions completed and, when the run finished, how. */
export interface JournalContents {
  actions: Set<number>;
  end?: RunStatus;
}

/** Appends lines to a run's journal; fsyncs once `syncEvery` lines are unsynced, and at the end. */
export interface JournalWriter {
  /** Records finished actions, one line each, in a single write. */
  recordActions(indices: readonly number[]): Promise<void>;
  recordEnd(status: RunStatus): Promise<void>;
  close(): Promise<void>;
}

/**
 * Opens a run's journal. Lines are written as actions finish (so they survive the process being killed) but
 * fsynced in batches: rollback judges every path by its state, so a journal lagging the tree is safe.
 */
export async function openJournal(
  fs: FsPort,
  layout: GraftLayout,
  runId: string,
  syncEvery = 512,
): Promise<JournalWriter> {
  const handle: AppendHandle = await fs.openAppend(getJournalPath(layout, runId));
  let unsynced = 0;
  const append = async (lines: readonly JournalLine[], forceSync: boolean) => {
    if (lines.length === 0) return;
    await handle.write(lines.map((line) => JSON.stringify(line) + "\n").join(""));
    unsynced += lines.length;
    if (forceSync || unsynced >= syncEvery) {
      await handle.sync();
      unsynced = 0;
    }
  };
  return {
    recordActions: (indices) => {
      const at = new Date().toISOString();
      return append(
        indices.map((action) => ({ action, at })),
        false,
      );
    },
    recordEnd: (status) => append([{ end: status, at: new Date().toISOString() }], true),
    close: () => handle.close(),
  };
}

/** Reads a journal, ignoring a torn last line. */
export async function readJournal(fs: FsPort, layout: GraftLayout, runId: string): Promise<JournalContents> {
  let text: string;
  try {
    text = (await fs.readFile(getJournalPath(layout, runId))).toString("utf8");
  } catch (error) {
    if (isErrorCode(error, "ENOENT")) return { actions: new Set() };
    throw error;
  }
  const contents: JournalContents = { actions: new Set() };
  for (const raw of text.split("\n")) {
    if (!raw.trim()) continue;
    let line: JournalLine;
    try {
      line = JSON.parse(raw) as JournalLine;
    } catch {
      continue; // a line torn by a crash mid-write
    }
    // The journal is informational (rollback judges paths by their state): a line graft did not write is skipped.
    if (typeof line !== "object" || line === null || Array.isArray(line)) continue;
    if ("action" in line) {
      if (Number.isInteger(line.action)) contents.actions.add(line.action);
    }
    // Journals written before actions had their name call them steps.
    else if ("step" in line) {
      const step = (line as { step: unknown }).step;
      if (typeof step === "number" && Number.isInteger(step)) contents.actions.add(step);
    } else if (isRunStatus(line.end)) contents.end = line.end;
  }
  return contents;
}

function isRunStatus(value: unknown): value is RunStatus {
  return ["running", "applied", "rolled-back", "failed", "interrupted"].includes(value as string);
}
