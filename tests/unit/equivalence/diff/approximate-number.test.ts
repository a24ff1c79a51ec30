import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  approximateError,
  approximateValue,
  createApproximateNumber,
  scanApproximateNumber,
} from "../../../../src/equivalence/diff/approximate-number.js";
import { type ParsedNumber, scanNumber } from "../../../../src/equivalence/diff/parse-number.js";

function readBoth(text: string): {
  fast: { value: number; error: number };
  stop: number;
  exact: ParsedNumber;
  exactStop: number;
} {
  const buf = Buffer.from(`xx${text},yy`, "latin1");
  const out = createApproximateNumber().fill(Number.NaN);
  const exact: ParsedNumber = { isNumber: false, value: 0 };
  const stop = scanApproximateNumber(buf, 2, 2 + text.length + 3, out);
  const exactStop = scanNumber(buf, 2, 2 + text.length + 3, exact);
  return { fast: { value: out[approximateValue], error: out[approximateError] }, stop, exact, exactStop };
}

// Written forms that reach the bound's corners: 15 digits (exact), 16–19 (rounded steps), long fractions.
const written = fc
  .tuple(
    fc.oneof(
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.double({ min: -1e6, max: 1e6, noNaN: true }),
      fc.double({ min: -1e-6, max: 1e-6, noNaN: true }),
    ),
    fc.integer({ min: 0, max: 20 }),
  )
  .chain(([x, digits]) =>
    fc.constantFrom(
      String(x),
      x.toPrecision(17),
      x.toPrecision(digits + 1),
      x.toExponential(digits),
      x.toFixed(Math.min(digits, 20)),
      `${x.toPrecision(17)}${"0123456789".slice(0, digits)}`,
    ),
  );

describe("scanApproximateNumber", () => {
  it("is within its stated error of the double Number() reads, and exact when it says so", () => {
    let taken = 0;
    fc.assert(
      fc.property(written, (text) => {
        if (/[a-df-z]/i.test(text)) return;
        const { fast, stop, exact, exactStop } = readBoth(text);
        if (stop < 0) return;
        taken++;
        expect(stop).toBe(exactStop);
        expect(exact.isNumber).toBe(true);
        const x = Number(text);
        expect(Math.abs(fast.value - x)).toBeLessThanOrEqual(fast.error);
        if (fast.error === 0) expect(Object.is(fast.value, x)).toBe(true);
      }),
      { numRuns: 20_000 },
    );
    // Two of the three magnitudes above lie in the fast domain (powers of ten within ±22) save for forms with
    // long fractions: at least 3,000 of the 20,000 must be taken, or the row walk gains nothing.
    expect(taken).toBeGreaterThan(4_000 * 0.75);
  });

  it("bounds the error at the worst cases of 16 to 40 digits", () => {
    const cases = ["9007199254740993", "99999999999999999999", "0.9999999999999999999999", "1.2345678901234567890123"];
    for (const text of cases) {
      const { fast, stop } = readBoth(text);
      expect(stop).toBe(2 + text.length);
      expect(Math.abs(fast.value - Number(text))).toBeLessThanOrEqual(fast.error);
      expect(fast.error).toBeGreaterThan(0);
    }
  });

  it.each([
    ["", -1],
    [".", -1],
    ["-", -1],
    ["abc", -1],
    [" 1", -1],
    ["1e400", -1],
    ["1e-23", -1],
    ["1e5000", -1],
    ["1".repeat(41), -1],
  ])("leaves %j to the exact reading", (text, expected) => {
    expect(readBoth(text).stop).toBe(expected);
  });

  it.each([
    ["1e", 3],
    ["1e+", 3],
    ["-0", 4],
    ["1.", 4],
    [".5", 4],
    ["1e22", 6],
    ["+2.5E-3", 9],
  ])("stops %j where the exact reading stops", (text, expected) => {
    const { fast, stop, exact, exactStop } = readBoth(text);
    expect(stop).toBe(expected);
    expect(exactStop).toBe(expected);
    expect(Object.is(fast.value, exact.value)).toBe(true);
    expect(fast.error).toBe(0);
  });
});
