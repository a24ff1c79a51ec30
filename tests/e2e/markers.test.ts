import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { copyFixture } from "../helpers/copy-fixture.js";
import { commitTree, git, treeFingerprint } from "../helpers/git-tree.js";
import { runGraft } from "../helpers/run-cli.js";

const regime = "tree/backtester_v2/strategies/market_regime";
const markedFiles = [`${regime}/excel_config_parser.py`, `${regime}/strategy.py`];

/** Resolves every diff3 hunk of a file by keeping one side (`source` or `target`), or writes `replacement` over it. */
function resolveMarkers(file: string, keep: "source" | "target"): void {
  const out: string[] = [];
  let side: "target" | "source" | undefined;
  for (const line of readFileSync(file, "utf8").split("\n")) {
    if (line.startsWith("<<<<<<< ")) side = "target";
    else if (line === "=======" && side === "target") side = "source";
    else if (line.startsWith(">>>>>>> ") && side === "source") side = undefined;
    else if (side === undefined || side === keep) out.push(line);
  }
  writeFileSync(file, out.join("\n"));
}

/** The consolidation fixture with the `markers` strategy and a verify command (compileall fails on markers). */
async function prepare(): Promise<{ dir: string; manifest: string }> {
  const dir = await copyFixture("consolidation");
  const manifest = path.join(dir, "markers.yaml");
  writeFileSync(
    manifest,
    `${readFileSync(path.join(dir, "graft-resolved.yaml"), "utf8").replace("default: keep-source", "default: markers")}verify:\n  commands: ["python3 -m compileall -q ."]\n`,
  );
  return { dir, manifest };
}

describe("conflict strategy markers", () => {
  it("plan --check names --accept-markers; apply leaves the run for review; graft verify finishes it once resolved", async () => {
    const { dir, manifest } = await prepare();
    const plan = runGraft(["plan", manifest, "--json"]);
    expect(JSON.parse(plan.stdout).markers).toEqual([
      "backtester_v2/strategies/market_regime/excel_config_parser.py",
      "backtester_v2/strategies/market_regime/strategy.py",
    ]);
    const checked = runGraft(["plan", manifest, "--check"]);
    expect(checked.code).toBe(3);
    expect(checked.stdout).not.toContain("Ready to apply");
    expect(checked.stdout).toContain("Writes conflict markers into 2 file(s): apply needs --accept-markers");
    expect(checked.stderr).toMatch(/^graft: plan writes conflict markers into 2 file\(s\) .*--accept-markers/);

    const refused = runGraft(["apply", manifest, "--yes", "--allow-dirty"]);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toContain("writes conflict markers into 2 file(s)");
    expect(refused.stderr).toContain("--accept-markers");

    // No --no-verify: the checks that would fail on the markers wait for the review.
    const applied = runGraft(["apply", manifest, "--yes", "--accept-markers"]);
    expect(applied.stderr).toBe("");
    expect(applied.code).toBe(0);
    const runId = /^applied run (\S+) for review/m.exec(applied.stdout)?.[1];
    expect(runId).toBeDefined();
    expect(applied.stdout).toContain(`  ! conflict markers in backtester_v2/strategies/market_regime/strategy.py`);
    const strategy = readFileSync(path.join(dir, markedFiles[1]!), "utf8");
    expect(strategy).toMatch(/^<<<<<<< target$/m);
    expect(strategy).toMatch(/^>>>>>>> source$/m);
    const history = () => JSON.parse(runGraft(["history", "--root", path.join(dir, "tree"), "--json"]).stdout);
    expect(history()[0]).toMatchObject({ id: runId, status: "needs-review" });
    expect(history()[0].review).toMatchObject({
      markers: expect.any(Array),
      checks: ["import resolution", "verify commands"],
    });

    // A new run may not stack on the unreviewed one.
    const other = path.join(dir, "other.yaml");
    writeFileSync(
      other,
      "version: 1\nname: other\nroot: tree\nmoves:\n  - { from: backtester_v2/core, to: engine/core }\n",
    );
    const stacked = runGraft(["apply", other, "--yes"]);
    expect(stacked.code).toBe(3);
    expect(stacked.stderr).toContain(`run ${runId} needs review`);
    // Only the manifest the run was made from reviews it.
    expect(runGraft(["verify", other]).stdout).toContain(`run ${runId} waits for review; it was made from ${manifest}`);

    const early = runGraft(["verify", manifest]);
    expect(early.code).toBe(1);
    expect(early.stdout).toMatch(
      /conflict marker backtester_v2\/strategies\/market_regime\/strategy\.py:\d+ <<<<<<< target/,
    );
    expect(early.stdout).toContain(`run ${runId} still needs review`);
    expect(history()[0].status).toBe("needs-review");

    for (const file of markedFiles) resolveMarkers(path.join(dir, file), "source");
    const done = runGraft(["verify", manifest]);
    expect(done.stderr).toBe("");
    expect(done.code).toBe(0);
    expect(done.stdout).toContain(`run ${runId}: conflict markers resolved and 2 check(s) passed; marked applied`);
    expect(history()[0]).toMatchObject({ id: runId, status: "applied" });
    expect(Object.keys(history()[0].review.resolved).sort()).toEqual([
      "backtester_v2/strategies/market_regime/excel_config_parser.py",
      "backtester_v2/strategies/market_regime/strategy.py",
    ]);
  }, 180_000);

  it("apply --continue --rollback-on-failure rolls the run back when the resolution breaks a check", async () => {
    const { dir, manifest } = await prepare();
    const tree = path.join(dir, "tree");
    const before = await treeFingerprint(tree);
    expect(runGraft(["apply", manifest, "--yes", "--accept-markers"]).code).toBe(0);
    for (const file of markedFiles) resolveMarkers(path.join(dir, file), "source");
    writeFileSync(path.join(dir, markedFiles[1]!), "def broken(:\n");
    const failed = runGraft(["apply", manifest, "--continue", "--rollback-on-failure"]);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toMatch(/✗ import resolution: 2 import\(s\) no longer resolve/);
    expect(failed.stderr).toMatch(/import resolution failed: .*; rolled back as asked/);
    const after = await treeFingerprint(tree);
    const differing = Object.keys({ ...before, ...after }).filter(
      (p) => !p.includes("__pycache__") && before[p] !== after[p],
    );
    expect(differing).toEqual([]);
  }, 180_000);

  it("a staged step with markers waits for review; apply --continue checks it and runs the steps after it", async () => {
    const { dir } = await prepare();
    const tree = path.join(dir, "tree");
    writeFileSync(path.join(tree, ".gitignore"), "__pycache__/\n");
    commitTree(tree);
    const manifest = path.join(dir, "staged.yaml");
    writeFileSync(
      manifest,
      `version: 1
name: staged-markers
root: tree
conflicts:
  default: markers
  rules: [{ match: "**/__init__.py", strategy: merge-exports }]
python: { roots: ["."] }
verify:
  commands: ["python3 -m compileall -q ."]
steps:
  - name: regime
    move: { from: backtester_v2/market_regime, to: backtester_v2/strategies/market_regime }
  - name: core
    move: { from: backtester_v2/core, to: backtester_v2/engine/core }
`,
    );
    const checked = runGraft(["plan", manifest, "--check"]);
    expect(checked.code).toBe(3);
    expect(checked.stdout).toContain("step 1: backtester_v2/strategies/market_regime/strategy.py");
    expect(checked.stderr).toContain("--accept-markers");

    const first = runGraft(["apply", manifest, "--yes", "--accept-markers"]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/^step 1 regime: needs review \(run \S+\)/m);
    expect(first.stdout).not.toMatch(/^step 2/m);

    const early = runGraft(["apply", manifest, "--continue"]);
    expect(early.code).toBe(1);
    expect(early.stderr).toMatch(/still needs review: conflict markers remain in/);

    for (const file of markedFiles) resolveMarkers(path.join(dir, file), "target");
    // In git without --allow-dirty: the resolved files are the migration's own changes now.
    const rest = runGraft(["apply", manifest, "--continue", "--yes"]);
    expect(rest.stderr).toBe("");
    expect(rest.code).toBe(0);
    expect(rest.stdout).toContain("✓ import resolution");
    expect(rest.stdout).toContain("✓ verify commands: 1 command(s) passed");
    expect(rest.stdout).toMatch(/marked applied\n/);
    expect(rest.stdout).toMatch(/^step 2 core: applied/m);
    const runs = JSON.parse(runGraft(["history", "--root", tree, "--json"]).stdout) as { status: string }[];
    expect(runs.map((r) => r.status)).toEqual(["applied", "applied"]);
    expect(git(tree, "status", "--porcelain")).toContain("backtester_v2/engine/");
  }, 300_000);
});
