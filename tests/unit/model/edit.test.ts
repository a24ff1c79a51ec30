import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { applyEdits, byteOffsetOf, createByteOffsetMap } from "../../../src/model/edit.js";

describe("applyEdits", () => {
  it("replaces byte ranges in any order and keeps every other byte", () => {
    const input = Buffer.from('import a from "./x";\r\nimport b from "./y";\r\n');
    const out = applyEdits(input, [
      { start: 37, end: 40, text: "../z/y" },
      { start: 15, end: 18, text: "./w/x" },
    ]);
    expect(out.toString()).toBe('import a from "./w/x";\r\nimport b from "../z/y";\r\n');
  });

  it("rejects overlapping edits", () => {
    expect(() =>
      applyEdits(Buffer.from("abcdef"), [
        { start: 0, end: 3, text: "x" },
        { start: 2, end: 4, text: "y" },
      ]),
    ).toThrow(RangeError);
  });

  it("counts UTF-8 bytes, not UTF-16 units", () => {
    const text = 'const é = "./ü";';
    const charStart = text.indexOf("./ü");
    const start = byteOffsetOf(text, charStart);
    const end = byteOffsetOf(text, charStart + 3);
    expect(applyEdits(Buffer.from(text), [{ start, end, text: "./ö" }]).toString()).toBe('const é = "./ö";');
  });
});

describe("createByteOffsetMap", () => {
  const isInsidePair = (text: string, index: number): boolean =>
    /[\uD800-\uDBFF]/.test(text[index - 1] ?? "") && /[\uDC00-\uDFFF]/.test(text[index] ?? "");

  it("agrees with byteOffsetOf at every index that is not between the halves of a surrogate pair", () => {
    const texts = fc.oneof(
      fc.string({ unit: "grapheme" }),
      fc.string({ unit: "binary" }),
      fc
        .array(fc.constantFrom("a", "é", "✓", "🙂", "\uD800", "\uDC00", "\n"), { maxLength: 40 })
        .map((a) => a.join("")),
    );
    fc.assert(
      fc.property(texts, (text) => {
        const byteAt = createByteOffsetMap(text);
        const indices = Array.from({ length: text.length + 1 }, (_, i) => i).filter((i) => !isInsidePair(text, i));
        expect(indices.map(byteAt)).toEqual(indices.map((i) => byteOffsetOf(text, i)));
        expect(byteAt(text.length)).toBe(Buffer.byteLength(text, "utf8"));
      }),
      { numRuns: 100 },
    );
  });

  it("maps an index between the halves of a pair to the pair's start", () => {
    const byteAt = createByteOffsetMap("a🙂b");
    expect([0, 1, 2, 3, 4].map(byteAt)).toEqual([0, 1, 1, 5, 6]);
  });
});
