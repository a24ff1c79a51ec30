import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { StagedPlan } from "../../src/index.js";
import { copyFixture } from "../helpers/copy-fixture.js";
import { cloneTree, commitTree, git, treeFingerprint } from "../helpers/git-tree.js";
import { runGraft } from "../helpers/run-cli.js";

/** A copy of fixtures/staged/mixed-steps with its tree committed to git; returns the folder and the tree. */
async function prepare(): Promise<{ dir: string; tree: string; manifest: string }> {
  const dir = await copyFixture("staged/mixed-steps");
  const tree = path.join(dir, "tree");
  commitTree(tree);
  return { dir, tree, manifest: path.join(dir, "steps.yaml") };
}

describe("graft plan on a staged manifest (move, extract and codemod steps)", () => {
  it("plans every step on the tree the previous ones leave, writes nothing, and its patches apply with git", async () => {
    const { dir, tree, manifest } = await prepare();
    const before = await treeFingerprint(tree);
    const all = path.join(dir, "all.patch");
    const perStep = path.join(dir, "steps");
    const text = runGraft(["plan", manifest, "--patch", all, "--patch-per-step", perStep]);
    expect(text.stderr).toBe("");
    expect(text.code).toBe(0);
    expect(await treeFingerprint(tree)).toEqual(before);
    expect(git(tree, "status", "--porcelain")).toBe("");
    const out = text.stdout;
    expect(out).toMatch(/^step 1 extract-area \(extract\): square, area → src\/lib\/area\.ts/m);
    expect(out).toMatch(/^step 2 move-util \(move\): src\/util → src\/shared\/util/m);
    expect(out).toMatch(/^step 5 move-area \(move\): src\/lib\/area\.ts → src\/geometry\/area\.ts/m);
    // Step 5 moves the module step 1 creates: planned on the overlay, not the disk.
    expect(out).toContain("    src/lib/area.ts → src/geometry/area.ts");
    expect(out).toContain("  checks after apply (not run by plan): typecheck tsconfig.json, gate area");
    expect(out).toContain("    error src/lib/math.ts: refusing src/lib/math.ts");
    expect(out).toContain("    report src/view.tsx: 1 label(s) renamed to surface");
    expect(out).toContain("    stats: jsx elements 1, type assertions 2");
    expect(out).toContain("Totals: 5 step(s); 1 created, 13 edited, 2 moved, 0 deleted");
    expect(out.trimEnd().endsWith("Ready to apply.")).toBe(true);

    const json = runGraft(["plan", manifest, "--json"]);
    const plan = JSON.parse(json.stdout) as StagedPlan;
    expect(plan.format).toBe("graft-staged-plan");
    expect(plan.steps.map((s) => [s.name, s.kind])).toEqual([
      ["extract-area", "extract"],
      ["move-util", "move"],
      ["rename-area", "codemod"],
      ["labels", "codemod"],
      ["move-area", "move"],
    ]);
    expect(plan.steps[0]!.files.created).toEqual(["src/lib/area.ts"]);
    expect(plan.steps[4]!.files.moved).toEqual([{ from: "src/lib/area.ts", to: "src/geometry/area.ts" }]);
    expect(plan.steps[3]!.codemod).toEqual({
      transform: "relabel",
      parser: "by extension",
      counts: { ok: 1, unchanged: 0, skipped: 4, error: 1 },
      errors: [{ file: "src/lib/math.ts", error: "refusing src/lib/math.ts" }],
      reports: [{ file: "src/view.tsx", message: "1 label(s) renamed to surface" }],
      stats: { "type assertions": 2, "jsx elements": 1 },
    });
    expect(plan.steps[4]!.gate).toEqual(["area"]);
    expect(plan.totals.editsByKind).toEqual({
      extract: 5,
      "ts-import": 6,
      "codemod:rename-export": 4,
      "codemod:relabel": 1,
    });

    // The cumulative patch applies to the committed tree; the per-step patches apply one on top of the other.
    execFileSync("git", ["apply", "--check", all], { cwd: tree });
    const whole = cloneTree(tree);
    execFileSync("git", ["apply", all], { cwd: whole });
    const stepwise = cloneTree(tree);
    const patches = readdirSync(perStep).sort();
    expect(patches).toEqual([
      "01-extract-area.patch",
      "02-move-util.patch",
      "03-rename-area.patch",
      "04-labels.patch",
      "05-move-area.patch",
    ]);
    for (const patch of patches) execFileSync("git", ["apply", path.join(perStep, patch)], { cwd: stepwise });
    expect(await treeFingerprint(whole)).toEqual(await treeFingerprint(stepwise));
    expect(readFileSync(path.join(whole, "src/view.tsx"), "utf8")).toContain(
      'import { surface } from "./geometry/area.js";',
    );
  }, 120_000);

  it("applies a saved plan step by step with its gate, refusing it while a file a step read has changed", async () => {
    const { dir, tree, manifest } = await prepare();
    const saved = path.join(dir, "plan.json");
    const all = path.join(dir, "all.patch");
    expect(runGraft(["plan", manifest, "--out", saved, "--patch", all]).code).toBe(0);
    const expected = cloneTree(tree);
    execFileSync("git", ["apply", all], { cwd: expected });

    // src/view.tsx is read by step 1 and rewritten by later steps: any change refuses the plan before anything is written.
    const view = path.join(tree, "src/view.tsx");
    const original = readFileSync(view, "utf8");
    writeFileSync(view, `${original}// edited after planning\n`);
    // A saved plan applies only in the folder it was made for.
    const elsewhere = runGraft(["apply", saved, "--yes"]);
    expect(elsewhere.code).toBe(2);
    expect(elsewhere.stderr).toContain(`the plan was made for ${tree}`);
    const refused = runGraft(["apply", saved, "--yes", "--allow-dirty"], { cwd: tree });
    expect(refused.code).toBe(3);
    expect(refused.stderr).toMatch(
      /^graft: step 1 \(extract-area\): plan is stale: src\/view\.tsx changed since the plan was made/,
    );
    expect(runGraft(["history", "--root", tree, "--json"]).stdout.trim()).toBe("[]");
    writeFileSync(view, original);

    // Separate invocations in a git work tree without --allow-dirty: each accepts exactly the earlier steps' changes.
    const first = runGraft(["apply", saved, "--until", "move-util", "--yes"], { cwd: tree });
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^step 1 extract-area: applied/m);
    expect(first.stdout).toMatch(/^step 2 move-util: applied/m);
    expect(first.stdout).not.toMatch(/^step 3/m);
    for (const step of ["3", "4"]) {
      const run = runGraft(["apply", saved, "--step", step, "--yes"], { cwd: tree });
      expect(run.code, run.stderr).toBe(0);
    }
    const last = runGraft(["apply", saved, "--step", "5", "--yes", "--json"], { cwd: tree });
    expect(last.code, last.stderr).toBe(0);
    const result = JSON.parse(last.stdout) as { stages: { status: string; checks: { name: string; ok: boolean }[] }[] };
    expect(result.stages[4]!.status).toBe("applied");
    expect(result.stages[4]!.checks.map((c) => [c.name, c.ok])).toEqual([
      ["typecheck tsconfig.json", true],
      ["gate area", true],
    ]);
    expect(await treeFingerprint(tree)).toEqual(await treeFingerprint(expected));
    // Applied again, step 1 no longer matches what it read.
    const again = runGraft(["apply", saved, "--step", "1", "--yes"], { cwd: tree });
    expect(again.code).toBe(3);
    expect(again.stderr).toContain("step 1 (extract-area): plan is stale");
  }, 600_000);
});

describe("a codemod step's per-file results", () => {
  const manifestFor = (failOnError: boolean) => `version: 1
name: labels
root: tree
exclude: ["tools/**"]
steps:
  - name: labels
    codemod:
      transform: tools/relabel.cjs
      files: ["src/**/*.{ts,tsx}"]
      options: { from: area, to: surface, refuse: [src/lib/math.ts, src/util/format.ts] }
      failOnError: ${failOnError}
`;

  it("lists every failing file in plan and apply, text and JSON, and fails the step unless failOnError is false", async () => {
    const { dir, tree } = await prepare();
    const strict = path.join(dir, "strict.yaml");
    writeFileSync(strict, manifestFor(true));
    const plan = runGraft(["plan", strict]);
    expect(plan.stdout).toContain("    error src/lib/math.ts: refusing src/lib/math.ts");
    expect(plan.stdout).toContain("    error src/util/format.ts: refusing src/util/format.ts");
    expect(plan.stdout).toContain("Cannot be applied until 1 problem(s) are resolved:");
    const checked = runGraft(["plan", strict, "--check", "--json"]);
    expect(checked.code).toBe(3);
    const planned = JSON.parse(checked.stdout) as StagedPlan;
    expect(planned.steps[0]!.codemod!.errors.map((e) => e.file)).toEqual(["src/lib/math.ts", "src/util/format.ts"]);
    expect(planned.steps[0]!.failure).toBe(
      "steps[0].codemod: relabel failed on 2 file(s): src/lib/math.ts: refusing src/lib/math.ts; src/util/format.ts: refusing src/util/format.ts",
    );

    const before = await treeFingerprint(tree);
    const failed = runGraft(["apply", strict, "--yes", "--json"]);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain("src/lib/math.ts: refusing src/lib/math.ts; src/util/format.ts: refusing");
    const outcome = JSON.parse(failed.stdout) as { stages: { status: string; planned: StagedPlan["steps"][0] }[] };
    expect(outcome.stages[0]!.status).toBe("failed");
    expect(outcome.stages[0]!.planned.codemod!.counts).toEqual({ ok: 1, unchanged: 0, skipped: 2, error: 2 });
    expect(outcome.stages[0]!.planned.codemod!.reports).toEqual([
      { file: "src/view.tsx", message: "1 label(s) renamed to surface" },
    ]);
    expect(await treeFingerprint(tree)).toEqual(before);

    const lenient = path.join(dir, "lenient.yaml");
    writeFileSync(lenient, manifestFor(false));
    const applied = runGraft(["apply", lenient, "--yes"]);
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stdout).toMatch(/^step 1 labels: applied/m);
    expect(applied.stdout).toContain("  relabel (parser by extension): 1 ok, 0 unchanged, 2 skipped, 2 error(s)");
    expect(applied.stdout).toContain("    report src/view.tsx: 1 label(s) renamed to surface");
    expect(applied.stdout).toContain("    stats: jsx elements 1, type assertions 2");
    expect(readFileSync(path.join(tree, "src/view.tsx"), "utf8")).toContain('title="surface"');
  }, 300_000);
});
