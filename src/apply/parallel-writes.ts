import { existsSync } from "node:fs";
import os from "node:os";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { nodeFsPort } from "../shared/fs-port.js";
import { ChangedDuringRunError } from "./changed-during-run-error.js";
import { discardStaged, performWrite, stageWrite, type StagedPut } from "./execute-action.js";
import type { PlannedAction } from "./expand-actions.js";
import type { WriteChunkMessage, WriteWorkerReply } from "./write-worker.js";

/** Fewer independent operations than this run on the main thread: starting workers costs more than they save. */
export const parallelWriteThreshold = 256;

const workerUrl = new URL("./write-worker.js", import.meta.url);

/** Threads (the main one included) for a batch of file writes; 0 when writes stay sequential (one core, or no compiled worker). */
export function getWriteThreadCount(): number {
  const cores = typeof os.availableParallelism === "function" ? os.availableParallelism() : os.cpus().length;
  // Under a TypeScript loader (tests) the worker has no compiled file to start from.
  return cores > 1 && existsSync(fileURLToPath(workerUrl)) ? Math.min(cores, 3) : 0;
}

/** Action groups (one plan operation each) that only write, rename or remove files (their folders exist already). */
export function isFileWriteGroup(group: readonly PlannedAction[]): boolean {
  return group.every(
    ({ write }) =>
      write.type === "put-edited" || write.type === "put-bytes" || write.type === "remove" || write.type === "rename",
  );
}

/** Every path a file-write group reads or writes. */
export function getGroupPaths(group: readonly PlannedAction[]): string[] {
  return group.flatMap(({ write }) => ("from" in write ? [write.from, write.to] : [write.path]));
}

/** A failed action of a parallel batch, with the error as the worker saw it. */
export class ParallelActionError extends Error {
  constructor(
    readonly planned: PlannedAction,
    message: string,
    readonly code?: string,
    /** Set when the action failed because someone else changed these files during the run (ChangedDuringRunError). */
    readonly changedPaths?: readonly string[],
  ) {
    super(message);
    if (code) (this as NodeJS.ErrnoException).code = code;
  }

  /** The error `planned` failed with, kept with its errno code. */
  static from(planned: PlannedAction, error: unknown): ParallelActionError {
    return new ParallelActionError(
      planned,
      error instanceof Error ? error.message : String(error),
      (error as NodeJS.ErrnoException).code,
      error instanceof ChangedDuringRunError ? error.paths : undefined,
    );
  }
}

/** Plan operations per message to a worker: enough to amortize the round trip, few enough to stop soon on a signal. */
const groupsPerChunk = 64;

/** How a batch of independent file writes runs. */
export interface ParallelWriteOptions {
  /** Threads, the main one included (getWriteThreadCount). */
  threads: number;
  /** Called on the main thread with the actions each chunk of renames finished. */
  onActions: (actions: readonly PlannedAction[]) => Promise<void>;
  /** Checked between chunks: true stops the batch (what is staged is removed, what is done stays done). */
  shouldStop: () => boolean;
  /** Makes the staged temp files durable before any is renamed (one syncfs); omitted when the run is not durable. */
  flush?: () => Promise<void>;
}

/**
 * Runs independent groups of file writes in two phases. First every put is staged, its new content written
 * to a temp file beside its target, on `threads` threads (the main one and workers): creating files is the
 * costliest call of a run, and threads in different folders create them in parallel. Then, after one flush,
 * the main thread renames each temp over its target and performs the other actions, in order, journaling a
 * chunk at a time. Nothing in the tree changes before the second phase; a failure or stop in the first
 * removes every temp file, and in the second removes the ones not yet renamed.
 */
export async function runParallelWrites(
  root: string,
  groups: readonly PlannedAction[][],
  options: ParallelWriteOptions,
): Promise<void> {
  const staged = await stageInParallel(root, groups, options);
  if (!staged) return;
  try {
    await options.flush?.();
    for (let start = 0; start < groups.length; start += groupsPerChunk) {
      if (options.shouldStop()) return;
      const done: PlannedAction[] = [];
      let failed: ParallelActionError | undefined;
      for (const planned of groups.slice(start, start + groupsPerChunk).flat()) {
        try {
          await performWrite(nodeFsPort, root, planned.write, false, staged.get(planned.action.index));
        } catch (error) {
          failed = ParallelActionError.from(planned, error);
          break;
        }
        staged.delete(planned.action.index);
        done.push(planned);
      }
      await options.onActions(done);
      if (failed) throw failed;
    }
  } finally {
    await discardStaged(nodeFsPort, staged.values());
  }
}

/** Stages every put of `groups` (see stageWrite) on the main thread and workers; undefined when stopped. */
async function stageInParallel(
  root: string,
  groups: readonly PlannedAction[][],
  options: ParallelWriteOptions,
): Promise<Map<number, StagedPut> | undefined> {
  const byIndex = new Map<number, PlannedAction>();
  for (const group of groups) for (const planned of group) byIndex.set(planned.action.index, planned);
  const chunks: PlannedAction[][][] = [];
  for (let i = 0; i < groups.length; i += groupsPerChunk) chunks.push(groups.slice(i, i + groupsPerChunk));
  const staged = new Map<number, StagedPut>();
  // Each worker costs an isolate (about 11 MB); the main thread, idle otherwise, takes a share itself.
  const workers = Array.from(
    { length: Math.max(1, Math.min(options.threads - 1, chunks.length - 1)) },
    () => new Worker(workerUrl),
  );
  let next = 0;
  let failure: unknown;
  const canDispatch = () => failure === undefined && next < chunks.length && !options.shouldStop();
  const runOnWorker = (worker: Worker) =>
    new Promise<void>((resolve) => {
      let inFlight = 0;
      const dispatch = () => {
        // Two chunks in flight: the worker never waits while the main thread is busy with its own chunk.
        while (inFlight < 2 && canDispatch()) {
          const chunk = chunks[next++]!;
          inFlight += 1;
          const message: WriteChunkMessage = {
            root,
            groups: chunk.map((group) => group.map(({ action, write }) => ({ index: action.index, write }))),
          };
          worker.postMessage(message);
        }
        if (inFlight === 0) resolve();
      };
      worker.on("message", (reply: WriteWorkerReply) => {
        inFlight -= 1;
        for (const [index, put] of reply.staged) staged.set(index, put);
        if (reply.error)
          failure ??= new ParallelActionError(
            byIndex.get(reply.error.index)!,
            reply.error.message,
            reply.error.code,
            reply.error.changedPaths,
          );
        dispatch();
      });
      worker.on("error", (error) => {
        failure ??= error;
        inFlight = 0;
        resolve();
      });
      dispatch();
    });
  const runOnMainThread = async () => {
    // Workers start first: the main thread's first chunk overlaps their start-up.
    await yieldToEvents();
    while (canDispatch()) {
      for (const planned of chunks[next++]!.flat()) {
        try {
          const put = await stageWrite(nodeFsPort, root, planned.write);
          if (put) staged.set(planned.action.index, put);
        } catch (error) {
          failure ??= ParallelActionError.from(planned, error);
          return;
        }
      }
      // Let worker replies in (staged temps, new chunks) between the main thread's own chunks.
      await yieldToEvents();
    }
  };
  try {
    await Promise.all([...workers.map(runOnWorker), runOnMainThread()]);
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
  if (failure !== undefined || options.shouldStop()) {
    await discardStaged(nodeFsPort, staged.values());
    if (failure !== undefined) throw failure;
    return undefined;
  }
  return staged;
}

function yieldToEvents(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
