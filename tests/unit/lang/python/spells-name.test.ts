import { describe, expect, it } from "vitest";
import { spellsName } from "../../../../src/lang/python/spells-name.js";

describe("spellsName", () => {
  const cases: [string, boolean][] = [
    ["import pkg.flow", true],
    ["from .flow import run", true],
    ["from . import flow", true],
    ['import_module("pkg.flow.core")', true],
    ["see pkg/flow/README.md", true],
    ["flow", true],
    ["maxflow = 1", false],
    ["flow_hierarchy(G)", false],
    ["overflow2", false],
    ["Flow", false],
    // Non-ASCII is a boundary: the place is kept for the parser to judge.
    ["éflow", true],
    ["maxflow and then flow", true],
  ];
  it.each(cases)("%s → %s, in text and in UTF-8 bytes alike", (text, expected) => {
    expect(spellsName(text, "flow")).toBe(expected);
    expect(spellsName(Buffer.from(text, "utf8"), "flow")).toBe(expected);
  });

  it("bounds a non-ASCII name by its UTF-8 length in bytes", () => {
    expect(spellsName(Buffer.from("import données.x", "utf8"), "données")).toBe(true);
    expect(spellsName(Buffer.from("import donnéesx", "utf8"), "données")).toBe(false);
  });
});
