import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { fingerprintFolder } from "../../src/shared/fingerprint-folder.js";
import { copyFixture } from "../helpers/copy-fixture.js";
import { runGraft } from "../helpers/run-cli.js";

const staged = `version: 1
name: staged-consolidation
root: tree
conflicts:
  default: keep-source
  rules: [{ match: "**/__init__.py", strategy: merge-exports }]
steps:
  - name: core
    move: { from: backtester_v2/core, to: backtester_v2/engine/core }
  - name: regime
    move: { from: backtester_v2/market_regime, to: backtester_v2/strategies/market_regime }
`;

describe("graft apply on a staged manifest", () => {
  it("runs --until and --step parts, lists each step's run, and rollback --step undoes them newest first", async () => {
    const dir = await copyFixture("consolidation");
    const tree = path.join(dir, "tree");
    const manifest = path.join(dir, "staged.yaml");
    writeFileSync(manifest, staged);
    const before = await fingerprintFolder(tree);

    const first = runGraft(["apply", manifest, "--until", "core", "--yes"]);
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(
      /^step 1 core: applied \(run \S+\) — backtester_v2\/core → backtester_v2\/engine\/core/m,
    );
    expect(first.stdout).not.toContain("step 2");

    const second = runGraft(["apply", manifest, "--step", "2", "--yes"]);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/^step 2 regime: applied/m);

    const history = runGraft(["history", "--root", tree, "--json"]);
    const runs = JSON.parse(history.stdout) as { command: string[]; status: string }[];
    expect(runs.map((r) => [r.status, r.command.slice(-3).join(" ")])).toEqual([
      ["applied", "--step 2 # regime"],
      ["applied", "--step 1 # core"],
    ]);

    expect(runGraft(["history", "--root", tree]).stdout).toMatch(/applied\s+staged-consolidation {2}step 2 regime/);
    expect(runGraft(["apply", manifest, "--step", "9", "--yes"]).stderr).toBe(
      "graft: --step: must be between 1 and 2, got 9\n",
    );
    expect(runGraft(["apply", manifest, "--until", "nope", "--yes"]).code).toBe(2);

    const undo = runGraft(["rollback", "--step", "2", "--root", tree, "--yes"]);
    expect(undo.code).toBe(0);
    expect(undo.stdout.trim().split("\n")).toHaveLength(2);
    const after = await fingerprintFolder(tree);
    const differing = Object.keys({ ...before, ...after }).filter(
      (p) => !p.startsWith(".graft") && before[p] !== after[p],
    );
    expect(differing).toEqual([]);
  }, 180_000);
});
