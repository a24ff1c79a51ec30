import { InvalidInputError } from "../../shared/errors.js";
import type { AlignmentCounts, StructureProblem } from "./diff-types.js";
import { tallyCellPair, type MismatchTally } from "./mismatch-tally.js";
import type { ColumnPlan } from "./plan-columns.js";
import type { TableBatch, TableSource } from "./table.js";

const exampleCount = 5;

/**
 * Aligns rows by key columns: the migrated side's keys (with row spans) are held in memory, the legacy
 * side streams, and matching migrated rows are read back by span.
 */
export async function alignRowsByKey(
  legacy: TableSource,
  migrated: TableSource,
  plan: ColumnPlan,
  tally: MismatchTally,
  allowDuplicates: boolean,
): Promise<AlignmentCounts> {
  const keyNames = plan.migratedKeyIndexes.map((index) => migrated.columns[index]);
  const index = new Map<string, number>();
  const offsets: number[] = [];
  const lengths: number[] = [];
  const lines: number[] = [];
  for (let batch = await migrated.nextBatch(); batch !== null; batch = await migrated.nextBatch()) {
    for (let r = 0; r < batch.rowCount; r++) {
      let key = keyOf(batch, r, plan.migratedKeyIndexes);
      if (index.has(key)) {
        if (!allowDuplicates)
          throw duplicateKeyError(migrated.path, key, keyNames, lines[index.get(key)!], batch.lineOf(r));
        key = occurrenceKey(index, key);
      }
      const span = batch.spanOf(r);
      index.set(key, offsets.length);
      offsets.push(span.offset);
      lengths.push(span.length);
      lines.push(batch.lineOf(r));
    }
  }
  const matched = new Uint8Array(offsets.length);
  const unmatchedLegacy = new Map<string, number>();
  const legacySeen = allowDuplicates ? new Map<string, number>() : null;
  let legacyRows = 0;
  let aligned = 0;
  for (let batch = await legacy.nextBatch(); batch !== null; batch = await legacy.nextBatch()) {
    const wanted: { legacyRow: number; row: number; migratedIndex: number }[] = [];
    for (let r = 0; r < batch.rowCount; r++, legacyRows++) {
      let key = keyOf(batch, r, plan.legacyKeyIndexes);
      if (legacySeen !== null) {
        const seen = legacySeen.get(key) ?? 0;
        legacySeen.set(key, seen + 1);
        if (seen > 0) key = `${key}\u001e${seen}`;
      }
      const migratedIndex = index.get(key);
      if (migratedIndex === undefined) {
        if (unmatchedLegacy.has(key))
          throw duplicateKeyError(legacy.path, key, keyNames, unmatchedLegacy.get(key)!, batch.lineOf(r));
        unmatchedLegacy.set(key, batch.lineOf(r));
        continue;
      }
      if (matched[migratedIndex] === 1) throw duplicateKeyError(legacy.path, key, keyNames, null, batch.lineOf(r));
      matched[migratedIndex] = 1;
      wanted.push({ legacyRow: r, row: legacyRows, migratedIndex });
    }
    if (wanted.length === 0) continue;
    const rows = await migrated.readRowsAt(
      wanted.map((w) => ({ offset: offsets[w.migratedIndex], length: lengths[w.migratedIndex] })),
    );
    wanted.forEach((w, k) => {
      const keyRecord = (): Record<string, string> => recordOfKey(batch, w.legacyRow, plan.legacyKeyIndexes, keyNames);
      for (let c = 0; c < tally.pairs.length; c++) {
        const pair = tally.pairs[c];
        if (!batch.isSameRaw(w.legacyRow, pair.legacyIndex, rows, k, pair.migratedIndex)) {
          tallyCellPair(tally, c, batch, w.legacyRow, withLine(rows, lines[w.migratedIndex]), k, w.row, keyRecord);
        }
      }
    });
    aligned += wanted.length;
  }
  return {
    legacyRows,
    migratedRows: offsets.length,
    alignedRows: aligned,
    problems: keyProblems(unmatchedLegacy, index, matched, keyNames),
  };
}

function keyProblems(
  unmatchedLegacy: Map<string, number>,
  index: Map<string, number>,
  matched: Uint8Array,
  keyNames: string[],
): StructureProblem[] {
  const problems: StructureProblem[] = [];
  if (unmatchedLegacy.size > 0) {
    const examples = [...unmatchedLegacy.keys()].slice(0, exampleCount).map((key) => describeKey(key, keyNames));
    problems.push({
      kind: "missing-rows",
      legacy: unmatchedLegacy.size,
      migrated: 0,
      message: `${unmatchedLegacy.size} legacy key(s) missing from migrated, e.g. ${examples.join("; ")}`,
    });
  }
  const extra: string[] = [];
  let extraCount = 0;
  for (const [key, i] of index) {
    if (matched[i] === 1) continue;
    extraCount++;
    if (extra.length < exampleCount) extra.push(describeKey(key, keyNames));
  }
  if (extraCount > 0) {
    problems.push({
      kind: "extra-rows",
      legacy: 0,
      migrated: extraCount,
      message: `${extraCount} migrated key(s) not in legacy, e.g. ${extra.join("; ")}`,
    });
  }
  return problems;
}

function keyOf(batch: TableBatch, row: number, indexes: number[]): string {
  if (indexes.length === 1) return batch.cellText(row, indexes[0]);
  return indexes.map((i) => batch.cellText(row, i)).join("\u001f");
}

function recordOfKey(batch: TableBatch, row: number, indexes: number[], names: string[]): Record<string, string> {
  const record: Record<string, string> = {};
  indexes.forEach((i, k) => {
    record[names[k]] = batch.cellText(row, i);
  });
  return record;
}

function occurrenceKey(index: Map<string, number>, key: string): string {
  for (let n = 1; ; n++) if (!index.has(`${key}\u001e${n}`)) return `${key}\u001e${n}`;
}

function describeKey(key: string, names: string[]): string {
  const values = key.split("\u001e")[0].split("\u001f");
  return names.map((name, k) => `${name}=${values[k]}`).join(", ");
}

function duplicateKeyError(
  path: string,
  key: string,
  names: string[],
  firstLine: number | null,
  line: number,
): InvalidInputError {
  const where = firstLine === null ? `line ${line}` : `lines ${firstLine} and ${line}`;
  return new InvalidInputError(
    `${path}: duplicate key (${describeKey(key, names)}) at ${where}; pass --allow-duplicate-keys to pair them in order`,
  );
}

// Rows read back by span do not know their file line; report the one recorded in the first pass.
function withLine(batch: TableBatch, line: number): TableBatch {
  return {
    rowCount: batch.rowCount,
    lineOf: () => line,
    spanOf: (row) => batch.spanOf(row),
    isSameRaw: (row, col, other, otherRow, otherCol) => batch.isSameRaw(row, col, other, otherRow, otherCol),
    readCell: (row, col, out, trim) => batch.readCell(row, col, out, trim),
    cellText: (row, col) => batch.cellText(row, col),
    cellBytes: (row, col) => batch.cellBytes(row, col),
  };
}
