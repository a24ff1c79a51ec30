import { describe, expect, it } from "vitest";
import { compareValues } from "../../../../src/equivalence/experiments/compare-values.js";

const tol = { rtol: 1e-9, atol: 0, symmetric: false };

describe("compareValues", () => {
  it("numbers within tolerance; NaN equals NaN; infinities only themselves; -0 equals 0", () => {
    expect(compareValues(1, 1 + 1e-12, tol)).toEqual([]);
    expect(compareValues(NaN, NaN, tol)).toEqual([]);
    expect(compareValues(-0, 0, tol)).toEqual([]);
    expect(compareValues(Infinity, Infinity, tol)).toEqual([]);
    expect(compareValues(Infinity, 1e308, tol)).toHaveLength(1);
    expect(compareValues(1, 1.1, tol)).toEqual([
      { path: "$", legacy: "1", migrated: "1.1", reason: "|m - l| = 0.10000000000000009" },
    ]);
  });

  it("arrays, typed arrays (interchangeably), nested objects and Maps, with paths", () => {
    expect(compareValues([1, 2, 3], new Float64Array([1, 2, 3]), tol)).toEqual([]);
    expect(compareValues(new Float64Array([1, 2]), new Float64Array([1, 2, 3]), tol)[0].reason).toBe("length 2 vs 3");
    const legacy = { trades: [{ pnl: 1.5 }, { pnl: 2 }], stats: new Map([["sharpe", 1.2]]) };
    const migrated = {
      trades: [{ pnl: 1.5 }, { pnl: 2.5 }],
      stats: new Map([
        ["sharpe", 1.2],
        ["extra", 1],
      ]),
    };
    expect(compareValues(legacy, migrated, tol).map((d) => [d.path, d.reason])).toEqual([
      ["$.trades[1].pnl", "|m - l| = 0.5"],
      ['$.stats.get("extra")', "extra key"],
    ]);
  });

  it("types, missing keys, sets, dates, strings", () => {
    expect(compareValues({ a: 1 }, { b: 1 }, tol).map((d) => [d.path, d.reason])).toEqual([
      ["$.a", "key missing"],
      ["$.b", "extra key"],
    ]);
    expect(compareValues("1", 1, tol)[0].reason).toBe("type string vs number");
    expect(compareValues(new Set([1, 2]), new Set([2, 1]), tol)).toEqual([]);
    expect(compareValues(new Date(5), new Date(6), tol)[0].reason).toBe("dates differ");
    expect(compareValues("x", "y", tol)[0].reason).toBe("values differ");
    expect(compareValues(null, undefined, tol)[0].reason).toBe("type null vs undefined");
  });
});
