import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  concatSortIndex,
  csvRecords,
  formatFixed,
  formatFloat32,
  formatFloat64,
  frameToCsv,
  headerNames,
  inferColumn,
  parseDateTime,
  seriesToCsv,
  withSuffix,
  type Frame,
} from "../../fixtures/hmm-pipeline/main.js";

const TESTDATA = join(__dirname, "../../fixtures/hmm-pipeline/testdata");
/** Cases recorded with numpy 2.4 `astype(str)` and Python's `"%.*f"` (see testdata/README). */
const cases = JSON.parse(readFileSync(join(TESTDATA, "number-format-cases.json"), "utf8")) as {
  float32: [number, string][];
  float64: [number, string][];
  fixed: [string, number, string][];
};

describe("number formatting as pandas to_csv / Python logging print it", () => {
  it("float32 cells: shortest float32 digits, positional in [1e-4, 1e6), exponent otherwise", () => {
    for (const [x, s] of cases.float32) expect(`${x} -> ${formatFloat32(x)}`).toBe(`${x} -> ${s}`);
  });

  it("float32 hand cases: ties go to the even digit, integral values end in .0", () => {
    expect(formatFloat32(Math.fround(0.047222137))).toBe("0.047222137");
    expect(formatFloat32(Math.fround(0.1))).toBe("0.1");
    expect(formatFloat32(46505)).toBe("46505.0");
    expect(formatFloat32(Math.fround(1e-4))).toBe("1e-04");
    expect(formatFloat32(1e6)).toBe("1e+06");
    expect(formatFloat32(-1887821.25)).toBe("-1.8878212e+06");
    expect(formatFloat32(0.000244140625)).toBe("0.00024414062");
    expect(formatFloat32(-0)).toBe("-0.0");
  });

  it("float64 cells: Python repr (shortest round-trip, positional in [1e-4, 1e16))", () => {
    for (const [x, s] of cases.float64) expect(`${x} -> ${formatFloat64(x)}`).toBe(`${x} -> ${s}`);
    expect(formatFloat64(3077.962999131944)).toBe("3077.962999131944");
    expect(formatFloat64(1e16)).toBe("1e+16");
    expect(formatFloat64(5e-324)).toBe("5e-324");
  });

  it('"%.Nf" rounds the exact binary value half-to-even and spells nan/inf', () => {
    const parse = (r: string): number =>
      r === "nan" ? NaN : r === "inf" ? Infinity : r === "-inf" ? -Infinity : Number(r);
    for (const [x, d, s] of cases.fixed)
      expect(`${x} %.${d}f -> ${formatFixed(parse(x), d)}`).toBe(`${x} %.${d}f -> ${s}`);
  });
});

describe("CSV reading as pandas' C parser does it", () => {
  it("tokenizes quotes, doubled quotes, CRLF and skips blank lines with their line numbers", () => {
    const recs = [...csvRecords('\ufeffa,b,c\r\n1,"x, y",3\r\n\r\n   \n4,"say ""hi""",\n"multi\nline",5,6')];
    expect(recs.map((r) => r.fields)).toEqual([
      ["a", "b", "c"],
      ["1", "x, y", "3"],
      ["4", 'say "hi"', ""],
      ["multi\nline", "5", "6"],
    ]);
    expect(recs.map((r) => r.line)).toEqual([1, 2, 5, 6]);
  });

  it("mangles duplicate and empty header names like read_csv (recorded from pandas 2.3.3)", () => {
    expect(headerNames(["A", "A", "A.1"])).toEqual(["A", "A.2", "A.1"]);
    expect(headerNames(["A", "A", "A", "A.1", "A.2"])).toEqual(["A", "A.3", "A.4", "A.1", "A.2"]);
    expect(headerNames(["x", "x.1", "x", "x"])).toEqual(["x", "x.1", "x.2", "x.3"]);
    expect(headerNames(["a", "", "b", ""])).toEqual(["a", "Unnamed: 1", "b", "Unnamed: 3"]);
    expect(headerNames(["B", "B", "B.1", "B.1"])).toEqual(["B", "B.2", "B.1", "B.1.1"]);
    // BTC.csv's repeated " Avg" and " STPvt" become Avg.1 / STPvt.1 once stripped
    expect(headerNames([" Avg", " Avg", " STPvt", " STPvt"]).map((s) => s.trim())).toEqual([
      "Avg",
      "Avg.1",
      "STPvt",
      "STPvt.1",
    ]);
  });

  it("infers int64, float64, bool and object columns and prints them as to_csv does", () => {
    const col = (cells: (string | undefined)[]) => inferColumn("c", cells);
    expect(col(["1", "-3"]).dtype).toBe("int64");
    expect(col([" 5042", "+7", "007"]).text).toEqual(["5042", "7", "7"]);
    expect(col([" 2.5", "1e3"]).dtype).toBe("float64");
    expect(col(["1", ""]).dtype).toBe("float64");
    expect(col(["True", "False"]).dtype).toBe("bool");
    expect(col(["a b", "c,d", "NaN"]).dtype).toBe("object");
    const frame: Frame = {
      index: Float64Array.of(0, 1),
      columns: [
        col(["1", "-3"]),
        { ...col([" 2.5", "1e3"]), name: "f" },
        { ...col(["True", "False"]), name: "b" },
        { ...col(["a b", "c,d"]), name: "o" },
        { ...col(["NaN", "1"]), name: "n" },
      ],
    };
    // pandas: ",i,f,b,o,n\n0,1,2.5,True,a b,\n1,-3,1000.0,False,\"c,d\",1.0\n" (names aside)
    expect(frameToCsv(frame)).toBe(',c,f,b,o,n\n0,1,2.5,True,a b,\n1,-3,1000.0,False,"c,d",1.0\n');
  });

  it("concat + sort_index interleaves chunks by row label, chunk order among equal labels, and promotes dtypes", () => {
    const chunk = (vals: string[]): Frame => ({
      index: Float64Array.from(vals, (_, i) => i),
      columns: [inferColumn("v", vals)],
    });
    const full = concatSortIndex([chunk(["1", "2", "3"]), chunk(["4.5", "5.5"]), chunk(["6"])]);
    expect(Array.from(full.index)).toEqual([0, 0, 0, 1, 1, 2]);
    expect(full.columns[0].dtype).toBe("float64");
    expect(frameToCsv(full)).toBe(",v\n0,1.0\n0,4.5\n0,6.0\n1,2.0\n1,5.5\n2,3.0\n");
  });

  it("writes a Series with its name as header and NaN as empty", () => {
    expect(
      seriesToCsv({
        name: "next_ret",
        index: Float64Array.of(0, 1),
        values: Float64Array.of(-0.008855819702148438, NaN),
      }),
    ).toBe(",next_ret\n0,-0.008855819702148438\n1,\n");
  });

  it("validates dates the way the original's layouts spell them (the parsed index is dropped later)", () => {
    expect(parseDateTime("2021-8-9  00:00:00.000000")).toBe(Date.UTC(2021, 7, 9)); // V2: Date + " " + " Time"
    expect(parseDateTime("2024-1-2 09:35:00")).toBe(Date.UTC(2024, 0, 2, 9, 35));
    expect(parseDateTime("08/09/2021 1:30 PM")).toBe(Date.UTC(2021, 7, 9, 13, 30));
    expect(() => parseDateTime("hello")).toThrow("Unknown datetime string format, unable to parse: hello");
    expect(() => parseDateTime("2021-02-30")).toThrow("day is out of range for month");
  });

  it("derives output paths with pathlib's with_suffix", () => {
    expect(withSuffix("data/BTC.csv", ".hmm_states.csv")).toBe("data/BTC.hmm_states.csv");
    expect(withSuffix("./a.b.csv", ".backtest.csv")).toBe("a.b.backtest.csv");
    expect(withSuffix("BTC", ".svg")).toBe("BTC.svg");
    expect(withSuffix(".hidden", ".svg")).toBe(".hidden.svg");
    expect(withSuffix("//x//y.csv", ".svg")).toBe("//x/y.svg");
  });
});
