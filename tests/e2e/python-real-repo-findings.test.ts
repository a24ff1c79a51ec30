import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { applyPlan, loadManifest, planMigration } from "../../src/index.js";
import { InvalidInputError } from "../../src/shared/errors.js";
import { readTree } from "../unit/lang/python/move-tree.js";

const findings = path.resolve(import.meta.dirname, "../../fixtures/real-repo-findings");

/** Runs Python in `cwd` without writing bytecode (so the trees compare byte for byte). */
function python(cwd: string, args: string[]): { status: number | null; output: string } {
  const run = spawnSync("python3", args, {
    cwd,
    encoding: "utf8",
    env: { ...process.env, PYTHONDONTWRITEBYTECODE: "1" },
  });
  return { status: run.status, output: run.stdout + run.stderr };
}

describe("findings from real repositories (fixtures/real-repo-findings)", () => {
  let dir: string;
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** Copies a finding without its expected/ folder; returns the copy. */
  function copyFinding(name: string): string {
    dir = mkdtempSync(path.join(tmpdir(), `graft-${name}-`));
    const source = path.join(findings, name);
    cpSync(source, dir, {
      recursive: true,
      filter: (p) => !p.startsWith(path.join(source, "expected")) && !p.endsWith("README.md"),
    });
    return dir;
  }

  it("python-module-names-in-strings: resource anchors, pytest_plugins, constants and Sphinx extensions are rewritten; the suite still passes", async () => {
    const root = copyFinding("python-module-names-in-strings");
    const pytest = ["-m", "pytest", "-q", "-p", "no:cacheprovider"];
    expect(python(root, pytest).status).toBe(0);
    const before = readTree(root);
    const plan = await planMigration(await loadManifest(path.join(root, "graft.yaml")));
    expect(plan.blockers).toEqual([]);
    expect(plan.reported).toEqual([]);
    await applyPlan(plan, { allowDirty: true, verify: false, handleSignals: false });
    const after = readTree(root);
    for (const file of Object.keys(after)) if (file.startsWith(".graft/")) delete after[file];
    const expected = readTree(path.join(findings, "python-module-names-in-strings/expected"));
    for (const [file, content] of Object.entries(expected)) expect(after[file], file).toBe(content);
    const move = { from: "pkg/algorithms/flow/", to: "pkg/algorithms/connectivity/flow/" };
    for (const [file, content] of Object.entries(before)) {
      const moved = file.startsWith(move.from) ? move.to + file.slice(move.from.length) : file;
      if (!(moved in expected)) expect(after[moved], moved).toBe(content);
    }
    const suite = python(root, pytest);
    expect(suite.output).toContain("2 passed");
    expect(suite.status).toBe(0);
    expect(python(root, ["-c", "from pkg.registry import load_flow; print(load_flow().__name__)"]).output).toBe(
      "pkg.algorithms.connectivity.flow.maxflow\n",
    );
  }, 60_000);

  it("python-destination-shadowed-by-module: the plan refuses a destination a same-named module would shadow", async () => {
    const root = copyFinding("python-destination-shadowed-by-module");
    const manifest = await loadManifest(path.join(root, "graft.yaml"));
    const refusal = planMigration(manifest);
    await expect(refusal).rejects.toBeInstanceOf(InvalidInputError);
    await expect(refusal).rejects.toThrow(
      `${path.join(root, "graft.yaml")}: moves[0].to: pkg/matching/ would be shadowed by the module pkg/matching.py`,
    );
  });
});
