import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { applyPlan, type ApplyOptions } from "../../../src/pipeline/apply-plan.js";
import type { ApplyEvent } from "../../../src/apply/write-actions.js";
import type { ManifestData } from "../../../src/model/manifest-schema.js";
import { diffSnapshots, snapshotTree } from "../../helpers/tree-snapshot.js";
import { makePlan, type OpSpec } from "../apply/make-plan.js";
import { findNewUnresolved } from "../../../src/verify/compare-unresolved.js";

/** A bundler-resolution project with one import that never resolved (src/broken.ts → ./missing). */
function makeProject(): string {
  const root = mkdtempSync(path.join(os.tmpdir(), "graft-resolution-"));
  const file = (rel: string, text: string) => {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), text);
  };
  file(
    "tsconfig.json",
    JSON.stringify({
      compilerOptions: { module: "esnext", moduleResolution: "bundler", strict: true },
      include: ["src"],
    }),
  );
  file("src/lib/a.ts", "export const a = 1;\n");
  file("src/use.ts", 'import { a } from "./lib/a";\nexport const b = a;\n');
  file("src/broken.ts", 'import { z } from "./missing";\nexport const c = z;\n');
  return root;
}

const manifest = { exclude: [], include: [] } as unknown as ManifestData;

async function applyChecked(
  root: string,
  specs: OpSpec[],
): Promise<{ error?: Error; checks: Extract<ApplyEvent, { type: "check" }>[] }> {
  const checks: Extract<ApplyEvent, { type: "check" }>[] = [];
  const options: ApplyOptions = {
    manifest,
    allowDirty: true,
    onEvent: (event) => void (event.type === "check" && checks.push(event)),
  };
  const error = await applyPlan(makePlan(root, specs), options).then(
    () => undefined,
    (e: unknown) => e as Error,
  );
  return { error, checks };
}

describe("import resolution check of apply", () => {
  it("passes a move whose importers were rewritten; the import that never resolved is not new", async () => {
    const root = makeProject();
    // Spelling the moved file (with a .ts extension the options do not allow), the broken import is one the run can
    // affect: it is checked on both sides, and fails on both.
    writeFileSync(path.join(root, "src/broken.ts"), 'import { a } from "./lib/a.ts";\nexport const c = a;\n');
    const { error, checks } = await applyChecked(root, [
      { op: "mkdir", path: "src/core" },
      { op: "move", from: "src/lib/a.ts", to: "src/core/a.ts" },
      { op: "edit", path: "src/use.ts", edits: [{ start: 21, end: 24, text: "core" }] },
    ]);
    expect(error).toBeUndefined();
    expect(checks.find((c) => c.name === "import resolution")).toMatchObject({
      ok: true,
      details: "1 unresolved before and after",
    });
  });

  it("checks only the files a move can affect: an old broken import elsewhere is not read", async () => {
    const root = makeProject();
    const { error, checks } = await applyChecked(root, [
      { op: "mkdir", path: "src/core" },
      { op: "move", from: "src/lib/a.ts", to: "src/core/a.ts" },
      { op: "edit", path: "src/use.ts", edits: [{ start: 21, end: 24, text: "core" }] },
    ]);
    expect(error).toBeUndefined();
    expect(checks.find((c) => c.name === "import resolution")).toMatchObject({
      ok: true,
      details: "every import the run can affect resolves",
    });
  });

  it("needs no baseline when every import resolves afterwards", async () => {
    const root = makeProject();
    const { error, checks } = await applyChecked(root, [{ op: "delete", path: "src/broken.ts" }]);
    expect(error).toBeUndefined();
    expect(checks.find((c) => c.name === "import resolution")).toMatchObject({
      ok: true,
      details: "every import the run can affect resolves",
    });
  });

  it("rolls back a move that leaves an importer pointing at the old place", async () => {
    const root = makeProject();
    const before = snapshotTree(root);
    const { error } = await applyChecked(root, [
      { op: "mkdir", path: "src/core" },
      { op: "move", from: "src/lib/a.ts", to: "src/core/a.ts" },
    ]);
    expect(error?.message).toMatch(
      /^import resolution failed: 1 import\(s\) no longer resolve: src\/use\.ts:1:20 \.\/lib\/a; rolled back run \S+, the tree is as before$/,
    );
    expect(diffSnapshots(before, snapshotTree(root))).toEqual([]);
  });

  it("reads the tree before the run from the backup: an edit that swaps one broken import for another is caught", async () => {
    const root = makeProject();
    // Were the baseline read from the edited file, ./missing2 would look old.
    const { error } = await applyChecked(root, [
      { op: "edit", path: "src/broken.ts", edits: [{ start: 19, end: 28, text: "./missing2" }] },
    ]);
    expect(error?.message).toMatch(
      /^import resolution failed: 1 import\(s\) no longer resolve: src\/broken\.ts:1:20 \.\/missing2; rolled back/,
    );
  });

  it("a moved file keeps its old unresolved import without it counting as new", async () => {
    const root = makeProject();
    const { error, checks } = await applyChecked(root, [
      { op: "mkdir", path: "src/x" },
      { op: "move", from: "src/broken.ts", to: "src/x/broken.ts", edits: [{ start: 19, end: 28, text: "../missing" }] },
    ]);
    expect(error).toBeUndefined();
    expect(checks.find((c) => c.name === "import resolution")).toMatchObject({
      ok: true,
      details: "1 unresolved before and after",
    });
  });
});

describe("findNewUnresolved", () => {
  const u = (file: string, specifier: string, language: "typescript" | "python" = "typescript") => ({
    file,
    line: 1,
    column: 1,
    specifier,
    language,
  });
  it("matches broken imports by what they point at, through renames and re-levelling", () => {
    const renames = new Map([
      ["src/a.ts", "src/x/a.ts"],
      ["pkg/m.py", "pkg/sub/m.py"],
    ]);
    const before = [u("src/a.ts", "./gone"), u("src/b.ts", "left-pad"), u("pkg/m.py", ".gone", "python")];
    const after = [
      u("src/x/a.ts", "../gone"),
      u("src/b.ts", "left-pad"),
      u("pkg/sub/m.py", "..gone", "python"),
      u("src/x/a.ts", "./gone"),
    ];
    expect(findNewUnresolved(before, after, (p) => renames.get(p) ?? p)).toEqual([u("src/x/a.ts", "./gone")]);
  });
});
