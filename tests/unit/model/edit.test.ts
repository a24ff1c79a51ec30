import { describe, expect, it } from "vitest";
import { applyEdits, byteOffsetOf } from "../../../src/model/edit.js";

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
