import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { marketRegimeCheckScript, parseMarketRegimeCheck } from "../../fixtures/python/check-market-regime.js";
import { generateMarketRegimeTree, marketRegimeMove } from "../../fixtures/python/generate-market-regime.js";
import { textReferenceRewriter } from "../../src/codemod/text-references.js";
import { verifyPythonImports } from "../../src/lang/python/python-import-verifier.js";
import { pythonImportRewriter } from "../../src/lang/python/python-move-rewriter.js";
import { contextOf, rewriteTree, writeTree } from "../unit/lang/python/move-tree.js";

const manifest = {
  references: { rewrite: ["**/*.yaml", "**/*.toml", "**/Dockerfile", "**/*.sh"], report: ["docs/**"] },
};

describe("moving the generated market_regime package", () => {
  let dir: string;
  const tree = generateMarketRegimeTree();

  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), "graft-py-e2e-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("is the size of the motivating case", () => {
    const python = Object.keys(tree).filter((f) => f.endsWith(".py"));
    expect(python.length).toBeGreaterThanOrEqual(400);
    const context = contextOf(tree, []);
    const checked = verifyPythonImports({ ...context, files: context.files }).checked;
    expect(checked).toBeGreaterThanOrEqual(500);
  });

  it("rewrites every reference so the moved package compiles, imports, and passes its doctests and tests", async () => {
    const moves = [marketRegimeMove];
    const { tree: moved, results } = await rewriteTree(
      [pythonImportRewriter, textReferenceRewriter],
      tree,
      moves,
      manifest,
    );
    const [python, text] = results;
    expect(python.edits.length).toBeGreaterThan(1000);
    expect(python.warnings).toEqual([]);
    expect(python.reported).toEqual([]);
    expect([...new Set(text.edits.map((e) => e.file))].sort()).toEqual([
      "Dockerfile",
      "backtester_v2/market_regime/config/regime.yaml",
      "config/settings.yaml",
      "pyproject.toml",
      "scripts/run_regime.sh",
    ]);
    expect(text.edits).toHaveLength(9);
    expect(text.reported.map((r) => r.path)).toContain("docs/market_regime.md");
    expect(moved["pyproject.toml"]).toContain('testpaths = ["tests", "backtester_v2/strategies/market_regime/tests"]');

    // Verification on the new tree: nothing unresolved; the same tree moved without edits is broken.
    const after = contextOf(moved, []);
    expect(verifyPythonImports(after).unresolved).toEqual([]);
    const unedited = contextOf(
      Object.fromEntries(
        Object.entries(tree).map(([f, c]) => [f.replace(marketRegimeMove.from + "/", marketRegimeMove.to + "/"), c]),
      ),
      [],
    );
    expect(verifyPythonImports(unedited).unresolved.length).toBeGreaterThan(500);

    const root = path.join(dir, "tree");
    writeTree(root, moved);
    execFileSync("python3", ["-m", "compileall", "-q", "."], { cwd: root, stdio: "pipe" });
    const runner = spawnSync("python3", ["-c", marketRegimeCheckScript], {
      cwd: root,
      encoding: "utf8",
      timeout: 120_000,
    });
    expect(runner.stderr).toBe("");
    const check = parseMarketRegimeCheck(runner.stdout);
    expect(check?.failures, runner.stdout.slice(-2000)).toEqual([]);
    expect(String(check?.modules)).toMatch(/^4\d\d$/);
    expect(runner.status).toBe(0);
  }, 240_000);

  it("passes the tree's own pytest suite and doctests after the move", () => {
    // pytest is a prerequisite of the test suite (README; .ci/run installs it from the local wheel index when missing).
    const probe = spawnSync("python3", ["-c", "import pytest"], { encoding: "utf8" });
    expect(probe.status, `pytest is needed: python3 -m pip install pytest\n${probe.stderr}`).toBe(0);
    const root = path.join(dir, "tree");
    const pytest = spawnSync(
      "python3",
      ["-m", "pytest", "-q", "-p", "no:cacheprovider", "--doctest-modules", "backtester_v2", "tests"],
      {
        cwd: root,
        encoding: "utf8",
        env: { ...process.env, PYTHONDONTWRITEBYTECODE: "1" },
        timeout: 120_000,
      },
    );
    expect(pytest.stdout).toMatch(/\d+ passed/);
    expect(pytest.status, pytest.stdout.slice(-2000)).toBe(0);
  }, 180_000);
});
