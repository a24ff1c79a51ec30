import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decimalToDouble, eiselLemire } from "../../../../src/equivalence/diff/decimal-to-double.js";
import { parseNumberBytes, type ParsedNumber } from "../../../../src/equivalence/diff/parse-number.js";

function parse(text: string): ParsedNumber {
  const out: ParsedNumber = { isNumber: false, value: 0 };
  const buf = Buffer.from(`,${text};`, "latin1");
  parseNumberBytes(buf, 1, 1 + text.length, out);
  return out;
}

function expectLikeNumber(text: string): void {
  const parsed = parse(text);
  expect({ text, isNumber: parsed.isNumber }).toEqual({ text, isNumber: true });
  if (!Object.is(parsed.value, Number(text)))
    expect({ text, value: parsed.value }).toEqual({ text, value: Number(text) });
}

const digitString = (min: number, max: number) =>
  fc.array(fc.constantFrom(..."0123456789"), { minLength: min, maxLength: max }).map((d) => d.join(""));

// Any decimal the reader accepts: sign, integer digits, optional point and fraction, optional exponent.
const decimalText = fc
  .record({
    sign: fc.constantFrom("", "+", "-"),
    integer: fc.oneof(digitString(0, 3), digitString(0, 25)),
    point: fc.boolean(),
    fraction: fc.oneof(digitString(0, 4), digitString(0, 30)),
    exponent: fc.option(
      fc.record({
        e: fc.constantFrom("e", "E"),
        sign: fc.constantFrom("", "+", "-"),
        value: fc.oneof(fc.integer({ min: 0, max: 30 }), fc.integer({ min: 0, max: 400 })),
      }),
    ),
  })
  .filter(({ integer, fraction }) => integer.length + fraction.length > 0)
  .map(({ sign, integer, point, fraction, exponent }) => {
    const body = point ? `${integer}.${fraction}` : integer + fraction;
    const tail = exponent === null ? "" : `${exponent.e}${exponent.sign}${exponent.value}`;
    return `${sign}${body}${tail}`;
  });

// The exact decimal expansion of m · 2^e (m, e integers).
function exactDecimal(m: bigint, e: number): string {
  if (e >= 0) return (m << BigInt(e)).toString();
  return `${(m * 5n ** BigInt(-e)).toString()}e${e}`;
}

// Significand and exponent of a finite positive double: x = m · 2^e.
function decompose(x: number): { m: bigint; e: number } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const field = Number((bits >> 52n) & 0x7ffn);
  const fraction = bits & ((1n << 52n) - 1n);
  return field === 0 ? { m: fraction, e: -1074 } : { m: fraction | (1n << 52n), e: field - 1075 };
}

describe("exact decimal parsing (equal to Number() bit for bit)", () => {
  it("agrees with Number() on random decimal strings of every shape", () => {
    fc.assert(
      fc.property(decimalText, (text) => expectLikeNumber(text)),
      { numRuns: 20_000 },
    );
  });

  it("agrees with Number() on the exact midpoints between neighbouring doubles and just beside them", () => {
    fc.assert(
      fc.property(fc.double({ min: 0, noNaN: true, noDefaultInfinity: true, max: Number.MAX_VALUE }), (x) => {
        const { m, e } = decompose(x);
        const midpoint = exactDecimal(2n * m + 1n, e - 1);
        expectLikeNumber(midpoint);
        const [digits, exponent] = midpoint.split("e");
        const scale = exponent === undefined ? "" : `e${exponent}`;
        expectLikeNumber(`${digits}0000000000000000000001${scale === "" ? "e-22" : `e${Number(exponent) - 22}`}`);
        expectLikeNumber(`-${digits.slice(0, -1)}${scale === "" ? "e1" : `e${Number(exponent) + 1}`}`);
        expectLikeNumber(`${digits.slice(0, 19)}e${Number(exponent ?? 0) + digits.length - 19}`);
        expectLikeNumber(`${digits.slice(0, 17)}e${Number(exponent ?? 0) + digits.length - 17}`);
      }),
      { numRuns: 5_000 },
    );
  });

  it("agrees with Number() on shortest and long renderings of random doubles, including subnormals", () => {
    const anyDouble = fc.oneof(
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.double({ min: -2.2250738585072014e-308, max: 2.2250738585072014e-308, noNaN: true }),
    );
    fc.assert(
      fc.property(anyDouble, fc.integer({ min: 1, max: 21 }), (x, precision) => {
        for (const text of [String(x), x.toExponential(), x.toPrecision(precision), x.toExponential(precision - 1)])
          if (!/[a-df-z]/i.test(text)) expectLikeNumber(text);
      }),
      { numRuns: 10_000 },
    );
  });

  it("computes w · 10^q like Number() for random 64-bit significands and every exponent", () => {
    const significand = fc.bigInt({ min: 1n, max: (1n << 64n) - 1n });
    fc.assert(
      fc.property(significand, fc.integer({ min: -360, max: 330 }), (w, q) => {
        const high = Number(w >> 32n);
        const low = Number(w & 0xffffffffn);
        const expected = Number(`${w}e${q}`);
        expect({ w, q, value: eiselLemire(high, low, q) }).toEqual({ w, q, value: expected });
        expect({ w, q, value: decimalToDouble(high, low, q) }).toEqual({ w, q, value: expected });
      }),
      { numRuns: 20_000 },
    );
  });

  it.each([
    "0",
    "-0",
    "+0.000e-999",
    "4.9406564584124654e-324",
    "2.4703282292062327e-324",
    "2.4703282292062328e-324",
    "2.47032822920623272088e-324",
    "7.4109846876186982e-324",
    "2.2250738585072011e-308",
    "2.2250738585072012e-308",
    "2.2250738585072014e-308",
    "2.225073858507201136057409796709131975934819546351645648e-308",
    "1.7976931348623157e308",
    "1.7976931348623158e308",
    "1.7976931348623159e308",
    "179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096330286416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730270069855571366959622842914819860834936475292719074168444365510704342711559699508093042880177904174771234",
    "9007199254740993",
    "9007199254740992.5",
    "9007199254740993.0000000000000000001",
    "18446744073709551615",
    "18446744073709551616",
    "1e23",
    "8.98846567431158e307",
    "0.1",
    "0.30000000000000004",
    "123456789012345678901234567890",
    "-123456789012345678.9e-3",
    "1e-400",
    "-1e400",
    "1e100001",
    "1e-100001",
    `0.${"0".repeat(100010)}1e100020`,
    `${"9".repeat(400)}e-400`,
    "000000000000000000000000000000012345",
    ".000000000000000000000000000000012345e+30",
  ])("reads %s as Number() does", (text) => expectLikeNumber(text));
});
