import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compareTableFiles } from "../../../../src/equivalence/diff/compare-tables.js";
import type { DiffOptions } from "../../../../src/equivalence/diff/diff-types.js";
import { parseDelimiter } from "../../../../src/equivalence/diff/table-readers.js";
import { normalizeColumnNames } from "../../../../src/equivalence/diff/table.js";
import { InvalidInputError } from "../../../../src/shared/errors.js";
import { repoRoot } from "../../../helpers/copy-fixture.js";

const fixture = (name: string, file: string): string => path.join(repoRoot, "fixtures/equivalence/diff", name, file);
const compare = (name: string, ext = "csv", options: DiffOptions = {}) =>
  compareTableFiles(fixture(name, `legacy.${ext}`), fixture(name, `migrated.${ext}`), options);

let temp = "";
beforeAll(async () => {
  temp = await mkdtemp(path.join(os.tmpdir(), "graft-diff-unit-"));
});
afterAll(async () => {
  await rm(temp, { recursive: true, force: true });
});

describe("compareTableFiles on one fixture pair per case", () => {
  it.each([
    ["equal-csv", "csv", [], 0],
    ["equal-tsv", "tsv", [], 0],
    ["equal-json", "json", [], 0],
    ["equal-json-arrays", "json", [], 0],
    ["equal-ndjson", "ndjson", [], 0],
    ["missing-column", "csv", ["missing-column"], 0],
    ["extra-column", "csv", ["extra-column"], 0],
    ["column-order", "csv", ["column-order"], 0],
    ["row-count", "csv", ["row-count"], 0],
    ["cell-kinds", "csv", [], 6],
  ] as const)("%s (%s): structure %j, %i mismatches", async (name, ext, kinds, mismatches) => {
    const result = await compare(name, ext);
    expect(result.structure.map((p) => p.kind)).toEqual(kinds);
    expect(result.mismatchCount).toBe(mismatches);
    expect(result.equal).toBe(kinds.length === 0 && mismatches === 0);
  });

  it("reads pandas' unnamed index column as an ordinary column", async () => {
    const result = await compare("equal-csv");
    expect(Object.keys(result.columns)).toEqual(["Unnamed: 0", "date", "price", "volume", "label"]);
    expect(result.rows).toEqual({ legacy: 4, migrated: 4 });
  });

  it("reports the column orders and row counts it saw", async () => {
    expect((await compare("column-order")).structure[0]).toMatchObject({
      legacy: ["a", "b", "c"],
      migrated: ["a", "c", "b"],
    });
    expect((await compare("row-count")).structure[0]).toMatchObject({ legacy: 3, migrated: 2 });
    expect((await compare("column-order", "csv", { ignoreColumnOrder: true })).equal).toBe(true);
  });

  it("reports a format difference and still compares the cells", async () => {
    const result = await compareTableFiles(fixture("format", "legacy.csv"), fixture("format", "migrated.json"));
    expect(result.structure.map((p) => p.kind)).toEqual(["format"]);
    expect(result.mismatchCount).toBe(0);
    expect(result.alignedRows).toBe(1);
  });

  it.each([
    ["malformed-quote", "csv", "legacy.csv: line 2: unterminated quoted field"],
    ["malformed-width", "csv", "migrated.csv: line 3: expected 2 fields, found 3"],
    ["malformed-json", "json", "legacy.json: truncated JSON array (missing ])"],
  ])("%s is bad input", async (name, ext, message) => {
    const error = await compare(name, ext).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as Error).message).toBe(`${path.join(repoRoot, "fixtures/equivalence/diff", name)}/${message}`);
  });

  it("aligns by key: missing and extra keys are structural, values compared by key", async () => {
    const result = await compare("key-rows", "csv", { key: ["date"] });
    expect(result.structure.map((p) => [p.kind, p.legacy, p.migrated])).toEqual([
      ["missing-rows", 1, 0],
      ["extra-rows", 0, 1],
    ]);
    expect(result.mismatches.map((m) => [m.key, m.legacy, m.migrated])).toEqual([[{ date: "2024-01-01" }, "1", "1.5"]]);
  });

  it("duplicate keys are an error unless allowed, then pair in order", async () => {
    await expect(compare("duplicate-key", "csv", { key: ["date"] })).rejects.toThrow(
      /duplicate key \(date=2024-01-01\) at lines 2 and 4/,
    );
    const allowed = await compare("duplicate-key", "csv", { key: ["date"], allowDuplicateKeys: true });
    expect(allowed.structure.map((p) => p.kind)).toEqual(["extra-rows"]);
    expect(allowed.alignedRows).toBe(2);
  });

  it("key columns must exist on both sides; selections must name real columns", async () => {
    await expect(compare("missing-column", "csv", { key: ["c"] })).rejects.toThrow(
      "--key c: the key column must exist in both files",
    );
    await expect(compare("equal-csv", "csv", { columns: ["nope"] })).rejects.toThrow(
      "--columns nope: no such column in either file",
    );
  });
});

describe("cell semantics through files", () => {
  const writePair = async (
    legacy: string | Buffer,
    migrated: string | Buffer,
    ext = "csv",
  ): Promise<[string, string]> => {
    const l = path.join(temp, `${Math.random().toString(36).slice(2)}-l.${ext}`);
    const m = path.join(temp, `${Math.random().toString(36).slice(2)}-m.${ext}`);
    await writeFile(l, legacy);
    await writeFile(m, migrated);
    return [l, m];
  };

  it("numpy's asymmetric formula by default, math.isclose with symmetric", async () => {
    const [l, m] = await writePair("x\n1\n", "x\n1.1\n");
    expect((await compareTableFiles(l, m, { rtol: 0.095 })).equal).toBe(false);
    expect((await compareTableFiles(l, m, { rtol: 0.095, symmetric: true })).equal).toBe(true);
    const [l2, m2] = await writePair("x\n1.1\n", "x\n1\n");
    expect((await compareTableFiles(l2, m2, { rtol: 0.095 })).equal).toBe(true);
  });

  it("atol, per-column tolerance and exact columns", async () => {
    const [l, m] = await writePair("a,b,state\n0,100,1\n", "a,b,state\n1e-9,100.5,1\n");
    const result = await compareTableFiles(l, m, {
      atol: 1e-8,
      columnTolerances: { b: { rtol: 0.01 } },
      exact: ["state"],
    });
    expect(result.equal).toBe(true);
    expect(result.columns.b).toMatchObject({ rtol: 0.01, atol: 1e-8, maxAbsError: 0.5, maxAbsAt: 0 });
    const strict = await compareTableFiles(l, m, { exact: ["a"] });
    expect(strict.mismatches.map((x) => x.column)).toEqual(["a", "b"]);
  });

  it("--trim ignores spaces around cells; otherwise they make text", async () => {
    const [l, m] = await writePair("a,b\n1, x\n", "a,b\n 1,x \n");
    expect((await compareTableFiles(l, m)).mismatchCount).toBe(2);
    expect((await compareTableFiles(l, m, { trim: true })).equal).toBe(true);
  });

  it("quoted fields with delimiters, doubled quotes and newlines; CRLF; a last line without newline", async () => {
    const [l, m] = await writePair(
      'a,b\n"x,1","say ""hi""\nthere"\n2,3',
      'a,b\r\n"x,1","say ""hi""\nthere"\r\n2,3.0\r\n',
    );
    const result = await compareTableFiles(l, m);
    expect(result.equal).toBe(true);
    expect(result.rows).toEqual({ legacy: 2, migrated: 2 });
  });

  it("maxReport limits the list, not the count", async () => {
    const rows = Array.from({ length: 50 }, (_v, i) => `${i}`).join("\n");
    const [l, m] = await writePair(`x\n${rows}\n`, `x\n${rows.replace(/\d+/g, (d) => `${Number(d) + 1}`)}\n`);
    const result = await compareTableFiles(l, m, { maxReport: 3 });
    expect(result.mismatchCount).toBe(50);
    expect(result.mismatches.map((x) => x.row)).toEqual([0, 1, 2]);
  });

  it("streams across read windows: 200,000 rows with one difference near the end", async () => {
    const body = Array.from({ length: 200_000 }, (_v, i) => `${i},${(i * 0.1).toFixed(3)},"q${i % 7}"`).join("\n");
    const [l, m] = await writePair(
      `i,v,s\n${body}\n`,
      `i,v,s\n${body.replace("199998,19999.800", "199998,19999.801")}\n`,
    );
    const result = await compareTableFiles(l, m);
    expect(result.rows).toEqual({ legacy: 200_000, migrated: 200_000 });
    expect(result.mismatches.map((x) => [x.row, x.legacyLine, x.legacy, x.migrated])).toEqual([
      [199_998, 200_000, "19999.800", "19999.801"],
    ]);
  });

  it("exact columns compare the written text: IDs beyond 2^53 and 1 vs 1.0 differ", async () => {
    const [l, m] = await writePair("id,state\n12345678901234567890,1\n", "id,state\n12345678901234567891,1.0\n");
    expect((await compareTableFiles(l, m)).equal).toBe(true);
    const exact = await compareTableFiles(l, m, { exact: ["id", "state"] });
    expect(exact.mismatches.map((x) => [x.column, x.legacy, x.migrated, x.kind])).toEqual([
      ["id", "12345678901234567890", "12345678901234567891", "value"],
      ["state", "1", "1.0", "value"],
    ]);
    expect(exact.columns.id).toMatchObject({ exact: true, rtol: 0, atol: 0, mismatches: 1 });
  });

  it("cells that are not UTF-8 compare as bytes and show their odd bytes as \\xNN", async () => {
    const [l, m] = await writePair(
      Buffer.from("name\ncaf\xe9\nok\n", "latin1"),
      Buffer.from("name\ncaf\xe8\nok\n", "latin1"),
    );
    const result = await compareTableFiles(l, m);
    expect(result.mismatches.map((x) => [x.row, x.legacy, x.migrated, x.kind])).toEqual([
      [0, "caf\\xE9", "caf\\xE8", "text"],
    ]);
    const [same1, same2] = await writePair(
      Buffer.from('n\n"caf\xe9"\n', "latin1"),
      Buffer.from("n\ncaf\xe9\n", "latin1"),
    );
    expect((await compareTableFiles(same1, same2)).equal).toBe(true);
  });

  it("duplicate header names get labels no real column has, so every column is compared", async () => {
    const [l, m] = await writePair("a,a,a.1\n1,2,3\n", "a,a,a.1\n1,2,4\n");
    const result = await compareTableFiles(l, m);
    expect(Object.keys(result.columns)).toEqual(["a", "a.2", "a.1"]);
    expect(result.mismatches.map((x) => [x.column, x.legacy, x.migrated])).toEqual([["a.1", "3", "4"]]);
    expect(normalizeColumnNames(["", "Unnamed: 0", "x", "x", "x.1", "x"])).toEqual([
      "Unnamed: 0.1",
      "Unnamed: 0",
      "x",
      "x.2",
      "x.1",
      "x.3",
    ]);
  });

  it("--delimiter reads other separators, and is refused where it means nothing", async () => {
    const [l, m] = await writePair("a;b\n1;x,y\n", "a;b\n1;x,z\n", "txt");
    const result = await compareTableFiles(l, m, { delimiter: ";" });
    expect(result.mismatches.map((x) => [x.column, x.legacy, x.migrated])).toEqual([["b", "x,y", "x,z"]]);
    const [tl, tm] = await writePair("a|b\n1|2\n", "a|b\n1|2\n", "tsv");
    expect((await compareTableFiles(tl, tm, { delimiter: "|" })).columns).toHaveProperty("b");
    expect(parseDelimiter("tab")).toBe(9);
    expect(() => parseDelimiter(";;")).toThrow(
      '--delimiter ";;": expected one ASCII character (not a quote or a line break)',
    );
    const [jl, jm] = await writePair("[]", "[]", "json");
    await expect(compareTableFiles(jl, jm, { delimiter: ";" })).rejects.toThrow(
      /--delimiter: .*\.json is json, which has no delimiter/,
    );
  });
});
