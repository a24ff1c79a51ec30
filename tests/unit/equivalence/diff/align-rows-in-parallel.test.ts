import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { alignRowsByPosition } from "../../../../src/equivalence/diff/align-rows-by-position.js";
import {
  alignRowsInParallel,
  type RowSliceHelper,
  type SplitTuning,
} from "../../../../src/equivalence/diff/align-rows-in-parallel.js";
import { compareRowSlice, type RowSliceReply } from "../../../../src/equivalence/diff/compare-row-slice.js";
import { createTally, summarizeTally, type MismatchTally } from "../../../../src/equivalence/diff/mismatch-tally.js";
import { planColumns } from "../../../../src/equivalence/diff/plan-columns.js";
import { countPlainRecords, findPlainBoundary } from "../../../../src/equivalence/diff/readers/count-plain-records.js";
import { type DelimitedSource, isDelimitedSource } from "../../../../src/equivalence/diff/readers/csv-reader.js";
import { openTable } from "../../../../src/equivalence/diff/table-readers.js";

let folder = "";
beforeAll(async () => {
  folder = await mkdtemp(path.join(os.tmpdir(), "graft-diff-parallel-"));
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

// The helper as a worker thread sees it: the request and the answer cross as structured clones.
const inProcess = (): RowSliceHelper => ({
  compare: async (request) => structuredClone(await compareRowSlice(structuredClone(request))),
  cancel: () => undefined,
});
// A helper that died: nothing is known of its work.
const dead = (): RowSliceHelper => ({
  compare: async (): Promise<RowSliceReply | null> => null,
  cancel: () => undefined,
});

const numberText = fc
  .oneof(fc.double({ min: -1000, max: 1000, noNaN: true }), fc.integer({ min: -50, max: 50 }))
  .chain((x) => fc.constantFrom(String(x), x.toExponential(), x.toPrecision(17)));
const quotedText = fc.constantFrom('"a,b"', '"x\ny"', '"a""b"', '"1.5"', '"\r\n"');
const otherText = fc.constantFrom("", "nan", "abc", "-inf");
// Quotes are rare, so that many tables have none before the split and do split.
const cell = (quotes: boolean) =>
  fc.oneof(
    { weight: 12, arbitrary: numberText },
    { weight: 3, arbitrary: otherText },
    { weight: quotes ? 1 : 0, arbitrary: quotedText },
  );
const migratedCell = (legacy: string, quotes: boolean) => {
  const value = Number(legacy);
  const near =
    legacy !== "" && Number.isFinite(value)
      ? fc.double({ min: -1e-9, max: 1e-9, noNaN: true }).map((d) => String(value * (1 + d)))
      : fc.constant(legacy);
  return fc.oneof({ weight: 4, arbitrary: fc.constant(legacy) }, { weight: 4, arbitrary: near }, cell(quotes));
};

/** Two tables as lines of cells, with what can go wrong in written files. */
const tablePair = fc
  .record({
    width: fc.integer({ min: 1, max: 4 }),
    rows: fc.integer({ min: 0, max: 40 }),
    legacyQuotes: fc.boolean(),
    migratedQuotes: fc.boolean(),
  })
  .chain(({ width, rows, legacyQuotes, migratedQuotes }) =>
    fc
      .array(fc.array(cell(legacyQuotes), { minLength: width, maxLength: width }), {
        minLength: rows,
        maxLength: rows,
      })
      .chain((legacy) =>
        fc.record({
          legacy: fc.constant(legacy),
          migrated: fc.tuple(...legacy.map((row) => fc.tuple(...row.map((c) => migratedCell(c, migratedQuotes))))),
          // Rows the migrated program lost (negative) or added at the end; losing many makes the helper decline.
          rowChange: fc.oneof(fc.integer({ min: -6, max: 3 }), fc.integer({ min: -40, max: -1 })),
          extra: fc.array(cell(false), { minLength: width, maxLength: width }),
          legacyLayout: layout,
          migratedLayout: layout,
          headShare: fc.double({ min: 0, max: 1, noNaN: true }),
          maxReport: fc.integer({ min: 0, max: 4 }),
        }),
      ),
  );

const layout = fc.record({
  crlf: fc.boolean(),
  finalNewline: fc.boolean(),
  // Line indexes before which a blank line goes.
  blankBefore: fc.array(fc.nat(45), { maxLength: 3 }),
  // A line index whose row loses a field (a bad file), rarely.
  shortRow: fc.option(fc.nat(45), { freq: 6 }),
});

type Layout = { crlf: boolean; finalNewline: boolean; blankBefore: number[]; shortRow: number | null };

function render(rows: string[][], width: number, form: Layout): string {
  const lines = [Array.from({ length: width }, (_v, c) => `c${c}`).join(",")];
  rows.forEach((row, r) => {
    if (form.blankBefore.includes(r)) lines.push("");
    lines.push((form.shortRow === r && width > 1 ? row.slice(1) : row).join(","));
  });
  const newline = form.crlf ? "\r\n" : "\n";
  return lines.join(newline) + (form.finalNewline ? newline : "");
}

type Outcome =
  | { counts: unknown; columns: unknown; total: number; listed: unknown }
  | { error: string; isInvalidInput: boolean };

async function align(
  legacyPath: string,
  migratedPath: string,
  maxReport: number,
  run: (legacy: DelimitedSource, migrated: DelimitedSource, tally: MismatchTally) => Promise<unknown>,
): Promise<Outcome> {
  try {
    const legacy = await openTable(legacyPath, "csv");
    const migrated = await openTable(migratedPath, "csv");
    try {
      if (!isDelimitedSource(legacy) || !isDelimitedSource(migrated)) throw new Error("not delimited");
      const plan = planColumns(legacy.columns, migrated.columns, {});
      const tally = createTally(plan.pairs, false, false, maxReport);
      const counts = (await run(legacy, migrated, tally)) as { alignedRows: number };
      return {
        counts,
        columns: summarizeTally(tally, counts.alignedRows),
        total: tally.total,
        listed: tally.listed,
      };
    } finally {
      await legacy.close();
      await migrated.close();
    }
  } catch (error) {
    return { error: (error as Error).message, isInvalidInput: (error as Error).name === "InvalidInputError" };
  }
}

/** align with alignRowsInParallel, and whether it started a helper. */
async function alignSplit(
  legacyPath: string,
  migratedPath: string,
  maxReport: number,
  startHelper: () => RowSliceHelper,
  tuning: SplitTuning,
): Promise<{ outcome: Outcome; helped: boolean }> {
  let helped = false;
  const outcome = await align(legacyPath, migratedPath, maxReport, (legacy, migrated, tally) =>
    alignRowsInParallel(
      legacy,
      migrated,
      tally,
      () => {
        helped = true;
        return startHelper();
      },
      tuning,
    ),
  );
  return { outcome, helped };
}

let run = 0;

describe("alignRowsInParallel", () => {
  it("gives alignRowsByPosition's counts, tally, listed mismatches and errors on any split", async () => {
    let split = 0;
    let declined = 0;
    await fc.assert(
      fc.asyncProperty(tablePair, fc.boolean(), async (pair, helperDies) => {
        run++;
        const width = pair.legacy[0]?.length ?? pair.extra.length;
        // One bad file at most: with an error in each, which one a comparison meets first depends on how far it has
        // read each file, and either is a right answer.
        if (pair.legacyLayout.shortRow !== null) pair.migratedLayout.shortRow = null;
        const migratedRows = pair.migrated.map((row) => [...row]);
        if (pair.rowChange < 0) migratedRows.splice(migratedRows.length + pair.rowChange);
        for (let k = 0; k < pair.rowChange; k++) migratedRows.push(pair.extra);
        const legacyPath = path.join(folder, `l${run}.csv`);
        const migratedPath = path.join(folder, `m${run}.csv`);
        await writeFile(legacyPath, render(pair.legacy, width, pair.legacyLayout));
        await writeFile(migratedPath, render(migratedRows, width, pair.migratedLayout));
        const serial = await align(legacyPath, migratedPath, pair.maxReport, alignRowsByPosition);
        const counted = (): RowSliceHelper => {
          const helper = helperDies ? dead() : inProcess();
          return {
            compare: async (request) => {
              const answer = await helper.compare(request);
              if (answer?.kind === "done") split++;
              if (answer?.kind === "declined") declined++;
              return answer;
            },
            cancel: helper.cancel,
          };
        };
        const tuning = { minBytes: 0, minRows: 0, headShare: pair.headShare };
        const { outcome: parallel, helped } = await alignSplit(
          legacyPath,
          migratedPath,
          pair.maxReport,
          counted,
          tuning,
        );
        expect(helped).toBe(true);
        expect(parallel).toEqual(serial);
      }),
      { numRuns: 300 },
    );
    // The property reached both ways the helper answers (≈ 50–75 splits and 15–25 declines in 300 runs).
    expect(split).toBeGreaterThan(25);
    expect(declined).toBeGreaterThan(5);
  });
});

describe("when a comparison splits", () => {
  it("keeps to one thread when the files are too small, or too wide to hold many rows", async () => {
    // 100 rows of 4 columns, 2,000-odd bytes: at most ≈ 500 rows by bytes ÷ columns.
    const rows = Array.from({ length: 100 }, (_v, r) => `${r},${r / 3},${r * 7},x${r}`).join("\n");
    const file = path.join(folder, "small.csv");
    await writeFile(file, `a,b,c,d\n${rows}\n`);
    const started = async (tuning: { minBytes: number; minRows: number }) =>
      (await alignSplit(file, file, 5, inProcess, { ...tuning, headShare: 0.5 })).helped;
    expect(await started({ minBytes: 0, minRows: 0 })).toBe(true);
    expect(await started({ minBytes: 0, minRows: 400 })).toBe(true);
    expect(await started({ minBytes: 0, minRows: 700 })).toBe(false);
    expect(await started({ minBytes: 4096, minRows: 0 })).toBe(false);
  });
});

describe("countPlainRecords and findPlainBoundary", () => {
  it("count records as the scanner reads them, and stop at a quote before the stop only", async () => {
    const file = path.join(folder, "count.csv");
    await writeFile(file, 'a,b\n1,2\n\n3,4\r\n\r\n5,6\n"x",7\n8,9\n');
    const from = { offset: 4, line: 2 };
    expect(await countPlainRecords(file, from, 2, { afterRecords: 2 })).toEqual({ offset: 14, line: 5, records: 2 });
    // Blank lines are records of a one-column table.
    expect(await countPlainRecords(file, from, 1, { afterRecords: 2 })).toEqual({ offset: 9, line: 4, records: 2 });
    expect(await countPlainRecords(file, from, 2, { atByte: 10 })).toEqual({ offset: 14, line: 5, records: 2 });
    // The quoted line comes after the fourth record: the third can be reached, the fourth cannot.
    expect(await countPlainRecords(file, from, 2, { afterRecords: 3 })).toEqual({ offset: 20, line: 7, records: 3 });
    expect(await countPlainRecords(file, from, 2, { afterRecords: 4 })).toBeNull();
    expect(await findPlainBoundary(file, 4, 10)).toBe(14);
    expect(await findPlainBoundary(file, 4, 23)).toBeNull();
    expect(await findPlainBoundary(file, 4, 100)).toBeNull();
  });
});
