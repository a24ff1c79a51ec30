/**
 * Benchmark of graft's backup + apply and rollback against `cp -a` of the files a migration touches, plus
 * classification of the whole tree. Run: `npx tsx bench/backup.ts [--files 50000] [--size 1024] [--rounds 3]
 * [--json] [--keep]` (--size in MiB). Targets (issue 3): backup ≤ 1.3× cp -a of the touched files; classify 50k
 * files < 2 s warm. File creation on virtual machines varies several-fold within minutes, so cp -a and graft's
 * backup run in alternating rounds and the medians are compared.
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { applyPlan } from "../src/pipeline/apply-plan.js";
import { rollbackRun } from "../src/backup/rollback.js";
import { readPlanStates } from "../src/apply/read-plan-states.js";
import { getLayout } from "../src/backup/layout.js";
import { flushObjects } from "../src/backup/object-store.js";
import { nodeFsPort } from "../src/shared/fs-port.js";
import type { MigrationPlan, PlanOperation } from "../src/model/plan.js";
import { discardScratch } from "./scratch.js";

interface BenchOptions {
  files: number;
  sizeMiB: number;
  json: boolean;
  keep: boolean;
  editEvery: number;
  rounds: number;
}

function parseArgs(argv: string[]): BenchOptions {
  const value = (name: string, fallback: number) => {
    const i = argv.indexOf(name);
    return i >= 0 ? Number(argv[i + 1]) : fallback;
  };
  return {
    files: value("--files", 50_000),
    sizeMiB: value("--size", 1024),
    json: argv.includes("--json"),
    keep: argv.includes("--keep"),
    editEvery: value("--edit-every", 20),
    rounds: value("--rounds", 3),
  };
}

/** Mixed sizes (many small sources, some large data files) scaled so the tree totals about `sizeMiB`. */
function makeSizes(files: number, sizeMiB: number): number[] {
  const shape = (i: number) => (i % 200 === 0 ? 64 : i % 20 === 0 ? 8 : i % 4 === 0 ? 1.5 : 0.2);
  const raw = Array.from({ length: files }, (_, i) => shape(i));
  const total = raw.reduce((a, b) => a + b, 0);
  return raw.map((r) => Math.max(16, Math.round((r / total) * sizeMiB * 1024 * 1024)));
}

/** Writes the synthetic tree and returns the plan moving legacy/ → modern/ with an import edit in every Nth file. */
function makeTree(root: string, options: BenchOptions): MigrationPlan {
  const sizes = makeSizes(options.files, options.sizeMiB);
  const operations: PlanOperation[] = [];
  const reads: Record<string, string> = {};
  const dirs = new Set<string>();
  const block = Buffer.alloc(1024 * 1024);
  for (let i = 0; i < block.length; i++) block[i] = (i * 2654435761) >>> 24;
  for (let i = 0; i < options.files; i++) {
    const dir = `pkg${i % 50}/mod${Math.floor(i / 50) % 20}`;
    const rel = `legacy/${dir}/file${i}.ts`;
    if (!dirs.has(dir)) {
      mkdirSync(path.join(root, "legacy", dir), { recursive: true });
      dirs.add(dir);
    }
    const header = Buffer.from(`import { x } from "../legacy/${dir}/dep";\n// ${i}\n`);
    const size = sizes[i] ?? 16;
    const parts = [header];
    for (let left = size - header.length; left > 0; left -= block.length)
      parts.push(block.subarray(0, Math.min(left, block.length)));
    const data = Buffer.concat(parts);
    writeFileSync(path.join(root, rel), data);
    const sha256 = createHash("sha256").update(data).digest("hex");
    reads[rel] = sha256;
    const edits = i % options.editEvery === 0 ? [{ start: 22, end: 28, text: "modern", kind: "bench" }] : undefined;
    operations.push({
      op: "move",
      from: rel,
      to: rel.replace(/^legacy/, "modern"),
      kind: "file",
      mode: 0o644,
      sha256,
      ...(edits ? { edits } : {}),
    });
  }
  const pkgs = new Set([...dirs].map((d) => d.split("/")[0] as string));
  const mkdirs: PlanOperation[] = [
    "modern",
    ...[...pkgs].map((p) => `modern/${p}`),
    ...[...dirs].map((d) => `modern/${d}`),
  ].map((p) => ({ op: "mkdir", path: p }));
  const rmdirs: PlanOperation[] = [
    ...[...dirs].map((d) => `legacy/${d}`),
    ...[...pkgs].map((p) => `legacy/${p}`),
    "legacy",
  ].map((p) => ({ op: "rmdir", path: p }));
  return {
    format: "graft-plan",
    version: 1,
    graftVersion: "bench",
    manifest: { path: path.join(root, "graft.yaml"), sha256: "0".repeat(64), name: "bench" },
    root,
    moves: [],
    operations: [...mkdirs, ...operations, ...rmdirs],
    reads,
    blockers: [],
    reported: [],
    warnings: [],
    summary: {
      moved: options.files,
      deleted: 0,
      written: 0,
      edited: 0,
      editsByKind: {},
      conflicts: 0,
      unresolvedConflicts: 0,
    },
  };
}

async function time<T>(work: () => Promise<T> | T): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await work();
  return { ms: performance.now() - start, value };
}

/** Classification of the whole tree through the lead's classifyTrees, when it exists. */
async function timeClassify(root: string): Promise<{ coldMs: number; warmMs: number } | string> {
  try {
    const { loadManifest } = await import("../src/manifest/load.js");
    const { classifyTrees } = await import("../src/pipeline/plan-migration.js");
    writeFileSync(
      path.join(root, "graft.yaml"),
      "version: 1\nname: bench\nroot: .\nmoves:\n  - from: legacy\n    to: modern\n",
    );
    const manifest = await loadManifest(path.join(root, "graft.yaml"));
    const cold = await time(() => classifyTrees(manifest));
    const warm = await time(() => classifyTrees(manifest));
    return { coldMs: cold.ms, warmMs: warm.ms };
  } catch (error) {
    return `classify unavailable: ${error instanceof Error ? error.message : String(error)}`;
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/**
 * Alternating rounds of `cp -a` of the touched files and graft's backup stage (the same readPlanStates + pack +
 * flush that apply runs), each into a fresh destination; the order flips every round so drift hits both alike.
 */
async function timeBackupRounds(
  root: string,
  base: string,
  plan: MigrationPlan,
  rounds: number,
): Promise<{ cpMs: number; cpSyncMs: number; backupMs: number }[]> {
  const layout = getLayout(root);
  const copy = path.join(base, "cp-copy");
  const results: { cpMs: number; cpSyncMs: number; backupMs: number }[] = [];
  for (let round = 0; round < rounds; round++) {
    const result = { cpMs: 0, cpSyncMs: 0, backupMs: 0 };
    const runCp = async () => {
      execFileSync("sync");
      result.cpMs = (await time(() => execFileSync("cp", ["-a", path.join(root, "legacy"), copy]))).ms;
      result.cpSyncMs = (await time(() => execFileSync("sync", ["-f", base]))).ms;
      rmSync(copy, { recursive: true, force: true });
    };
    const runBackup = async () => {
      execFileSync("sync");
      mkdirSync(layout.objects, { recursive: true });
      result.backupMs = (
        await time(async () => {
          const states = await readPlanStates(nodeFsPort, layout, plan, path.join(layout.dir, "held"));
          await flushObjects(nodeFsPort, layout, await states.backup.finish());
        })
      ).ms;
      rmSync(layout.dir, { recursive: true, force: true });
    };
    if (round % 2 === 0) await runCp().then(runBackup);
    else await runBackup().then(runCp);
    results.push(result);
  }
  return results;
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const base = mkdtempSync(path.join(os.tmpdir(), "graft-bench-"));
  const root = path.join(base, "tree");
  mkdirSync(root);
  try {
    const made = await time(() => makeTree(root, options));
    const plan = made.value;
    const bytes = Number(
      execFileSync("du", ["-sb", path.join(root, "legacy")])
        .toString()
        .split("\t")[0],
    );
    if (process.env.GRAFT_BENCH_DUMP_PLAN) writeFileSync(process.env.GRAFT_BENCH_DUMP_PLAN, JSON.stringify(plan));
    const classify = await timeClassify(root);
    const rounds = await timeBackupRounds(root, base, plan, options.rounds);
    const phases: Record<string, number> = {};
    let mark = performance.now();
    let phase = "start";
    const apply = await time(() =>
      applyPlan(plan, {
        verify: false,
        allowDirty: true,
        onEvent: (event) => {
          if (event.type !== "phase") return;
          const now = performance.now();
          phases[phase] = now - mark;
          phase = event.phase;
          mark = now;
        },
      }),
    );
    phases[phase] = performance.now() - mark;
    const rollback = await time(() => rollbackRun(root));
    const cpMs = median(rounds.map((r) => r.cpMs));
    const cpWithSyncMs = median(rounds.map((r) => r.cpMs + r.cpSyncMs));
    const backupMs = median(rounds.map((r) => r.backupMs));
    const report = {
      files: options.files,
      bytes,
      treeGenerationMs: Math.round(made.ms),
      rounds: rounds.map((r) => ({
        cpMs: Math.round(r.cpMs),
        cpWithSyncMs: Math.round(r.cpMs + r.cpSyncMs),
        backupMs: Math.round(r.backupMs),
      })),
      cpMs: Math.round(cpMs),
      cpWithSyncMs: Math.round(cpWithSyncMs),
      backupMs: Math.round(backupMs),
      backupVsCp: Number((backupMs / cpMs).toFixed(2)),
      backupVsCpWithSync: Number((backupMs / cpWithSyncMs).toFixed(2)),
      // The most conservative reading: graft's slowest round against cp's fastest.
      worstBackupVsFastestCp: Number(
        (Math.max(...rounds.map((r) => r.backupMs)) / Math.min(...rounds.map((r) => r.cpMs))).toFixed(2),
      ),
      applyBackupPhaseMs: Math.round((phases["backing-up"] ?? 0) + (phases.start ?? 0)),
      writeMs: Math.round(phases.writing ?? 0),
      applyTotalMs: Math.round(apply.ms),
      rollbackMs: Math.round(rollback.ms),
      classify:
        typeof classify === "string"
          ? classify
          : { coldMs: Math.round(classify.coldMs), warmMs: Math.round(classify.warmMs) },
      restored: rollback.value.entry.restored.length,
    };
    if (options.json) process.stdout.write(JSON.stringify(report, null, 2) + "\n");
    else {
      const mib = (bytes / 1024 / 1024).toFixed(0);
      const lines = [
        `graft backup bench: ${options.files} files, ${mib} MiB touched (tree made in ${report.treeGenerationMs} ms)`,
        ...report.rounds.map(
          (r, i) => `  round ${i + 1}: cp -a ${r.cpMs} ms (+ sync ${r.cpWithSyncMs} ms), graft backup ${r.backupMs} ms`,
        ),
        `  cp -a of touched files      ${report.cpMs} ms (+ sync: ${report.cpWithSyncMs} ms)  (median of ${report.rounds.length})`,
        `  graft backup (hash+store)   ${report.backupMs} ms  = ${report.backupVsCp}× cp -a, ${report.backupVsCpWithSync}× cp -a + sync  (target ≤ 1.3×)`,
        `  slowest backup / fastest cp ${report.worstBackupVsFastestCp}×`,
        `  apply's backup phase        ${report.applyBackupPhaseMs} ms (lock, git, hash+store, flush, run record)`,
        `  graft tree writes           ${report.writeMs} ms`,
        `  graft apply total           ${report.applyTotalMs} ms`,
        `  graft rollback              ${report.rollbackMs} ms (${report.restored} paths)`,
        typeof report.classify === "string"
          ? `  ${report.classify}`
          : `  classify (cold / warm)      ${report.classify.coldMs} / ${report.classify.warmMs} ms  (target warm < 2000 ms for 50k)`,
      ];
      process.stdout.write(lines.join("\n") + "\n");
    }
  } finally {
    if (!options.keep) discardScratch(base);
    else process.stderr.write(`kept ${base}\n`);
  }
}

await main();
