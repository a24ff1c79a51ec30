import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type * as Parallel from "../../src/equivalence/diff/align-rows-in-parallel.js";
import type * as Position from "../../src/equivalence/diff/align-rows-by-position.js";
import type * as Tally from "../../src/equivalence/diff/mismatch-tally.js";
import type * as Plan from "../../src/equivalence/diff/plan-columns.js";
import type * as Readers from "../../src/equivalence/diff/table-readers.js";
import type { DelimitedSource } from "../../src/equivalence/diff/readers/csv-reader.js";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
// The compiled library: only it has a worker file to start (the TypeScript sources compare on one thread).
const load = async <T>(file: string) => (await import(path.join(repoRoot, "dist/src/equivalence/diff", file))) as T;
const parallel = await load<typeof Parallel>("align-rows-in-parallel.js");
const position = await load<typeof Position>("align-rows-by-position.js");
const tallies = await load<typeof Tally>("mismatch-tally.js");
const plans = await load<typeof Plan>("plan-columns.js");
const readers = await load<typeof Readers>("table-readers.js");

const folder = mkdtempSync(path.join(os.tmpdir(), "graft-diff-threads-"));

// A seeded generator: the same files every run.
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** A legacy table of `rows` × 8 numbers and a migrated one within 1e-12 of it, but for a few cells in each half. */
function writePair(name: string, rows: number, migratedRows = rows): [string, string] {
  const next = random(rows);
  const header = "a,b,c,d,e,f,g,h\n";
  const legacy: string[] = [header];
  const migrated: string[] = [header];
  for (let r = 0; r < rows; r++) {
    const values = Array.from({ length: 8 }, () => (next() - 0.5) * 10 ** Math.floor(next() * 6));
    legacy.push(`${values.join(",")}\n`);
    if (r >= migratedRows) continue;
    const changed = values.map((v, c) => {
      if (r % Math.max(1, Math.floor(rows / 7)) === 3 && c === r % 8) return c === 7 ? "text" : String(v * 1.001);
      return String(v * (1 + (next() - 0.5) * 1e-12));
    });
    migrated.push(`${changed.join(",")}\n`);
  }
  const legacyPath = path.join(folder, `${name}-legacy.csv`);
  const migratedPath = path.join(folder, `${name}-migrated.csv`);
  writeFileSync(legacyPath, legacy.join(""));
  writeFileSync(migratedPath, migrated.join(""));
  return [legacyPath, migratedPath];
}

function graftDiff(...args: string[]) {
  const result = spawnSync(process.execPath, [path.join(repoRoot, "bin/graft.js"), "diff", ...args], {
    encoding: "utf8",
    maxBuffer: 1 << 26,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("graft diff on two threads (compiled build)", () => {
  it("has a worker to start on this machine", () => {
    expect(parallel.canCompareInParallel()).toBe(true);
  });

  it("a worker thread compares the later rows: the same counts and tally as one pass, or it declines", async () => {
    const cases = [
      { name: "same-length", rows: 3000, migratedRows: 3000, answer: "done" },
      { name: "legacy-longer", rows: 3000, migratedRows: 2000, answer: "done" },
      // The migrated file ends before the split: the worker declines and the main thread reads on.
      { name: "short", rows: 3000, migratedRows: 500, answer: "declined" },
    ];
    for (const { name, rows, migratedRows, answer } of cases) {
      const [legacyPath, migratedPath] = writePair(name, rows, migratedRows);
      const run = async (
        align: (l: DelimitedSource, m: DelimitedSource, t: Tally.MismatchTally) => Promise<unknown>,
      ) => {
        const legacy = (await readers.openTable(legacyPath)) as DelimitedSource;
        const migrated = (await readers.openTable(migratedPath)) as DelimitedSource;
        const tally = tallies.createTally(
          plans.planColumns(legacy.columns, migrated.columns, {}).pairs,
          false,
          false,
          50,
        );
        const counts = (await align(legacy, migrated, tally)) as { alignedRows: number };
        await legacy.close();
        await migrated.close();
        return { counts, columns: tallies.summarizeTally(tally, counts.alignedRows), listed: tally.listed };
      };
      const answers: string[] = [];
      const split = await run((l, m, t) =>
        parallel.alignRowsInParallel(
          l,
          m,
          t,
          () => {
            const worker = parallel.startRowSliceWorker();
            return {
              compare: async (request) => {
                const reply = await worker.compare(request);
                answers.push(reply?.kind ?? "lost");
                return reply;
              },
              cancel: worker.cancel,
            };
          },
          { minBytes: 0, minRows: 0, headShare: 0.5 },
        ),
      );
      const whole = await run((l, m, t) => position.alignRowsByPosition(l, m, t));
      expect(answers, name).toEqual([answer]);
      expect(split, name).toEqual(whole);
      expect(whole.listed.length, name).toBeGreaterThan(1);
    }
  });

  it("graft diff gives the same report with and without --no-parallel on a file large enough to split", () => {
    // ≈ 19 MB: above the 16 MiB below which one thread compares.
    const [legacyPath, migratedPath] = writePair("large", 125_000);
    const split = graftDiff(legacyPath, migratedPath, "--json", "--max-report", "100");
    const whole = graftDiff(legacyPath, migratedPath, "--json", "--max-report", "100", "--no-parallel");
    expect(split.status).toBe(1);
    expect(whole).toEqual(split);
    const rows = (JSON.parse(split.stdout) as { mismatches: { row: number }[] }).mismatches.map((m) => m.row);
    // Mismatches on both sides of the split, in row order.
    expect(rows.some((row) => row < 50_000) && rows.some((row) => row > 75_000)).toBe(true);
    expect(rows).toEqual([...rows].sort((x, y) => x - y));
  });

  it("reports a bad row of the later half as one pass does", () => {
    const [legacyPath, migratedPath] = writePair("bad-row", 125_000);
    const lines = spawnSync("sed", ["-i", "110000s/,[^,]*$//", migratedPath]);
    expect(lines.status).toBe(0);
    const split = graftDiff(legacyPath, migratedPath);
    const whole = graftDiff(legacyPath, migratedPath, "--no-parallel");
    expect(split.status).toBe(2);
    expect(split.stderr).toContain("line 110000: expected 8 fields, found 7");
    expect(whole).toEqual(split);
  });
});
