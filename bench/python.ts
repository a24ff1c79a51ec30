/**
 * Benchmark: move `backtester_v2/market_regime` → `backtester_v2/strategies/market_regime` in generated trees
 * (scale 1 ≈ 430 files, and ≈ 5,000 files) with graft's Python and text-reference rewriters (plan the edits, apply
 * them, move the folder) and, on its own copy in the same run, LibCST's `rename.RenameCommand` (+ the same folder
 * move). Each tool runs in a child process; reports wall time, peak RSS, the ratio, and whether every module still
 * imports and its doctests and `test_*` functions pass afterwards.
 *
 *   npx tsx bench/python.ts [--scales 1,12.5] [--repeat 3] [--skip-libcst] [--jobs N]
 *
 * Wall time and CPU time (user + system, all processes of the tool) are both reported: on a busy machine the CPU
 * ratio is the steadier figure. graft runs from dist/ when built (`npm run build`), else from the sources.
 */
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import fg from "fast-glob";
import { marketRegimeCheckScript, parseMarketRegimeCheck } from "../fixtures/python/check-market-regime.js";
import {
  generateMarketRegimeTree,
  marketRegimeMove,
  writeMarketRegimeTree,
} from "../fixtures/python/generate-market-regime.js";
import type { Edit } from "../src/model/edit.js";
import type { MoveRewriteContext, MoveRewriter } from "../src/model/move-rewriter.js";
import { isSameOrInside, rebasePath } from "../src/shared/paths.js";
import { discardScratch } from "./scratch.js";

const thisFile = fileURLToPath(import.meta.url);
const repositoryRoot = path.resolve(path.dirname(thisFile), "..");

/** graft's modules as shipped (dist/, after `npm run build`), falling back to the TypeScript sources. */
async function loadGraft(): Promise<{
  applyEdits: (content: Buffer, edits: readonly Edit[]) => Buffer;
  rewriters: MoveRewriter[];
  parseManifest: (data: unknown) => MoveRewriteContext["manifest"];
  from: string;
}> {
  const dist = path.join(repositoryRoot, "dist/src");
  const base = existsSync(path.join(dist, "lang/python/python-move-rewriter.js"))
    ? dist
    : path.join(repositoryRoot, "src");
  const ext = base === dist ? ".js" : ".ts";
  const load = (rel: string) => import(path.join(base, rel + ext));
  const [edit, python, text, schema] = await Promise.all([
    load("codemod/edit"),
    load("lang/python/python-move-rewriter"),
    load("codemod/text-references"),
    load("manifest/schema"),
  ]);
  return {
    applyEdits: edit.applyEdits,
    rewriters: [python.pythonImportRewriter, text.textReferenceRewriter],
    parseManifest: (data) => schema.manifestSchema.parse(data),
    from: path.relative(repositoryRoot, base),
  };
}

interface ChildResult {
  ms: number;
  /** CPU time (user + system) of the tool's processes: robust when the machine is busy. */
  cpuMs: number;
  maxRssMb: number;
  edits?: number;
  from?: string;
}

interface ImportCheck {
  modules: number;
  failures: number;
  firstFailure?: string;
}

/** Runs graft's rewriters on `dir` (reading and writing the disk) and moves the folder; prints a ChildResult. */
async function runGraftWorker(dir: string): Promise<void> {
  const graft = await loadGraft();
  const started = performance.now();
  const cpuStart = process.cpuUsage();
  const moves = [marketRegimeMove];
  const files = fg.sync("**/*", { cwd: dir, dot: true, onlyFiles: true }).sort();
  const manifest = graft.parseManifest({
    version: 1,
    name: "bench",
    moves,
    references: { rewrite: ["**/*.yaml", "**/*.toml", "**/Dockerfile", "**/*.sh"], report: ["docs/**"] },
  });
  const newPathOf = (p: string) =>
    isSameOrInside(p, marketRegimeMove.from) ? rebasePath(p, marketRegimeMove.from, marketRegimeMove.to) : p;
  const reads = new Map<string, Buffer>();
  const context: MoveRewriteContext = {
    root: dir,
    moves,
    files,
    newPathOf,
    readFile: (p) => {
      // Read once: the apply step below edits the same bytes the rewriters read (as graft's planner pins them).
      let bytes = reads.get(p);
      if (!bytes) reads.set(p, (bytes = readFileSync(path.join(dir, p))));
      return bytes;
    },
    exists: (p) => existsSync(path.join(dir, p)),
    manifest,
  };
  const edits: Edit[] = [];
  for (const rewriter of graft.rewriters) {
    const result = rewriter.planEdits(context);
    if (result instanceof Promise) throw new Error("synchronous rewriters expected");
    edits.push(...result.edits);
  }
  const byFile = new Map<string, Edit[]>();
  for (const edit of edits) byFile.set(edit.file, [...(byFile.get(edit.file) ?? []), edit]);
  for (const [file, fileEdits] of byFile)
    writeFileSync(path.join(dir, file), graft.applyEdits(context.readFile(file), fileEdits));
  moveFolder(dir);
  const ms = performance.now() - started;
  const cpu = process.cpuUsage(cpuStart);
  console.log(
    JSON.stringify({
      ms,
      cpuMs: (cpu.user + cpu.system) / 1000,
      maxRssMb: process.resourceUsage().maxRSS / 1024,
      edits: edits.length,
      from: graft.from,
    }),
  );
}

function moveFolder(dir: string): void {
  mkdirSync(path.dirname(path.join(dir, marketRegimeMove.to)), { recursive: true });
  renameSync(path.join(dir, marketRegimeMove.from), path.join(dir, marketRegimeMove.to));
}

function runGraft(dir: string): ChildResult {
  const child = spawnSync(process.execPath, ["--import", "tsx", thisFile, "--worker", dir], {
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  if (child.status !== 0) throw new Error(`graft worker failed: ${child.stderr}`);
  return JSON.parse(child.stdout.trim().split("\n").pop() ?? "{}") as ChildResult;
}

function runLibcst(dir: string, jobs: number): ChildResult {
  const wrapper = `
import json, resource, subprocess, sys, time
start = time.perf_counter()
run = subprocess.run([sys.executable, "-m", "libcst.tool", "codemod", "rename.RenameCommand", "-j", "${jobs}", "--no-format", "--hide-progress",
    "--old_name", "backtester_v2.market_regime", "--new_name", "backtester_v2.strategies.market_regime", "."],
    capture_output=True, text=True)
ms = (time.perf_counter() - start) * 1000
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"ms": ms, "cpuMs": (usage.ru_utime + usage.ru_stime) * 1000, "maxRssMb": usage.ru_maxrss / 1024, "status": run.returncode, "tail": run.stderr[-300:]}))
`;
  const child = spawnSync("python3", ["-c", wrapper], { cwd: dir, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  const result = JSON.parse(child.stdout.trim()) as ChildResult & { status: number; tail: string };
  if (result.status !== 0) throw new Error(`libcst failed: ${result.tail}`);
  const started = performance.now();
  moveFolder(dir);
  return { ms: result.ms + (performance.now() - started), cpuMs: result.cpuMs, maxRssMb: result.maxRssMb };
}

function checkImports(dir: string): ImportCheck {
  const child = spawnSync("python3", ["-c", marketRegimeCheckScript], {
    cwd: dir,
    encoding: "utf8",
    env: { ...process.env, PYTHONDONTWRITEBYTECODE: "1" },
    maxBuffer: 64 * 1024 * 1024,
  });
  const check = parseMarketRegimeCheck(child.stdout);
  if (!check) return { modules: 0, failures: -1, firstFailure: child.stderr.slice(-300) };
  return { modules: check.modules, failures: check.failures.length, firstFailure: check.failures[0] };
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

function describeCheck(check: ImportCheck): string {
  return check.failures === 0
    ? `all ${check.modules} modules import, doctests/tests pass`
    : `${check.failures} failures (${check.modules} modules imported); first: ${check.firstFailure}`;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args[0] === "--worker") return runGraftWorker(args[1]);
  const scales = (args.includes("--scales") ? args[args.indexOf("--scales") + 1] : "1,12.5").split(",").map(Number);
  const skipLibcst = args.includes("--skip-libcst");
  const repeat = args.includes("--repeat") ? Number(args[args.indexOf("--repeat") + 1]) : 3;
  const jobs = args.includes("--jobs") ? Number(args[args.indexOf("--jobs") + 1]) : os.cpus().length;
  const work = mkdtempSync(path.join(os.tmpdir(), "graft-bench-py-"));
  console.log(`python move benchmark (${os.cpus().length} cores; LibCST -j ${jobs}; graft single-threaded)`);
  try {
    for (const scale of scales) {
      const pristine = path.join(work, `pristine-${scale}`);
      const files = Object.keys(generateMarketRegimeTree({ scale })).length;
      writeMarketRegimeTree(pristine, { scale });
      // graft is fast enough to repeat: the fastest of `repeat` runs, each on a fresh copy, is the least noisy figure.
      let graft: ChildResult | undefined;
      let graftCheck: ImportCheck | undefined;
      for (let run = 0; run < repeat; run++) {
        const graftDir = path.join(work, `graft-${scale}-${run}`);
        cpSync(pristine, graftDir, { recursive: true });
        const result = runGraft(graftDir);
        if (!graft || result.ms < graft.ms) graft = result;
        if (run === 0) graftCheck = checkImports(graftDir);
        discardScratch(graftDir);
      }
      if (!graft || !graftCheck) throw new Error("no graft run");
      console.log(`\n${files} files`);
      console.log(
        `  graft : ${seconds(graft.ms)} wall (best of ${repeat}), ${seconds(graft.cpuMs)} CPU, peak RSS ${graft.maxRssMb.toFixed(0)} MB, ${graft.edits} edits (from ${graft.from}); ${describeCheck(graftCheck)}`,
      );
      if (!skipLibcst) {
        const libcstDir = path.join(work, `libcst-${scale}`);
        cpSync(pristine, libcstDir, { recursive: true });
        const libcst = runLibcst(libcstDir, jobs);
        const libcstCheck = checkImports(libcstDir);
        console.log(
          `  LibCST: ${seconds(libcst.ms)} wall, ${seconds(libcst.cpuMs)} CPU, peak RSS ${libcst.maxRssMb.toFixed(0)} MB (largest process); ${describeCheck(libcstCheck)}`,
        );
        console.log(
          `  ratio : graft is ${(libcst.ms / graft.ms).toFixed(1)}× faster (wall), ${(libcst.cpuMs / graft.cpuMs).toFixed(1)}× less CPU; load average ${os.loadavg()[0].toFixed(1)}`,
        );
        discardScratch(libcstDir);
      }
    }
  } finally {
    discardScratch(work);
  }
}

await main();
