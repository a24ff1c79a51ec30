import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { tokensHolding } from "../../../src/shared/path-mentions.js";

describe("tokensHolding", () => {
  it("finds the tokens a full cut of the text finds that hold a needle, in order", () => {
    const text = fc
      .array(
        fc.constantFrom(
          "a",
          "b",
          "a b",
          "src",
          "lib",
          "/",
          ".",
          "-",
          " ",
          "\n",
          "\u00a0",
          '"',
          "'",
          "(",
          ")",
          "=",
          ",",
          "#",
          "\\",
          "é",
          ":",
          "`",
          "{",
        ),
        {
          maxLength: 60,
        },
      )
      .map((parts) => parts.join(""));
    const needles = fc.array(fc.constantFrom("src", "lib", "a", "b/s", "a b", "é", ""), { minLength: 1, maxLength: 3 });
    fc.assert(
      fc.property(text, needles, (t, n) => {
        const cut = [...t.matchAll(/[^\s"'`()[\]{};=<>|&#,\\]+/g)]
          .filter((match) => n.some((needle) => match[0].includes(needle)))
          .map((match): [number, string] => [match.index, match[0]]);
        expect(tokensHolding(t, n)).toEqual(cut);
      }),
      { numRuns: 2000 },
    );
  });
});
