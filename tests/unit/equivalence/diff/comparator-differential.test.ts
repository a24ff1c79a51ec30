import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compareTableFiles } from "../../../../src/equivalence/diff/compare-tables.js";

// An independent, deliberately plain reading of the guide's formula, used as the oracle.
function referenceNumber(text: string): number | undefined {
  const t = text.toLowerCase();
  if (t === "nan" || t === "-nan" || t === "+nan") return NaN;
  if (t === "inf" || t === "+inf" || t === "infinity" || t === "+infinity") return Infinity;
  if (t === "-inf" || t === "-infinity") return -Infinity;
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(text)) return undefined;
  return parseFloat(text);
}

function referenceEqual(lt: string, mt: string, rtol: number, atol: number, symmetric: boolean): boolean {
  if (lt === "" || mt === "") return lt === mt;
  const l = referenceNumber(lt);
  const m = referenceNumber(mt);
  if (l === undefined || m === undefined) return l === undefined && m === undefined && lt === mt;
  if (Number.isNaN(l) || Number.isNaN(m)) return Number.isNaN(l) && Number.isNaN(m);
  if (!Number.isFinite(l) || !Number.isFinite(m)) return l === m;
  const d = Math.abs(m - l);
  if (symmetric) return d <= Math.max(rtol * Math.max(Math.abs(l), Math.abs(m)), atol);
  return d <= atol + rtol * Math.abs(l);
}

const special = fc.constantFrom("nan", "NaN", "-nan", "inf", "-inf", "Infinity", "-Infinity", "+inf", "INF");
const magnitude = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.double({ min: -1e-300, max: 1e-300, noNaN: true }),
  fc.double({ min: 1e290, max: 1.7e308, noNaN: true }),
  fc.double({ min: -1000, max: 1000, noNaN: true }),
  fc.integer({ min: -1_000_000, max: 1_000_000 }).map((n) => n),
  fc.constantFrom(0, -0, 5e-324, -5e-324, Number.MAX_VALUE, -Number.MAX_VALUE, 1, -1),
);
const writtenForms = (x: number): fc.Arbitrary<string> =>
  fc.constantFrom(
    String(x),
    Object.is(x, -0) ? "-0.0" : x.toExponential(),
    x.toExponential(16),
    x.toPrecision(17),
    Number.isInteger(x) && Math.abs(x) < 1e15 ? x.toFixed(1) : String(x),
    x.toExponential(3).replace("e+", "E+"),
  );
const numberCell = magnitude.chain(writtenForms);
const textCell = fc.constantFrom("abc", "1e", "0x10", "--1", "1.2.3", "e5", ".", "nanx", " 1", "true", "1_000");
const legacyCell = fc.oneof(
  { weight: 8, arbitrary: numberCell },
  { weight: 1, arbitrary: special },
  { weight: 1, arbitrary: fc.constant("") },
  { weight: 1, arbitrary: textCell },
);

// Migrated cells near, equal to, or unrelated to the legacy cell, so both verdicts are exercised.
const cellPair = legacyCell.chain((l) => {
  const ln = referenceNumber(l);
  const near =
    ln === undefined || !Number.isFinite(ln)
      ? fc.constant(l)
      : fc
          .oneof(
            fc.double({ min: -1e-9, max: 1e-9, noNaN: true }).map((d) => ln * (1 + d)),
            fc.double({ min: -1e-12, max: 1e-12, noNaN: true }).map((d) => ln + d),
            fc.integer({ min: -3, max: 3 }).map((k) => ln + k * Number.EPSILON * Math.abs(ln)),
            fc.constant(ln),
          )
          .chain(writtenForms);
  return fc.tuple(
    fc.constant(l),
    fc.oneof(
      { weight: 3, arbitrary: fc.constant(l) },
      { weight: 6, arbitrary: near },
      { weight: 2, arbitrary: legacyCell },
    ),
  );
});

const width = 8;
const rowsPerRun = 1250; // 10,000 cells a run
const runs = 12; // 120,000 cells in total

let folder = "";
beforeAll(async () => {
  folder = await mkdtemp(path.join(os.tmpdir(), "graft-diff-prop-"));
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe("comparator vs the formula, cell by cell", () => {
  it(`agrees on ${runs * rowsPerRun * width} random cells`, async () => {
    let run = 0;
    let cells = 0;
    // Cells are drawn with fc.sample (cheap at this volume); the property varies tolerances and the seed.
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 2 ** 31 - 1 }),
        fc.constantFrom(0, 1e-15, 1e-12, 1e-10, 1e-9, 1e-6),
        fc.constantFrom(0, 1e-300, 1e-12, 1e-9),
        fc.boolean(),
        async (seed, rtol, atol, symmetric) => {
          run++;
          const pairs = fc.sample(cellPair, { numRuns: rowsPerRun * width, seed });
          const rows = Array.from({ length: rowsPerRun }, (_v, r) => pairs.slice(r * width, (r + 1) * width));
          const header = Array.from({ length: width }, (_v, c) => `c${c}`).join(",");
          const legacyFile = path.join(folder, `legacy-${run}.csv`);
          const migratedFile = path.join(folder, `migrated-${run}.csv`);
          await writeFile(
            legacyFile,
            [header, ...rows.map((row) => row.map((pair) => pair[0]).join(","))].join("\n") + "\n",
          );
          await writeFile(
            migratedFile,
            [header, ...rows.map((row) => row.map((pair) => pair[1]).join(","))].join("\n") + "\n",
          );
          const result = await compareTableFiles(legacyFile, migratedFile, {
            rtol,
            atol,
            symmetric,
            maxReport: Number.MAX_SAFE_INTEGER,
          });
          const expected = new Set<string>();
          rows.forEach((row, r) => {
            row.forEach(([l, m], c) => {
              if (!referenceEqual(l, m, rtol, atol, symmetric)) expected.add(`${r}:c${c}`);
            });
          });
          const actual = new Set(result.mismatches.map((m) => `${m.row}:${m.column}`));
          const disagreements = [...new Set([...expected, ...actual])]
            .filter((cell) => expected.has(cell) !== actual.has(cell))
            .slice(0, 10)
            .map((cell) => {
              const [r, c] = cell.split(":");
              const [l, m] = rows[Number(r)][Number(c.slice(1))];
              return `${cell} legacy=${l} migrated=${m} rtol=${rtol} atol=${atol} symmetric=${symmetric}: expected ${expected.has(cell) ? "mismatch" : "equal"}`;
            });
          expect(disagreements).toEqual([]);
          expect(result.mismatchCount).toBe(expected.size);
          expect(result.rows).toEqual({ legacy: rowsPerRun, migrated: rowsPerRun });
          cells += rows.length * width;
        },
      ),
      { numRuns: runs, seed: 20261125, endOnFailure: true },
    );
    expect(cells).toBeGreaterThanOrEqual(100_000);
  });
});
