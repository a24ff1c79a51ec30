import { describe, expect, it } from "vitest";
import {
  type Column,
  type Frame,
  floatColumn,
  formatFloat32,
  formatFloat64,
  frameCsvBlocks,
  frameToCsv,
} from "../../fixtures/hmm-pipeline/main.js";

/** 10,000 rows whose float32 column cycles through 6,000 values, more than the printer remembers at once. */
function frame(): Frame {
  const n = 10_000;
  const f32 = Float64Array.from({ length: n }, (_, i) => Math.fround(100 + ((i * 7919) % 6000) / 100));
  f32[17] = Number.NaN;
  const f64 = Float64Array.from({ length: n }, (_, i) => (i % 13 === 0 ? 1e-7 * i : Math.sqrt(i) / 3));
  const ints: Column = {
    name: "n",
    dtype: "int64",
    num: Float64Array.from({ length: n }, (_, i) => i * 1000),
    text: Array.from({ length: n }, (_, i) => String(i * 1000)),
  };
  const text: Column = {
    name: "s,t",
    dtype: "object",
    num: new Float64Array(n).fill(Number.NaN),
    text: Array.from({ length: n }, (_, i) => (i % 5 === 0 ? null : i % 7 === 0 ? `a,"${i}"` : `r${i}`)),
  };
  return {
    columns: [floatColumn("p", "float32", f32), floatColumn("q", "float64", f64), ints, text],
    index: Float64Array.from({ length: n }, (_, i) => i % 4000),
  };
}

describe("frame CSV in blocks", () => {
  const f = frame();
  const expected = [
    ',p,q,n,"s,t"',
    ...Array.from({ length: 10_000 }, (_, i) => {
      const p = f.columns[0].num[i];
      const s = f.columns[3].text![i];
      const quoted = s === null ? "" : /[",]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
      return [
        f.index[i],
        Number.isNaN(p) ? "" : formatFloat32(p),
        formatFloat64(f.columns[1].num[i]),
        i * 1000,
        quoted,
      ].join(",");
    }),
  ].join("\n");

  it("prints every cell as the one-cell formatters do, across blocks and past the printer's memory", () => {
    expect(frameToCsv(f)).toBe(expected + "\n");
  });

  it("gives the same text whatever the block size, header first", () => {
    const blocks = [...frameCsvBlocks(f, 7)];
    expect(blocks[0]).toBe(',p,q,n,"s,t"\n');
    expect(blocks).toHaveLength(1 + Math.ceil(10_000 / 7));
    expect(blocks.join("")).toBe(expected + "\n");
  });
});
