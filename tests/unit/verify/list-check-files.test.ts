import { mkdirSync, mkdtempSync, renameSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import type { ManifestData } from "../../../src/model/manifest-schema.js";
import type { MigrationPlan, PlanOperation } from "../../../src/model/plan.js";
import type { CheckContext } from "../../../src/model/post-write-check.js";
import { listFiles, listFilesAfter } from "../../../src/verify/list-check-files.js";

const roots: string[] = [];
afterAll(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

// Names that meet the ignore globs: always-ignored folders, an excluded folder (`build`, matched as a folder only),
// an excluded pattern (`*.log`), and plain ones.
const folders = ["", "src", "src/lib", "build", "build/out", "node_modules/pkg", "docs/.hidden", "a/node_modules"];
const names = ["a.ts", "b.js", "x.log", ".env", "index.ts"];
const exclude = ["build", "**/*.log"];

/** A random tree on disk, then random moves, deletes, writes and symlinks applied to it as a run would. */
const runArbitrary = fc.record({
  files: fc.uniqueArray(fc.tuple(fc.constantFrom(...folders), fc.constantFrom(...names)), {
    minLength: 1,
    maxLength: 12,
    selector: ([folder, name]) => `${folder}/${name}`,
  }),
  steps: fc.array(
    fc.record({
      kind: fc.constantFrom("move", "delete", "write", "symlink"),
      pick: fc.nat(),
      folder: fc.constantFrom(...folders, "new/deep"),
      name: fc.constantFrom(...names, "c.ts"),
    }),
    { maxLength: 8 },
  ),
});

describe("listFilesAfter", () => {
  it("equals a walk of the tree after the run's operations, without walking it", async () => {
    await fc.assert(
      fc.asyncProperty(runArbitrary, async ({ files, steps }) => {
        const root = mkdtempSync(path.join(os.tmpdir(), "graft-list-after-"));
        roots.push(root);
        const join = (folder: string, name: string) => (folder === "" ? name : `${folder}/${name}`);
        const present = new Set<string>();
        const put = (rel: string) => {
          mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
          writeFileSync(path.join(root, rel), rel);
          present.add(rel);
        };
        for (const [folder, name] of files) put(join(folder, name));
        const context: CheckContext = {
          root,
          plan: { operations: [] as PlanOperation[] } as MigrationPlan,
          manifest: { exclude } as unknown as ManifestData,
        };
        const before = await listFiles(context);
        const operations: PlanOperation[] = [];
        for (const step of steps) {
          const existing = [...present].sort();
          const target = join(step.folder, step.name);
          const source = existing.length ? existing[step.pick % existing.length]! : undefined;
          if (step.kind === "move" && source && !present.has(target)) {
            mkdirSync(path.dirname(path.join(root, target)), { recursive: true });
            renameSync(path.join(root, source), path.join(root, target));
            present.delete(source);
            present.add(target);
            operations.push({ op: "move", from: source, to: target } as PlanOperation);
          } else if (step.kind === "delete" && source) {
            rmSync(path.join(root, source));
            present.delete(source);
            operations.push({ op: "delete", path: source } as PlanOperation);
          } else if (step.kind === "write" && !present.has(target)) {
            put(target);
            operations.push({ op: "write", path: target } as PlanOperation);
          } else if (step.kind === "symlink" && source && !present.has(target)) {
            // A symlink is never listed: the walk does not follow it, and lstat does not count it as a file.
            mkdirSync(path.dirname(path.join(root, target)), { recursive: true });
            symlinkSync(
              path.relative(path.dirname(path.join(root, target)), path.join(root, source)),
              path.join(root, target),
            );
            present.add(target);
            operations.push({ op: "write", path: target } as PlanOperation);
          }
        }
        const after = listFilesAfter({ ...context, plan: { operations } as MigrationPlan }, before);
        expect(after).toEqual(await listFiles(context));
      }),
      { numRuns: 150 },
    );
  });
});
