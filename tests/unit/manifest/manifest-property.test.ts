import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import fc from "fast-check";
import { stringify } from "yaml";
import { beforeAll, describe, expect, it } from "vitest";
import { loadManifest } from "../../../src/manifest/load.js";
import { InvalidInputError } from "../../../src/shared/errors.js";

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "graft-manifest-prop-"));
  for (const p of ["tree/a/x", "tree/b", "tree/c/d"]) await mkdir(path.join(dir, p), { recursive: true });
  await writeFile(path.join(dir, "tree/a/x/f.py"), "");
});

const segment = fc.constantFrom(
  "a",
  "b",
  "c",
  "c/d",
  "a/x",
  "a/x/f.py",
  "zz",
  "..",
  ".",
  "/abs",
  "a/../..",
  "a//x/",
  "é",
  "",
);
const relPath = fc.array(segment, { minLength: 1, maxLength: 3 }).map((parts) => parts.join("/"));
const anyValue = fc.oneof(
  fc.string(),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string(), { maxLength: 2 }),
  relPath,
);
const move = fc.record({ from: fc.oneof(relPath, anyValue), to: fc.oneof(relPath, anyValue) }, { requiredKeys: [] });
const manifest = fc.record(
  {
    version: fc.oneof(fc.constant(1), anyValue),
    name: fc.oneof(fc.constant("m"), anyValue),
    root: fc.oneof(fc.constant("tree"), fc.constant("."), fc.constant("missing"), anyValue),
    moves: fc.oneof(fc.array(move, { maxLength: 3 }), anyValue),
    conflicts: fc.oneof(fc.record({ default: fc.constantFrom("manual", "keep-source", "merge", 3) }), anyValue),
    include: fc.oneof(fc.array(fc.string(), { maxLength: 2 }), anyValue),
    extra: anyValue,
  },
  { requiredKeys: [] },
);

describe("manifest loading under random input", () => {
  it("either accepts the manifest or fails with one line `file:line:col: field: reason`, never a crash", async () => {
    let counter = 0;
    await fc.assert(
      fc.asyncProperty(manifest, fc.constantFrom("yaml", "json"), fc.nat(40), async (data, format, cut) => {
        const file = path.join(dir, `m${counter++}.${format}`);
        let text = format === "json" ? JSON.stringify(data, null, 1) : stringify(data);
        if (cut % 7 === 0) text = text.slice(0, Math.max(1, text.length - cut));
        await writeFile(file, text);
        try {
          const loaded = await loadManifest(file);
          expect(loaded.data.version).toBe(1);
          for (const m of loaded.data.moves) {
            expect(m.from.startsWith("/") || m.from.startsWith("..")).toBe(false);
            expect(m.to.startsWith("/") || m.to.startsWith("..")).toBe(false);
          }
        } catch (error) {
          expect(error).toBeInstanceOf(InvalidInputError);
          const message = (error as Error).message;
          expect(message).not.toContain("\n");
          expect(message.startsWith(`${file}:`)).toBe(true);
          expect(message.slice(file.length)).toMatch(/^:\d+:\d+: \S.*: \S/);
        }
      }),
      { numRuns: 300, seed: 20261125 },
    );
  });
});
