import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Chalk } from "chalk";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compareTableFiles } from "../../../../src/equivalence/diff/compare-tables.js";
import type { DiffResult } from "../../../../src/equivalence/diff/diff-types.js";
import { renderDiffText } from "../../../../src/report/diff-text.js";
import { renderDiffMarkdown } from "../../../../src/report/github-summary.js";

let folder = "";
beforeAll(async () => {
  folder = await mkdtemp(path.join(os.tmpdir(), "graft-diff-walk-"));
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

const numberText = fc
  .oneof(
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.double({ min: -1000, max: 1000, noNaN: true }),
    fc.integer({ min: -1000, max: 1000 }),
  )
  .chain((x) => fc.constantFrom(String(x), x.toExponential(), x.toPrecision(17), x.toExponential(3)));
const otherText = fc.constantFrom("", "nan", "-inf", "Infinity", "abc", "1e", " 1", "1 ", "0x10", '"1,5"', '"a""b"');
const cell = fc.oneof({ weight: 8, arbitrary: numberText }, { weight: 2, arbitrary: otherText });
// A migrated cell equal to, near, or unrelated to the legacy one.
const cellPair = cell.chain((l) => {
  const value = Number(l);
  const near = Number.isFinite(value)
    ? fc.double({ min: -1e-9, max: 1e-9, noNaN: true }).map((d) => String(value * (1 + d)))
    : fc.constant(l);
  return fc.tuple(fc.constant(l), fc.oneof(fc.constant(l), near, near, cell));
});

function withoutPaths(result: DiffResult): unknown {
  return { ...result, legacy: result.legacy.format, migrated: result.migrated.format };
}

interface WalkOptions {
  rtol: number;
  atol: number;
  symmetric: boolean;
  exact: readonly string[];
}

let run = 0;

/** Compares the rows (legacy/migrated cell pairs) in place, by the one-pass walk, and with the columns reversed, cell by cell. */
async function expectWalkMatchesCellwise(rows: [string, string][][], options: WalkOptions): Promise<void> {
  run++;
  const width = rows[0].length;
  const names = Array.from({ length: width }, (_v, c) => `c${c}`);
  const write = (file: string, side: 0 | 1, order: number[]) =>
    writeFile(
      path.join(folder, file),
      [order.map((c) => names[c]), ...rows.map((row) => order.map((c) => row[c][side]))]
        .map((cells) => cells.join(","))
        .join("\n") + "\n",
    );
  const inPlace = names.map((_n, c) => c);
  const reversed = [...inPlace].reverse();
  await write(`l${run}.csv`, 0, inPlace);
  await write(`m${run}.csv`, 1, inPlace);
  // Reversed columns pair up out of place, which takes the cell-by-cell path.
  await write(`r${run}.csv`, 1, reversed);
  const compareOptions = { ...options, exact: [...options.exact], maxReport: 1000 };
  const walked = await compareTableFiles(
    path.join(folder, `l${run}.csv`),
    path.join(folder, `m${run}.csv`),
    compareOptions,
  );
  const cellwise = await compareTableFiles(path.join(folder, `l${run}.csv`), path.join(folder, `r${run}.csv`), {
    ...compareOptions,
    ignoreColumnOrder: true,
  });
  const byCell = (r: DiffResult) => [...r.mismatches].sort((a, b) => a.row - b.row || (a.column < b.column ? -1 : 1));
  expect(withoutPaths({ ...walked, mismatches: byCell(walked) })).toEqual(
    withoutPaths({ ...cellwise, mismatches: byCell(cellwise) }),
  );
}

// A pair on the tolerance's edge: the migrated value is the legacy one moved by rtol (and atol) give or take a
// few units in the last place, both written with 16 to 19 digits, where the fast reading is only approximate.
function edgePair(rtol: number, atol: number): fc.Arbitrary<[string, string]> {
  return fc
    .tuple(
      fc.double({ min: -1e6, max: 1e6, noNaN: true }),
      fc.integer({ min: -6, max: 6 }),
      fc.constantFrom(16, 17),
      fc.constantFrom("", "7", "49"),
    )
    .map(([x, ulps, digits, extra]): [string, string] => {
      const edge = x + Math.sign(x || 1) * (atol + rtol * Math.abs(x));
      const moved = edge + ulps * (Number.EPSILON * Math.abs(edge) || Number.MIN_VALUE);
      return [x.toPrecision(digits) + (x.toPrecision(digits).includes("e") ? "" : extra), moved.toPrecision(17)];
    });
}

describe("the one-pass walk over plain rows", () => {
  it("gives the same result, statistics included, as the cell-by-cell comparison", async () => {
    const width = 6;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(cellPair, { minLength: width, maxLength: width }), { minLength: 1, maxLength: 60 }),
        fc.constantFrom(0, 1e-12, 1e-10, 1e-6),
        fc.constantFrom(0, 1e-9),
        fc.boolean(),
        fc.constantFrom([], ["c2"]),
        (rows, rtol, atol, symmetric, exact) => expectWalkMatchesCellwise(rows, { rtol, atol, symmetric, exact }),
      ),
      { numRuns: 150 },
    );
  });

  it("agrees on pairs at the tolerance's edge and on which pair holds a column's largest error", async () => {
    const width = 4;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(1e-10, 1e-6, 1e-13),
        fc.constantFrom(0, 1e-9),
        fc.boolean(),
        fc.context(),
        async (rtol, atol, symmetric, context) => {
          const rows = fc.sample(fc.array(edgePair(rtol, atol), { minLength: width, maxLength: width }), 40);
          context.log(JSON.stringify(rows.slice(0, 3)));
          await expectWalkMatchesCellwise(rows, { rtol, atol, symmetric, exact: [] });
        },
      ),
      { numRuns: 60 },
    );
  });

  it("agrees when every migrated value is off by the same relative amount (every pair near the largest error)", async () => {
    const width = 3;
    await fc.assert(
      fc.asyncProperty(
        // Magnitudes a program prints (fast-check's doubles favour subnormals, which every reader leaves to the
        // exact parser); over 16 rows, a column's run of open pairs switches it to reading exactly first.
        fc.array(
          fc.array(
            fc
              .tuple(fc.double({ min: 1e-3, max: 1e3, noNaN: true }), fc.boolean())
              .map(([x, minus]) => (minus ? -x : x)),
            { minLength: width, maxLength: width },
          ),
          { minLength: 40, maxLength: 100 },
        ),
        fc.constantFrom(1e-12, 1e-12, 3e-11, 1e-15),
        fc.constantFrom(17, 17, 16, 19),
        fc.boolean(),
        (values, offset, digits, symmetric) => {
          const rows = values.map((row) =>
            row.map((x): [string, string] => [x.toPrecision(digits), (x * (1 + offset)).toPrecision(digits)]),
          );
          return expectWalkMatchesCellwise(rows, { rtol: 1e-10, atol: 0, symmetric, exact: [] });
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe("wide tables", () => {
  it("compares and reports 150,000 columns (no argument spreading of per-column lists)", async () => {
    const columns = 150_000;
    const header = Array.from({ length: columns }, (_v, c) => `c${c}`).join(",");
    const row = Array.from({ length: columns }, (_v, c) => String(c / 7)).join(",");
    const legacy = path.join(folder, "wide-legacy.csv");
    const migrated = path.join(folder, "wide-migrated.csv");
    await writeFile(legacy, `${header}\n${row}\n`);
    await writeFile(migrated, `${header.replace("c0,", "x0,")}\n${row}\n`);
    const result = await compareTableFiles(legacy, migrated);
    expect(result.structure.map((p) => p.kind).sort()).toEqual(["extra-column", "missing-column"]);
    expect(Object.keys(result.columns)).toHaveLength(columns - 1);
    const text = renderDiffText(result, new Chalk({ level: 0 }));
    expect(text).toContain(`c${columns - 1}`);
    expect(renderDiffMarkdown(result)).toContain(`| c${columns - 1} |`);
  });
});
