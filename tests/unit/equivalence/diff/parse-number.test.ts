import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseNumberBytes, parseNumberText, type ParsedNumber } from "../../../../src/equivalence/diff/parse-number.js";

function parseBytes(text: string): ParsedNumber {
  const out: ParsedNumber = { isNumber: false, value: 0 };
  const buf = Buffer.from(`xx${text}yy`, "latin1");
  parseNumberBytes(buf, 2, 2 + text.length, out);
  return out;
}

describe("parseNumberBytes", () => {
  it("rounds exactly like Number() for every written form of random doubles", () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer({ min: 0, max: 20 }), (x, digits) => {
        for (const text of [
          String(x),
          x.toExponential(),
          x.toExponential(digits),
          x.toPrecision(digits + 1),
          x.toFixed(Math.min(digits, 20)),
        ]) {
          if (/[a-df-z]/i.test(text)) continue;
          const parsed = parseBytes(text);
          expect(parsed.isNumber).toBe(true);
          expect(Object.is(parsed.value, Number(text))).toBe(true);
        }
      }),
      { numRuns: 5_000 },
    );
  });

  it.each([
    ["nan", NaN],
    ["NaN", NaN],
    ["-nan", NaN],
    ["inf", Infinity],
    ["-inf", -Infinity],
    ["+Infinity", Infinity],
    ["-Infinity", -Infinity],
    ["-0.0", -0],
    ["1e5", 1e5],
    ["1E+05", 1e5],
    [".5", 0.5],
    ["5.", 5],
    ["-1.798E+308", Number.NEGATIVE_INFINITY], // beyond the largest double: overflows as strtod does
    ["4.9406564584124654e-324", 5e-324],
    ["123456789012345678901234567890", 1.2345678901234568e29],
  ])("reads %s", (text, value) => {
    const parsed = parseBytes(text);
    expect(parsed.isNumber).toBe(true);
    expect(Object.is(parsed.value, value)).toBe(true);
    const fromText: ParsedNumber = { isNumber: false, value: 0 };
    parseNumberText(text, fromText);
    expect(fromText.isNumber).toBe(true);
    expect(Object.is(fromText.value, value)).toBe(true);
  });

  it.each([
    "",
    "-",
    "+",
    ".",
    "e5",
    "1e",
    "1e+",
    "0x10",
    "1_000",
    "--1",
    "1.2.3",
    " 1",
    "1 ",
    "nanx",
    "infinit",
    "Inf1",
    "abc",
    "1,5",
  ])("rejects %j", (text) => {
    expect(parseBytes(text).isNumber).toBe(false);
    const fromText: ParsedNumber = { isNumber: false, value: 0 };
    parseNumberText(text, fromText);
    expect(fromText.isNumber).toBe(false);
  });
});
