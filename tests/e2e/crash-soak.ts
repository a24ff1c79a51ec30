/**
 * Longer crash soak than the test suite runs: `npx tsx tests/e2e/crash-soak.ts [--trials 200] [--files 1200] [--seed N]`.
 * Each trial SIGKILLs `graft apply` at a seeded moment, runs `graft rollback` (the CLI), and checks the tree is
 * byte-identical to the original. Needs `npm run build` first. Exits 1 on the first difference.
 */
import "../helpers/isolate-state.js";
import { existsSync, rmSync } from "node:fs";
import path from "node:path";
import { diffSnapshots, snapshotTree } from "../helpers/tree-snapshot.js";
import { createRandom, makeCrashFixture } from "./crash-fixture.js";
import { prepareTrial, runApplyChild, runRollbackCli } from "./crash-trial.js";

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const trials = arg("--trials", 200);
const files = arg("--files", 1200);
const seed = arg("--seed", Date.now() % 1_000_000);

const template = makeCrashFixture(files, seed);
const original = snapshotTree(template.root);
const calibration = prepareTrial(template.root, template.plan);
const workMs = (await runApplyChild(calibration.root, calibration.planPath)).workMs;
process.stdout.write(`seed ${seed}, ${files} files, apply works ${Math.round(workMs)} ms once it holds the lock\n`);
const random = createRandom(seed);
const tally: Record<string, number> = {};
for (let trial = 0; trial < trials; trial++) {
  const killAfter = Math.floor(random() * workMs * 1.1);
  const { root, planPath } = prepareTrial(template.root, template.plan);
  const child = await runApplyChild(root, planPath, killAfter);
  const rollback = runRollbackCli(root);
  const differences = diffSnapshots(original, snapshotTree(root));
  const outcome = `${child.signal ?? `exit ${child.code}`} → rollback exit ${rollback.code}`;
  tally[outcome] = (tally[outcome] ?? 0) + 1;
  if (differences.length || existsSync(path.join(root, ".graft/lock")) || ![0, 2].includes(rollback.code)) {
    process.stdout.write(
      `trial ${trial} (kill after ${killAfter} ms) FAILED in ${root}:\n${rollback.stderr}${differences.slice(0, 20).join("\n")}\n`,
    );
    process.exit(1);
  }
  process.stdout.write(`trial ${trial}: kill after ${killAfter} ms, ${outcome}, identical\n`);
  rmSync(path.dirname(root), { recursive: true, force: true });
}
process.stdout.write(`${trials} trials, all byte-identical: ${JSON.stringify(tally)}\n`);
