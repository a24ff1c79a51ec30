import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  addFeatures,
  averageDirectionalIndex,
  averageTrueRange,
  bollingerBands,
  csvRecords,
  ewmMeanAlpha,
  fmaf,
  formatFloat32,
  frameToCsv,
  headerNames,
  logFloat32,
  logReturns,
  prepareChunk,
  rateOfChange,
  relativeStrengthIndex,
  rollingMax,
  rollingMean,
  rollingMin,
  rollingStd,
  stochasticOscillator,
} from "../../fixtures/hmm-pipeline/main.js";

const ORIGINAL = join(__dirname, "../../fixtures/hmm-pipeline/original");
const f32 = (xs: number[]): Float64Array => Float64Array.from(xs, Math.fround);

describe("pandas window kernels on hand-checkable series", () => {
  it("rolling mean / std(ddof=0) / min / max need a full window", () => {
    expect(Array.from(rollingMean(Float64Array.of(1, 2, 3, 4, 5), 3))).toEqual([NaN, NaN, 2, 3, 4]);
    const sd = rollingStd(Float64Array.of(1, 2, 3, 5), 3, 0);
    expect(sd[1]).toBeNaN();
    expect(sd[2]).toBeCloseTo(Math.sqrt(2 / 3), 15);
    expect(sd[3]).toBeCloseTo(Math.sqrt(14 / 9), 15);
    expect(Array.from(rollingMin(Float64Array.of(3, 1, 2, 5, 4), 3))).toEqual([NaN, NaN, 1, 1, 2]);
    expect(Array.from(rollingMax(Float64Array.of(3, 1, 2, 5, 4), 3))).toEqual([NaN, NaN, 3, 5, 5]);
  });

  it("rolling windows skip NaN, treat ±inf as NaN, and return exact values for constant runs", () => {
    expect(Array.from(rollingMean(Float64Array.of(1, NaN, 3, 4, 5), 3))).toEqual([NaN, NaN, NaN, NaN, 4]);
    expect(Array.from(rollingMean(Float64Array.of(1, Infinity, 3, 4, 5), 3)).slice(2)).toEqual([NaN, NaN, 4]);
    expect(Array.from(rollingMean(Float64Array.of(0.1, 0.1, 0.1, 0.1), 3)).slice(2)).toEqual([0.1, 0.1]);
    expect(Array.from(rollingStd(Float64Array.of(0.1, 0.1, 0.1, 0.1), 3, 0)).slice(2)).toEqual([0, 0]);
  });

  it("ewm(alpha=1/3, adjust=False, min_periods=3) is the normalised recursion", () => {
    const e = ewmMeanAlpha(Float64Array.of(0, 3, 0, 3), 1 / 3, 3);
    expect(e[0]).toBeNaN();
    expect(e[1]).toBeNaN();
    expect(e[2]).toBeCloseTo(2 / 3, 15);
    expect(e[3]).toBeCloseTo(13 / 9, 15);
  });
});

describe("ta 0.11.0 indicators (window 3) on hand-checkable series", () => {
  it("log returns use numpy's float32 log", () => {
    const r = logReturns(f32([1, 2, 2]));
    expect(r[0]).toBeNaN();
    expect(r[1]).toBe(Math.fround(Math.LN2));
    expect(r[2]).toBe(0);
    // numpy's SIMD float32 log is not correctly rounded: np.log(np.float32(x)) recorded with
    // numpy 2.4 on x86-64, beside the correctly rounded float32 of the exact log
    expect(logFloat32(7)).toBe(1.9459102153778076);
    expect(Math.fround(Math.log(7))).toBe(1.945910096168518);
    expect(logFloat32(Math.fround(787098.3))).toBe(13.576108932495117);
    expect(Math.fround(Math.log(Math.fround(787098.3)))).toBe(13.5761079788208);
    expect(fmaf(Math.fround(1 + 2 ** -23), Math.fround(1 - 2 ** -24), -1)).toBe(2 ** -24 - 2 ** -47);
  });

  it("ATR: zeros, a float32 mean of the first three true ranges, then Wilder smoothing", () => {
    const atr = averageTrueRange(f32([10, 11, 12, 13]), f32([9, 9, 10, 12]), f32([9.5, 10, 11, 12.5]), 3);
    // TR = [1, 2, 2, 2]
    expect(atr[0]).toBe(0);
    expect(atr[1]).toBe(0);
    expect(atr[2]).toBe(Math.fround(5 / 3));
    expect(atr[3]).toBe((Math.fround(5 / 3) * 2 + 2) / 3);
    expect(() => averageTrueRange(f32([1, 2]), f32([0, 1]), f32([1, 1]), 3)).toThrow(
      "index 2 is out of bounds for axis 0 with size 2",
    );
  });

  it("ROC is computed in float32", () => {
    const roc = rateOfChange(f32([100, 101, 102, 110, 99]), 3);
    expect(roc.slice(0, 3).every(Number.isNaN)).toBe(true);
    expect(roc[3]).toBe(10);
    expect(roc[4]).toBe(Math.fround(Math.fround(Math.fround(-2) / 101) * 100));
  });

  it("RSI: EWM of float32 up/down moves, 100 where the down average is 0", () => {
    const rsi = relativeStrengthIndex(f32([1, 2, 3, 2]), 3);
    expect(rsi[0]).toBeNaN();
    expect(rsi[1]).toBeNaN();
    expect(rsi[2]).toBe(100);
    expect(rsi[3]).toBeCloseTo(100 - 100 / (1 + 10 / 27 / (1 / 3)), 12);
  });

  it("Bollinger bands use the population std", () => {
    const bb = bollingerBands(f32([1, 2, 3]), 3, 2);
    const sd = Math.sqrt(2 / 3);
    expect(bb.mavg[2]).toBe(2);
    expect(bb.hband[2]).toBeCloseTo(2 + 2 * sd, 15);
    expect(bb.lband[2]).toBeCloseTo(2 - 2 * sd, 15);
    expect(bb.wband[2]).toBeCloseTo(((4 * sd) / 2) * 100, 12);
  });

  it("Stochastic %K and its 3-bar signal", () => {
    const st = stochasticOscillator(f32([3, 4, 5, 6, 7]), f32([1, 2, 3, 4, 5]), f32([2, 3, 4, 5, 6]), 3, 3);
    expect(Array.from(st.stoch)).toEqual([NaN, NaN, 75, 75, 75]);
    expect(Array.from(st.signal)).toEqual([NaN, NaN, NaN, NaN, 75]);
  });

  it("ADX keeps ta's quirks: rows 0-4 zero, seed = mean of the first three DX, previous-row DX in the recursion", () => {
    const n = 12;
    const high = f32(Array.from({ length: n }, (_, i) => 10 + i + (i % 3)));
    const low = f32(Array.from({ length: n }, (_, i) => 8 + i - (i % 2)));
    const close = f32(Array.from({ length: n }, (_, i) => 9 + i));
    const adx = averageDirectionalIndex(high, low, close, 3);
    expect(Array.from(adx.slice(0, 5))).toEqual([0, 0, 0, 0, 0]);
    // Recompute ta's loops independently in plain float64 (the inputs are small integers).
    const dmm: number[] = [],
      pos: number[] = [],
      neg: number[] = [];
    for (let i = 1; i < n; i++) {
      dmm.push(Math.max(high[i], close[i - 1]) - Math.min(low[i], close[i - 1]));
      const du = high[i] - high[i - 1],
        dd = low[i - 1] - low[i];
      pos.push(du > dd && du > 0 ? du : 0);
      neg.push(dd > du && dd > 0 ? dd : 0);
    }
    const smooth = (v: number[]): number[] => {
      const s = new Array(n - 2).fill(0);
      s[0] = v[0] + v[1] + v[2];
      for (let i = 1; i < n - 3; i++) s[i] = s[i - 1] - s[i - 1] / 3 + v[2 + i];
      return s;
    };
    const [trs, dip, din] = [smooth(dmm), smooth(pos), smooth(neg)];
    const dx = trs.map((t, i) => {
      const p = t !== 0 ? 100 * (dip[i] / t) : 0,
        m = t !== 0 ? 100 * (din[i] / t) : 0;
      return p + m !== 0 ? 100 * Math.abs((p - m) / (p + m)) : 0;
    });
    const want = new Array(n - 2).fill(0);
    want[3] = (dx[0] + dx[1] + dx[2]) / 3;
    for (let i = 4; i < n - 2; i++) want[i] = (want[i - 1] * 2 + dx[i - 1]) / 3;
    expect(Array.from(adx)).toEqual([0, 0, ...want]);
    expect(() => averageDirectionalIndex(high.slice(0, 5), low.slice(0, 5), close.slice(0, 5), 3)).toThrow(
      "index 3 is out of bounds for axis 0 with size 3",
    );
  });
});

describe("add_features on slices of BTC.csv against the original's output", () => {
  const lines = readFileSync(join(ORIGINAL, "BTC.csv"), "utf8");
  const records = [...csvRecords(lines)];
  const names = headerNames(records[0].fields);
  const reference = readFileSync(join(ORIGINAL, "BTC.hmm_states.csv"), "utf8").trimEnd().split("\n");
  const refHeader = reference[0].split(",");

  it.each([
    [0, 60],
    [0, 400],
  ])("rows %i..%i reproduce the reference rows exactly (features depend on the past only)", (from, to) => {
    const frame = addFeatures(
      prepareChunk(
        names,
        records.slice(1 + from, 1 + to).map((r) => r.fields),
        "v2",
      ),
    );
    const got = frameToCsv(frame).trimEnd().split("\n");
    expect(got[0].split(",")).toEqual(refHeader.slice(0, -1));
    expect(got).toHaveLength(to - from - 4 + 1);
    for (let i = 1; i < got.length; i++) expect(got[i]).toBe(reference[i].slice(0, reference[i].lastIndexOf(",")));
  });

  it("a mid-file slice matches the reference shifted by the slice start (float32 exactly, float64 within 1e-9)", () => {
    const from = 500;
    const frame = addFeatures(
      prepareChunk(
        names,
        records.slice(1 + from).map((r) => r.fields),
        "v2",
      ),
    );
    // Indicators restart in the slice, so compare only the columns whose windows have filled
    // (ATR, RSI and ADX carry state from the slice start and are checked above instead); the
    // rolling kernels' running sums depend on where they started, hence the 1e-9.
    for (const col of [
      "log_ret",
      "roc",
      "bb_mavg",
      "bb_high",
      "bb_low",
      "bb_width",
      "bb_position",
      "stoch",
      "stoch_signal",
      "sma_5_ratio",
      "hl_ratio",
      "volume_sma",
      "volume_ratio",
    ]) {
      const j = refHeader.indexOf(col);
      const c = frame.columns.find((x) => x.name === col)!;
      for (let i = 10; i < 100; i++) {
        const want = reference[from + i + 1].split(",")[j];
        if (c.dtype === "float32") expect(`${col}[${i}]=${formatFloat32(c.num[i])}`).toBe(`${col}[${i}]=${want}`);
        else expect(Math.abs(c.num[i] - Number(want)) / Math.abs(Number(want))).toBeLessThanOrEqual(1e-9);
      }
    }
  });
});
