import fc from "fast-check";
import { describe, it } from "vitest";
import { createFigures, manifestProperty, planProperty, recordProperty, treeProperty } from "./hostile-properties.js";

// A few hundred generated cases in every `npm test` (a fixed seed per run is printed on failure by fast-check);
// tests/security/soak.ts runs thousands.
const figures = createFigures();

describe("hostile inputs: exit 0-3, one line, no stack, no byte outside the root, well within 10 s", () => {
  it("manifests", async () => {
    await fc.assert(manifestProperty(figures), { numRuns: 150 });
  });

  it("saved plans", async () => {
    await fc.assert(planProperty(figures), { numRuns: 60 });
  });

  it("run records", async () => {
    await fc.assert(recordProperty(figures), { numRuns: 40 });
  });

  it("trees", async () => {
    await fc.assert(treeProperty(figures), { numRuns: 40 });
  });
});
