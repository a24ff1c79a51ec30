import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dropna, frameToCsv, streamFeatures, type RunIo } from "../../fixtures/hmm-pipeline/main.js";

const TESTDATA = join(__dirname, "../../fixtures/hmm-pipeline/testdata");
const quiet: RunIo = { stdout: () => {}, stderr: () => {}, now: () => new Date() };

/** The port's feature table (`stream_features(...).dropna()`) as to_csv text lines. */
function featureLines(csv: string, chunksize?: number): string[] {
  return frameToCsv(dropna(streamFeatures(csv, chunksize, quiet)))
    .trimEnd()
    .split("\n");
}

/** A reference written by the original's `stream_features(...).dropna().to_csv()` (pandas 2.3.3, ta 0.11.0). */
function referenceLines(name: string): string[] {
  const raw = readFileSync(join(TESTDATA, name));
  return (name.endsWith(".gz") ? gunzipSync(raw).toString("utf8") : raw.toString("utf8")).trimEnd().split("\n");
}

/** Rows grouped by their index label, each group as a sorted multiset (pandas' order within a label is unstable). */
function byLabel(lines: string[]): Map<string, string[]> {
  const m = new Map<string, string[]>();
  for (const l of lines.slice(1)) {
    const k = l.slice(0, l.indexOf(","));
    m.set(k, [...(m.get(k) ?? []), l]);
  }
  for (const v of m.values()) v.sort();
  return m;
}

describe("CSV layouts", () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), "hmm-layout-"))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("V2 (Date, Time, …, Last with spaces after commas) equals the original's features byte for byte", () => {
    expect(featureLines(join(TESTDATA, "synthetic-200.v2.csv"))).toEqual(
      referenceLines("synthetic-200.v2.features.ref.csv"),
    );
  });

  it("V1 (DateTime,…,Close) of the same bars yields the same features, without the V2-only column", () => {
    const v1 = join(dir, "v1.csv");
    writeFileSync(
      v1,
      readFileSync(join(TESTDATA, "synthetic-3000.csv"), "utf8").split("\n").slice(0, 201).join("\n") + "\n",
    );
    const strip = (lines: string[], drop: number) =>
      lines.map((l) =>
        l
          .split(",")
          .filter((_, j) => j !== drop)
          .join(","),
      );
    const v2 = referenceLines("synthetic-200.v2.features.ref.csv");
    const openInt = v2[0].split(",").indexOf("OpenInt");
    expect(featureLines(v1)).toEqual(strip(v2, openInt));
  });

  it("V1 over 3,000 synthetic bars equals the original's features byte for byte", () => {
    expect(featureLines(join(TESTDATA, "synthetic-3000.csv"))).toEqual(
      referenceLines("synthetic-3000.features.ref.csv.gz"),
    );
  });
});

describe("chunked reading (quirks kept: per-chunk indicator restart and index, interleaving sort)", () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), "hmm-chunks-"))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("600 bars in chunks of 150 lose 4 rows per chunk and interleave by row number", () => {
    const csv = join(dir, "s600.csv");
    writeFileSync(
      csv,
      readFileSync(join(TESTDATA, "synthetic-3000.csv"), "utf8").split("\n").slice(0, 601).join("\n") + "\n",
    );
    const got = featureLines(csv, 150);
    const want = referenceLines("synthetic-600.chunk150.features.ref.csv.gz");
    expect(got[0]).toBe(want[0]);
    expect(got).toHaveLength(1 + 4 * 146);
    // same rows under every label as the original …
    expect(byLabel(got)).toEqual(byLabel(want));
    // … in the port's documented order: label ascending, then chunk order
    const labels = got.slice(1).map((l) => Number(l.slice(0, l.indexOf(","))));
    expect(labels.slice(0, 9)).toEqual([0, 0, 0, 0, 1, 1, 1, 1, 2]);
    const closes = got.slice(1, 5).map((l) => Number(l.split(",")[4]));
    const firstRowOfChunk = [0, 1, 2, 3].map((c) =>
      Number(readFileSync(csv, "utf8").split("\n")[1 + c * 150 + 4].split(",")[4]),
    );
    expect(closes).toEqual(firstRowOfChunk);
  });

  it("keeps pandas' per-chunk dtype promotion, quoting, duplicate names, bools and NaN rows across chunks", () => {
    const got = featureLines(join(TESTDATA, "edge-cases.v1.csv"), 11);
    const want = referenceLines("edge-cases.v1.chunk11.features.ref.csv");
    expect(got[0]).toBe(want[0]);
    expect(got[0]).toContain(",Avg,Avg.1,Note,Flag,Mixed,Empty,");
    expect(byLabel(got)).toEqual(byLabel(want));
  });

  it("a single chunk keeps the file order and a 0..n-1 index", () => {
    const csv = join(dir, "copy.csv");
    copyFileSync(join(TESTDATA, "synthetic-200.v2.csv"), csv);
    const labels = featureLines(csv, 1000)
      .slice(1)
      .map((l) => Number(l.slice(0, l.indexOf(","))));
    expect(labels).toEqual(labels.map((_, i) => i));
  });
});
