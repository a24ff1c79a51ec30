import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { mergeExports } from "../../src/plan/merge-exports.js";
import { findConflictMarkers, mergeWithMarkers } from "../../src/plan/merge-markers.js";
import { applyPlan, loadManifest, planMigration } from "../../src/index.js";
import { readTree } from "../unit/lang/python/move-tree.js";

const fixture = path.resolve(import.meta.dirname, "../../fixtures/python/conflicts/strategies");
const mergers = { "merge-exports": mergeExports, markers: mergeWithMarkers };

describe("conflict strategies through plan and apply (fixture pair)", () => {
  let dir: string;
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function copyFixture(): string {
    dir = mkdtempSync(path.join(tmpdir(), "graft-py-conflicts-"));
    cpSync(fixture, dir, { recursive: true });
    return path.join(dir, "graft.yaml");
  }

  it("keep-source, keep-target, merge-exports and markers produce the expected tree, which imports", async () => {
    const manifestPath = copyFixture();
    const plan = await planMigration(await loadManifest(manifestPath), { mergers });
    expect(plan.blockers).toEqual([]);
    expect(plan.moves[0].conflicts.map((c) => `${c.path}:${c.strategy}`).sort()).toEqual([
      "__init__.py:merge-exports",
      "defaults.cfg:markers",
      "parser.py:keep-target",
      "strategy.py:keep-source",
    ]);
    expect(plan.markers).toEqual(["pkg/core/legacy/defaults.cfg"]);
    await expect(applyPlan(plan, { allowDirty: true, verify: false, handleSignals: false })).rejects.toThrow(
      /accept-markers/,
    );
    await applyPlan(plan, { allowDirty: true, verify: false, handleSignals: false, acceptMarkers: true });
    const after = readTree(path.join(dir, "input"));
    const graftState = Object.keys(after).filter((f) => f.startsWith(".graft"));
    for (const f of graftState) delete after[f];
    expect(after).toEqual(readTree(path.join(fixture, "expected")));
    expect(findConflictMarkers(after["pkg/core/legacy/defaults.cfg"]).length).toBe(3);
    const run = spawnSync("python3", ["app.py"], {
      cwd: path.join(dir, "input"),
      encoding: "utf8",
      env: { ...process.env, PYTHONDONTWRITEBYTECODE: "1" },
    });
    expect(run.stderr).toBe("");
    expect(run.stdout).toBe("h target h\n");
  });

  it("manual (the default) blocks the plan with the file named", async () => {
    const manifestPath = copyFixture();
    writeFileSync(path.join(dir, "input/pkg/legacy/notes.py"), "A = 1\n");
    writeFileSync(path.join(dir, "input/pkg/core/legacy/notes.py"), "A = 2\n");
    const plan = await planMigration(await loadManifest(manifestPath), { mergers });
    expect(plan.blockers).toHaveLength(1);
    expect(plan.blockers[0]).toContain("pkg/core/legacy/notes.py");
  });

  it("merge-exports that cannot merge falls back to a blocker with the reason", async () => {
    const manifestPath = copyFixture();
    writeFileSync(path.join(dir, "input/pkg/legacy/__init__.py"), "from .strategy import Strategy\nVERSION = 1\n");
    const plan = await planMigration(await loadManifest(manifestPath), { mergers });
    expect(plan.blockers.join("\n")).toContain("only imports, __all__ and dunder assignments merge");
  });
});
