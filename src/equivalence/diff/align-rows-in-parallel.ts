import { existsSync } from "node:fs";
import { stat } from "node:fs/promises";
import os from "node:os";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { InvalidInputError } from "../../shared/errors.js";
import {
  alignCursorRows,
  alignRowsByPosition,
  countRemainingRows,
  openRowCursor,
  type RowCursor,
} from "./align-rows-by-position.js";
import type { RowSliceReply, RowSliceRequest } from "./compare-row-slice.js";
import type { AlignmentCounts } from "./diff-types.js";
import { createTally, type MismatchTally, mergeLaterTally } from "./mismatch-tally.js";
import { findPlainBoundary } from "./readers/count-plain-records.js";
import { type DelimitedSource, type DelimitedTable, openDelimitedSlice } from "./readers/csv-reader.js";
import type { TableSource } from "./table.js";

/** When and where a comparison splits. */
export interface SplitTuning {
  /** Tables with fewer bytes of rows are compared on one thread. */
  minBytes: number;
  /**
   * Tables that cannot have this many rows are compared on one thread: a row holds at least one byte per column (a
   * delimiter or its line feed), so bytes ÷ columns bounds the rows. The helper's start-up grows with the columns
   * (it is sent every column pair) and what it saves with the rows.
   */
  minRows: number;
  /** This thread's share of the legacy file's bytes of rows. */
  headShare: number;
}

/**
 * Below 16 MiB of rows, starting a worker (≈ 40 ms) and counting the records before the split cost more than half
 * of the comparison saves. This thread takes a little over half, as the helper first counts the records before the
 * split in both files (≈ 50 ms each for 80 MB).
 */
export const defaultSplitTuning: SplitTuning = { minBytes: 16 * 1024 * 1024, minRows: 65536, headShare: 0.52 };

const workerUrl = new URL("./row-slice-worker.js", import.meta.url);

/**
 * A second thread that compares the later rows (see compareRowSlice); null when it died or could not start, and
 * nothing is known of its work.
 */
export interface RowSliceHelper {
  compare(request: RowSliceRequest): Promise<RowSliceReply | null>;
  /** Stops the helper; its answer is no longer wanted. */
  cancel(): void;
}

/** True when a second thread can compare: more than one core, and a compiled worker (not under a TypeScript loader). */
export function canCompareInParallel(): boolean {
  const cores = typeof os.availableParallelism === "function" ? os.availableParallelism() : os.cpus().length;
  return cores > 1 && existsSync(fileURLToPath(workerUrl));
}

/**
 * Starts a worker thread for a row slice; errors in the input come back as answers. It keeps the process alive until
 * it answers or is cancelled (every path of alignRowsInParallel ends one way or the other).
 */
export function startRowSliceWorker(): RowSliceHelper {
  const worker = new Worker(workerUrl);
  const reply = new Promise<RowSliceReply | null>((resolve) => {
    worker.once("message", resolve);
    worker.once("error", () => resolve(null));
    worker.once("exit", () => resolve(null));
  });
  return {
    compare(request) {
      worker.postMessage(request);
      return reply.finally(() => worker.terminate());
    },
    cancel: () => void worker.terminate(),
  };
}

/**
 * Pairs the rows of two delimited tables by position, the first half of the legacy file's bytes on this thread and
 * the rest on a helper, with the same counts and tally as alignRowsByPosition.
 *
 * The split is the end of a line with no quote before it in the legacy file (findPlainBoundary), so every line feed
 * before it ends a record and the helper can count them: `R` records. It starts the migrated file after its first `R`
 * records, counted the same way, so row numbers, lines and every pairing are those of one pass; this thread pairs
 * the legacy records before the split with the migrated file's from its start, which stop after `R` rows. The
 * helper's tally comes after this thread's (mergeLaterTally). Where the migrated records cannot be counted by lines
 * (a quote) or are fewer, the helper declines and this thread reads on from the split itself; where the helper dies,
 * this thread compares everything again alone. An input error in this thread's rows wins over one of the helper's,
 * as the earlier one in the files.
 */
export async function alignRowsInParallel(
  legacy: DelimitedSource,
  migrated: DelimitedSource,
  tally: MismatchTally,
  startHelper: () => RowSliceHelper,
  tuning: SplitTuning = defaultSplitTuning,
): Promise<AlignmentCounts> {
  const { minBytes, minRows, headShare } = tuning;
  const legacyBytes = (await stat(legacy.path)).size - legacy.dataStart.offset;
  const migratedBytes = (await stat(migrated.path)).size - migrated.dataStart.offset;
  const isSmall = (bytes: number, columns: number) => bytes < minBytes || bytes < minRows * columns;
  if (isSmall(legacyBytes, legacy.columns.length) || isSmall(migratedBytes, migrated.columns.length))
    return alignRowsByPosition(legacy, migrated, tally);
  // The worker starts first, so its start-up overlaps this thread's search for the split.
  const helper = startHelper();
  const atByte = legacy.dataStart.offset + Math.floor(legacyBytes * headShare);
  let split: number | null;
  try {
    split = await findPlainBoundary(legacy.path, legacy.dataStart.offset, atByte);
  } catch (error) {
    helper.cancel();
    throw error;
  }
  if (split === null) {
    helper.cancel();
    return alignRowsByPosition(legacy, migrated, tally);
  }
  const reply = helper.compare({
    legacy: { ...describeTable(legacy), dataStart: legacy.dataStart, split },
    migrated: { ...describeTable(migrated), dataStart: migrated.dataStart },
    pairs: tally.pairs,
    symmetric: tally.symmetric,
    trim: tally.trim,
    maxReport: tally.maxReport,
  });
  const headTally = createTally(tally.pairs, tally.symmetric, tally.trim, tally.maxReport);
  let migratedRows: RowCursor | undefined;
  let head: { aligned: number; legacyLeft: number };
  try {
    head = await withSource(openDelimitedSlice(legacy, legacy.dataStart, split), async (headSource) => {
      // Legacy first, as alignRowsByPosition reads them: the same error when the first batches have one.
      const legacyRows = await openRowCursor(headSource);
      migratedRows = await openRowCursor(migrated);
      const aligned = await alignCursorRows(legacyRows, migratedRows, headTally, 0);
      // Rows of the first part left over when the migrated file ran out first.
      return { aligned, legacyLeft: await countRemainingRows(legacyRows) };
    });
  } catch (error) {
    helper.cancel();
    throw error;
  }
  const answer = await reply;
  if (answer === null) {
    // Nothing is known of the helper's work: compare everything again, from both files' first records.
    return withSource(openDelimitedSlice(legacy, legacy.dataStart, Number.POSITIVE_INFINITY), (legacyAgain) =>
      withSource(openDelimitedSlice(migrated, migrated.dataStart, Number.POSITIVE_INFINITY), (migratedAgain) =>
        alignRowsByPosition(legacyAgain, migratedAgain, tally),
      ),
    );
  }
  if (answer.kind === "failed")
    throw answer.isInvalidInput ? new InvalidInputError(answer.message) : new Error(answer.message);
  mergeLaterTally(tally, headTally);
  if (answer.kind === "done") {
    // The helper started the migrated slice after this many records: a scan that read another number disagrees.
    if (head.aligned !== answer.firstRow || head.legacyLeft !== 0)
      throw new Error(`${legacy.path}: ${head.aligned} rows before byte ${split}, ${answer.firstRow} counted by lines`);
    mergeLaterTally(tally, answer.tally);
    return {
      legacyRows: head.aligned + answer.legacyRows,
      migratedRows: head.aligned + answer.migratedRows,
      alignedRows: head.aligned + answer.alignedRows,
      problems: [],
    };
  }
  // Declined: this thread reads on from the split, numbering rows on from the first part's.
  const migratedLeft = migratedRows as RowCursor;
  return withSource(openDelimitedSlice(legacy, answer.legacyFrom, Number.POSITIVE_INFINITY), async (rest) => {
    const restRows = await openRowCursor(rest);
    let row = head.aligned;
    if (migratedLeft.batch !== null) row = await alignCursorRows(restRows, migratedLeft, tally, row);
    return {
      legacyRows: row + head.legacyLeft + (await countRemainingRows(restRows)),
      migratedRows: row + (await countRemainingRows(migratedLeft)),
      alignedRows: row,
      problems: [],
    };
  });
}

function describeTable(source: DelimitedSource): DelimitedTable {
  return { path: source.path, format: source.format, delimiter: source.delimiter, columns: source.columns };
}

async function withSource<T>(opening: Promise<TableSource>, use: (source: TableSource) => Promise<T>): Promise<T> {
  const source = await opening;
  try {
    return await use(source);
  } finally {
    await source.close();
  }
}
