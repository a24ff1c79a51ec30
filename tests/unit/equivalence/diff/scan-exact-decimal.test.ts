import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type ExactDecimal, scanExactDecimal } from "../../../../src/equivalence/diff/scan-exact-decimal.js";

/** scanExactDecimal on `text` as a cell of a row ("xx<text>,yy"): the value, or undefined when it is not sure of it. */
function read(text: string): number | undefined {
  const buf = Buffer.from(`xx${text},yy`, "latin1");
  const out: ExactDecimal = { value: Number.NaN };
  return scanExactDecimal(buf, 2, buf.length, out) === 2 + text.length ? out.value : undefined;
}

// Decimals of 1 to 22 significant digits, the point anywhere (or nowhere), leading and trailing zeros, a sign and
// an exponent: inside and outside the reader's domain (19 digits, powers of ten within ±22).
const decimal = fc
  .tuple(
    fc.constantFrom("", "-", "+"),
    fc.stringMatching(/^[1-9][0-9]{0,21}$/),
    fc.integer({ min: 0, max: 3 }),
    fc.integer({ min: 0, max: 3 }),
    fc.integer({ min: -1, max: 24 }),
    fc.option(fc.integer({ min: -30, max: 30 }), { nil: undefined }),
  )
  .map(([sign, digits, leading, trailing, point, exponent]) => {
    const all = "0".repeat(leading) + digits + "0".repeat(trailing);
    const at = point < 0 || point > all.length ? -1 : point;
    const body = at < 0 ? all : `${all.slice(0, at)}.${all.slice(at)}`;
    return `${sign}${body}${exponent === undefined ? "" : `e${exponent}`}`;
  });

// Written by programs: JavaScript's shortest form, 16 to 19 significant digits, exponent forms.
const written = fc
  .tuple(
    fc.oneof(
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.double({ min: -1e6, max: 1e6, noNaN: true }),
      fc.double({ min: -1e-6, max: 1e-6, noNaN: true }),
    ),
    fc.integer({ min: 15, max: 18 }),
  )
  .map(([x, digits]) => [String(x), x.toPrecision(digits + 1), x.toExponential(digits)] as const);

describe("scanExactDecimal", () => {
  it("gives the double Number() gives whenever it answers", () => {
    fc.assert(
      fc.property(decimal, (text) => {
        const value = read(text);
        if (value !== undefined) expect(Object.is(value, Number(text)), text).toBe(true);
      }),
      { numRuns: 50_000 },
    );
  });

  it("answers for nearly every number a program writes with up to 19 significant digits", () => {
    let inDomain = 0;
    let answered = 0;
    fc.assert(
      fc.property(written, (texts) => {
        for (const text of texts) {
          const value = read(text);
          if (value !== undefined) expect(Object.is(value, Number(text)), text).toBe(true);
          const [significand, exponent = "0"] = text.replace(/^-/, "").split("e");
          const digits = significand.replace(".", "").replace(/^0+/, "");
          const fraction = significand.includes(".") ? significand.length - significand.indexOf(".") - 1 : 0;
          const power = Number(exponent) - fraction;
          if (digits.length > 19 || power < -22 || power > 22) continue;
          inDomain++;
          if (value !== undefined) answered++;
        }
      }),
      { numRuns: 20_000 },
    );
    expect(inDomain).toBeGreaterThan(3_000);
    // Only a number within 2^-90 of a rounding midpoint is left to the exact reader: above 2^53, the shortest
    // form of a double is sometimes the midpoint itself (23333173426307330 lies halfway between two doubles).
    expect(inDomain - answered).toBeLessThan(inDomain / 200);
  });

  it("leaves rounding midpoints to the exact reader", () => {
    // Integers between 2^53 and 10^19 halfway between two doubles, written in several forms.
    fc.assert(
      fc.property(fc.bigInt({ min: 2n ** 53n, max: 10n ** 19n - 1n }), (n) => {
        const below = BigInt(Number(n));
        const ulp = BigInt(2 ** (Math.floor(Math.log2(Number(below))) - 52));
        const midpoint = (below & ~(ulp - 1n)) + ulp / 2n;
        const text = midpoint.toString();
        for (const form of [text, `${text.slice(0, 1)}.${text.slice(1)}e${text.length - 1}`, `${text}.000`]) {
          const value = read(form);
          if (value !== undefined) expect(Object.is(value, Number(form)), form).toBe(true);
        }
        expect(read(text), text).toBeUndefined();
      }),
      { numRuns: 5_000 },
    );
    expect(read("9007199254740993")).toBeUndefined();
    expect(read("9007199254740994")).toBe(9007199254740994);
  });

  it.each([
    ["0", 0],
    ["-0.000", -0],
    ["+1.5", 1.5],
    ["00012.50", 12.5],
    [".5", 0.5],
    ["5.", 5],
    ["1e22", 1e22],
    ["1234567890123456789e-22", Number("1234567890123456789e-22")],
    ["0.1234567890123456789", Number("0.1234567890123456789")],
  ])("reads %j", (text, expected) => {
    expect(Object.is(read(text), expected)).toBe(true);
  });

  it.each(["", ".", "-", "1e", "1e+", "1.2.3", "1e-23", "1e23", "12345678901234567890", "1x", "1e5000"])(
    "is not sure of %j",
    (text) => {
      expect(read(text)).toBeUndefined();
    },
  );

  it.each([
    ["1.5e", 3],
    ["1.5e+", 3],
    ["2.5,", 3],
    ["12x", 2],
    ["-3e2;", 4],
  ])("stops %j at %i, where the number ends", (text, stop) => {
    const out: ExactDecimal = { value: Number.NaN };
    expect(scanExactDecimal(Buffer.from(text, "latin1"), 0, text.length, out)).toBe(stop);
    expect(out.value).toBe(Number(text.slice(0, stop)));
  });
});
