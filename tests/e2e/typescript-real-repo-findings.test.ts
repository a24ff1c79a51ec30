import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { applyPlan, loadManifest, planMigration } from "../../src/index.js";
import type { MigrationPlan } from "../../src/model/plan.js";
import { isSameOrInside, rebasePath } from "../../src/shared/paths.js";
import { readTree } from "../unit/lang/python/move-tree.js";

const fixtures = path.resolve(import.meta.dirname, "../../fixtures");

/**
 * Issue 16 (TypeScript/JavaScript): each fixture reproduces a miss seen on a real repository. The plan must hold no
 * blocker, apply must pass its import check, the files under `expected/` must read as written there and every other
 * file must keep its bytes (at its new path).
 */
describe("TypeScript findings from real repositories", () => {
  let dir: string;
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  async function planAndApply(fixture: string): Promise<{ plan: MigrationPlan; root: string }> {
    const source = path.join(fixtures, fixture);
    dir = mkdtempSync(path.join(tmpdir(), "graft-ts-finding-"));
    cpSync(source, dir, {
      recursive: true,
      filter: (p) => !p.startsWith(path.join(source, "expected")) && !p.endsWith("README.md"),
    });
    const before = readTree(dir);
    const manifest = await loadManifest(path.join(dir, "graft.yaml"));
    const plan = await planMigration(manifest);
    expect(plan.blockers).toEqual([]);
    await applyPlan(plan, { allowDirty: true, handleSignals: false, manifest: manifest.data });
    const after = readTree(dir);
    const expected = readTree(path.join(source, "expected"));
    for (const [file, content] of Object.entries(expected)) expect(after[file], file).toBe(content);
    const moves = manifest.data.moves;
    for (const [file, content] of Object.entries(before)) {
      const move = moves.find((m) => isSameOrInside(file, m.from));
      const moved = move ? rebasePath(file, move.from, move.to) : file;
      if (!(moved in expected)) expect(after[moved], `${moved} unchanged`).toBe(content);
    }
    return { plan, root: dir };
  }

  const reportedLines = (plan: MigrationPlan) => plan.reported.map((r) => `${r.path}:${r.line}`);

  it("workspace package: its package.json entry fields follow its moved source; sibling imports stay bare (item 3)", async () => {
    const { plan } = await planAndApply("ts-imports/workspace-package-source-move");
    expect(plan.summary.editsByKind["ts-import"] ?? 0).toBe(0);
    expect(plan.summary.editsByKind["ts-config"]).toBe(8);
  });

  it("extensionless ESM imports under a tsconfig that includes none of them: rewritten, options named (item 1)", async () => {
    const { plan } = await planAndApply("real-repo-findings/js-dts-only-tsconfig");
    expect(plan.warnings.join("\n")).toMatch(/file\(s\) no tsconfig or jsconfig includes were resolved with .*options/);
  });

  it("paths alias and example apps: aliases and bare imports stay, paths and vitest aliases re-pointed, dist/src listed (items 2, 4, 6)", async () => {
    const { plan } = await planAndApply("real-repo-findings/paths-alias-and-example-apps");
    expect(plan.summary.editsByKind["ts-import"] ?? 0).toBe(0);
    expect(reportedLines(plan)).toEqual(["package.json:7"]);
  });

  it("alias definitions in tsconfig paths, jest moduleNameMapper and webpack resolve.alias follow the move (item 4)", async () => {
    const { plan } = await planAndApply("ts-imports/alias-configs");
    expect(plan.summary.editsByKind["ts-import"] ?? 0).toBe(0);
    // The rewritten `paths` lines (tsconfig.json is a default listed file) are not listed again.
    expect(reportedLines(plan)).toEqual([]);
  });

  it("package-relative configs: include, jsr.json, bundler and test configs, scripts and another package's paths (item 6)", async () => {
    await planAndApply("real-repo-findings/package-relative-configs");
  });

  it("'./../x.js' keeps its ./ (item 5)", async () => {
    await planAndApply("real-repo-findings/specifier-prefix-style");
  });

  it("require('../..') and require('../../lib') keep their folder style (item 5)", async () => {
    await planAndApply("ts-imports/require-directory-style");
  });
});
