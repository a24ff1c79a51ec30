import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTreeReader } from "../../../src/scan/tree-reader.js";
import { RefusedError } from "../../../src/shared/errors.js";
import { sha256Hex } from "../../../src/shared/hash.js";

let root = "";
beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), "graft-tree-reader-"));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe("the planner's tree reader", () => {
  it("pins every read, keeps buffers only within its budget and reads the rest again", async () => {
    await writeFile(path.join(root, "a.ts"), "export const a = 1;\n");
    await writeFile(path.join(root, "b.ts"), "export const b = 2;\n");
    const reader = createTreeReader(root, undefined, 25);
    const a = reader.readFile("a.ts");
    const b = reader.readFile("b.ts");
    // a fit the budget and is the same buffer on a second read; b did not and is read from disk again.
    expect(reader.readFile("a.ts")).toBe(a);
    const again = reader.readFile("b.ts");
    expect(again).not.toBe(b);
    expect(again.equals(b)).toBe(true);
    expect(Object.fromEntries(reader.reads)).toEqual({ "a.ts": sha256Hex(a), "b.ts": sha256Hex(b) });
  });

  it("refuses a file whose bytes changed between two reads, instead of planning from two versions of it", async () => {
    await writeFile(path.join(root, "b.ts"), "export const b = 2;\n");
    const reader = createTreeReader(root, undefined, 0);
    const first = reader.readFile("b.ts");
    await writeFile(path.join(root, "b.ts"), 'export { b } from "./c.js";\n');
    expect(() => reader.readFile("b.ts")).toThrow(RefusedError);
    expect(() => reader.readFile("b.ts")).toThrow(/b\.ts: changed while graft was planning/);
    // What the plan pins stays the first version.
    expect(reader.reads.get("b.ts")).toBe(sha256Hex(first));
  });
});
