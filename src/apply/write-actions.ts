import type { MigrationPlan } from "../model/plan.js";
import { CheckFailedError, GraftError, InterruptedError, RefusedError, toGraftError } from "../shared/errors.js";
import { flushFileSystem, nodeFsPort, type FsPort } from "../shared/fs-port.js";
import type { GraftLayout } from "../backup/layout.js";
import { openJournal, type JournalWriter } from "../backup/journal.js";
import { restoreRun } from "../backup/restore-run.js";
import { writeRunRecord } from "../backup/run-record.js";
import type { RunRecord } from "../backup/types.js";
import type { KeptOriginal } from "../backup/backup-writer.js";
import { ChangedDuringRunError } from "./changed-during-run-error.js";
import { checkKeptOriginals } from "./check-kept-originals.js";
import { describeAction, performWrite } from "./execute-action.js";
import type { PlannedAction } from "./expand-actions.js";
import {
  getGroupPaths,
  getWriteThreadCount,
  isFileWriteGroup,
  parallelWriteThreshold,
  ParallelActionError,
  runParallelWrites,
} from "./parallel-writes.js";
import type { CheckContext, PostWriteCheck } from "../model/post-write-check.js";
import type { InterruptionWatch } from "./watch-interruption.js";

/** Progress of a run, for the CLI to render (the library never prints). */
export type ApplyEvent =
  | { type: "phase"; phase: "backing-up" | "writing" | "verifying" | "rolling-back" }
  | { type: "action"; index: number; total: number; description: string }
  | { type: "check"; name: string; ok: boolean; details?: string }
  | { type: "warning"; message: string };

/** Everything the write phase needs. */
export interface WriteActionsInput {
  fs: FsPort;
  layout: GraftLayout;
  plan: MigrationPlan;
  record: RunRecord;
  actions: readonly PlannedAction[];
  checks: readonly PostWriteCheck[];
  checkContext: CheckContext;
  /** The status a run that completes ends with (default "applied"; "needs-review" when its checks wait for a review). */
  endStatus?: "applied" | "needs-review";
  interruption: InterruptionWatch;
  options: { durable: boolean; onEvent?: (event: ApplyEvent) => void };
  /** Originals kept by hard link, by absolute path (see checkKeptOriginals); checked once their file is replaced. */
  kept?: ReadonlyMap<string, KeptOriginal>;
}

/**
 * Writes the tree action by action (journaling each), runs the post-write checks, and on any failure, signal or
 * abort rolls every change back and records why. The record must already be on disk.
 */
export async function writeActions(input: WriteActionsInput): Promise<RunRecord> {
  const { fs, layout, record, actions, options } = input;
  const emit = options.onEvent ?? (() => undefined);
  const warn = (message: string) => emit({ type: "warning", message });
  const { interruption } = input;
  let journal: JournalWriter | undefined;
  let current: PlannedAction | undefined;
  const kept = new Map(input.kept ?? []);
  try {
    journal = await openJournal(fs, layout, record.id);
    emit({ type: "phase", phase: "writing" });
    const threads = fs === nodeFsPort ? getWriteThreadCount() : 0;
    const groups = groupByOperation(actions);
    const journalActions = async (finished: readonly PlannedAction[]) => {
      await checkKeptOriginals(fs, layout, record, kept, finished);
      for (const planned of finished)
        emit({
          type: "action",
          index: planned.action.index,
          total: actions.length,
          description: describeAction(planned.write),
        });
      await journal!.recordActions(finished.map((planned) => planned.action.index));
    };
    for (let g = 0; g < groups.length; ) {
      // Signals are honoured between plan operations, so a move with edits is never left half done.
      interruption.throwIfInterrupted();
      const batch = threads ? collectParallelBatch(groups, g) : [];
      if (batch.length >= parallelWriteThreshold) {
        await runParallelWrites(record.root, batch, {
          threads,
          onActions: journalActions,
          shouldStop: () => interruption.isInterrupted() !== undefined,
          ...(options.durable ? { flush: () => flushFileSystem(fs, record.root, warn) } : {}),
        });
        g += batch.length;
        continue;
      }
      for (const planned of groups[g]!) {
        current = planned;
        // Not fsynced one by one: the originals are durable in the store, and one flush below covers the tree.
        await performWrite(fs, record.root, planned.write, false);
        await journalActions([planned]);
      }
      g += 1;
    }
    current = undefined;
    if (options.durable) await flushFileSystem(fs, record.root, warn);
    interruption.throwIfInterrupted();
    emit({ type: "phase", phase: "verifying" });
    for (const check of input.checks) {
      const outcome = await check.afterWrite(input.checkContext);
      emit({
        type: "check",
        name: check.name,
        ok: outcome.ok,
        details: outcome.ok ? outcome.details : outcome.message,
      });
      if (!outcome.ok) throw new CheckFailedError(`${check.name} failed: ${outcome.message}`);
      interruption.throwIfInterrupted();
    }
    record.status = input.endStatus ?? "applied";
    record.endedAt = new Date().toISOString();
    await writeRunRecord(fs, layout, record);
    await journal.recordEnd(record.status);
    return record;
  } catch (error) {
    if (error instanceof ParallelActionError) current = error.planned;
    throw await rollBackAfterFailure(input, journal, error, current);
  } finally {
    await journal?.close().catch(() => undefined);
  }
}

/**
 * Rolls the run back after `error`, records the outcome, and returns the error to throw. The rollback never
 * overwrites a file someone changed during the run: it leaves it, restores the rest, and the error (exit 3)
 * names it and how to get the version before the run.
 */
async function rollBackAfterFailure(
  input: WriteActionsInput,
  journal: JournalWriter | undefined,
  error: unknown,
  current: PlannedAction | undefined,
): Promise<GraftError> {
  const { fs, layout, record, options } = input;
  const interrupted = error instanceof InterruptedError;
  const where = current
    ? ` at action ${current.action.index + 1} of ${input.actions.length} (${describeAction(current.write)})`
    : "";
  const reason = interrupted ? error.message : `${error instanceof Error ? error.message : String(error)}${where}`;
  options.onEvent?.({ type: "phase", phase: "rolling-back" });
  record.status = interrupted ? "interrupted" : "failed";
  record.error = reason;
  record.endedAt = new Date().toISOString();
  let result: Awaited<ReturnType<typeof restoreRun>>;
  try {
    result = await restoreRun(fs, layout, record, {
      leaveChanged: true,
      reason: interrupted ? "interrupt" : "failure",
      durable: options.durable,
      onWarning: (message) => options.onEvent?.({ type: "warning", message }),
    });
    record.rollbacks.push(result.entry);
    await writeRunRecord(fs, layout, record);
    await journal?.recordEnd(record.status);
  } catch (rollbackError) {
    const why = rollbackError instanceof Error ? rollbackError.message : String(rollbackError);
    record.rollbackPending = true;
    record.error = `${reason}; rollback failed: ${why}`;
    await writeRunRecord(fs, layout, record).catch(() => undefined);
    return new CheckFailedError(
      `run ${record.id} failed: ${reason}; ROLLBACK FAILED (${why}): the tree is partly migrated, run graft rollback ${record.id}`,
    );
  }
  const changedDuringRun =
    error instanceof ChangedDuringRunError
      ? error.paths
      : error instanceof ParallelActionError
        ? error.changedPaths
        : undefined;
  const notes = describeLeftFiles(record.id, result.leftAlone, result.notWritten, changedDuringRun ?? []);
  if (notes) return new RefusedError(`${reason}; rolled back run ${record.id} except: ${notes}`);
  const done = `rolled back run ${record.id}, the tree is as before`;
  if (interrupted) return new InterruptedError(`${reason}; ${done}`);
  if (error instanceof GraftError) return new CheckFailedError(`${error.message}; ${done}`);
  return toGraftError(error, "apply failed", `${where}; ${done}`);
}

/** What a rollback left as someone else wrote it, and how to reach each version; undefined when nothing. */
function describeLeftFiles(
  runId: string,
  leftAlone: readonly string[],
  notWritten: readonly string[],
  changedDuringRun: readonly string[],
): string | undefined {
  const list = (paths: readonly string[]) =>
    `${paths.slice(0, 5).join(", ")}${paths.length > 5 ? ` and ${paths.length - 5} more` : ""}`;
  const notes: string[] = [];
  const rescued = changedDuringRun.filter((p) => !leftAlone.includes(p) && !notWritten.includes(p));
  if (rescued.length)
    notes.push(`${list(rescued)} now hold${rescued.length > 1 ? "" : "s"} the version written during the run`);
  if (notWritten.length)
    notes.push(
      `${list(notWritten)} changed during the run before graft wrote ${notWritten.length > 1 ? "them; they are" : "it; it is"} left as is`,
    );
  if (leftAlone.length)
    notes.push(
      `${list(leftAlone)} changed after graft wrote ${leftAlone.length > 1 ? "them and are" : "it and is"} left as is (the run's change plus the other one); graft rollback ${runId} --force restores the version before the run, backing up the current one first`,
    );
  return notes.length ? notes.join("; ") : undefined;
}

/** Actions split into runs of one plan operation each, in order. */
function groupByOperation(actions: readonly PlannedAction[]): PlannedAction[][] {
  const groups: PlannedAction[][] = [];
  for (const planned of actions) {
    const last = groups.at(-1);
    if (last && last[0]!.action.operation === planned.action.operation) last.push(planned);
    else groups.push([planned]);
  }
  return groups;
}

/** The file-write groups from `start` on that touch no path another of them touches (so their order is free). */
function collectParallelBatch(groups: readonly PlannedAction[][], start: number): PlannedAction[][] {
  const batch: PlannedAction[][] = [];
  const seen = new Set<string>();
  for (let g = start; g < groups.length && isFileWriteGroup(groups[g]!); g++) {
    const paths = getGroupPaths(groups[g]!);
    if (paths.some((p) => seen.has(p))) break;
    for (const p of paths) seen.add(p);
    batch.push(groups[g]!);
  }
  return batch;
}
