/**
 * Benchmark of the TypeScript extract codemod on the reference migration: the seven steps of
 * manifests/hmm-pipeline-modules.yaml planned one after the other on an in-memory copy of
 * fixtures/hmm-pipeline (each step on the tree the previous one left), as `graft demo --only hmm` plans them.
 *
 * Each sample is a fresh `node` process running the built extractor (dist/, so `npm run build` first), so
 * the first step pays for loading the compiler. Reports per step the planning time, and for the process
 * the time to load the extractor, the heap still reachable and the RSS after the last step, and peak RSS. Not a test: numbers
 * depend on the machine and its load. Usage: npx tsx bench/extract.ts [--quick] [--samples N]
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const samplesAt = args.indexOf("--samples");
const samples = samplesAt >= 0 ? Number(args[samplesAt + 1]) : args.includes("--quick") ? 1 : 5;

interface Sample {
  loadMs: number;
  loadCpuMs: number;
  stepMs: number[];
  stepCpuMs: number[];
  heapMb: number;
  rssMb: number;
  peakRssMb: number;
}

/** The child: loads the built extractor, plans every step, prints one JSON sample. */
const child = `
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
const [root, stepsJson, excludeJson] = process.argv.slice(1);
const steps = JSON.parse(stepsJson);
const exclude = JSON.parse(excludeJson).map((p) => new RegExp(p));
const dist = (p) => pathToFileURL(path.join(root, "dist/src", p)).href;
const fixture = path.join(root, "fixtures/hmm-pipeline");
const tree = new Map();
const walk = (rel) => {
  for (const entry of readdirSync(path.join(fixture, rel), { withFileTypes: true })) {
    const child = rel ? rel + "/" + entry.name : entry.name;
    if (exclude.some((re) => re.test(child))) continue;
    if (entry.isDirectory()) walk(child);
    else tree.set(child, readFileSync(path.join(fixture, child)));
  }
};
walk("");
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const t0 = performance.now();
const c0 = cpu();
const { planTypeScriptExtract } = await import(dist("lang/typescript/extract/plan-extract.js"));
const { applyEdits } = await import(dist("model/edit.js"));
const { createTreeView } = await import(dist("lang/typescript/tree-view.js"));
const { loadCompilerOptions } = await import(dist("lang/typescript/load-compiler-options.js"));
const loadMs = performance.now() - t0;
const loadCpuMs = cpu() - c0;
const stepMs = [];
const stepCpuMs = [];
for (const step of steps) {
  const t = performance.now();
  const c = cpu();
  const files = [...tree.keys()];
  const readFile = (p) => tree.get(p);
  const view = createTreeView({ root: fixture, files, readFile, exists: () => false });
  const { options } = loadCompilerOptions(view, "tsconfig.json");
  const result = planTypeScriptExtract({ root: fixture, files, readFile, ...step, compilerOptions: options });
  stepMs.push(performance.now() - t);
  stepCpuMs.push(cpu() - c);
  for (const file of new Set(result.edits.map((e) => e.file)))
    tree.set(file, applyEdits(tree.get(file), result.edits.filter((e) => e.file === file)));
  for (const created of result.creates) tree.set(created.path, Buffer.from(created.content, "utf8"));
}
globalThis.gc();
const memory = process.memoryUsage();
const mb = (bytes) => Math.round((bytes / 1048576) * 10) / 10;
console.log(JSON.stringify({
  loadMs, loadCpuMs, stepMs, stepCpuMs, heapMb: mb(memory.heapUsed), rssMb: mb(memory.rss), peakRssMb: mb(process.resourceUsage().maxRSS * 1024),
}));
`;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

if (!existsSync(path.join(root, "dist/src/lang/typescript/extract/plan-extract.js"))) {
  console.error("bench/extract: run `npm run build` first (the benchmark times the built extractor)");
  process.exit(2);
}
const manifest = parse(readFileSync(path.join(root, "manifests/hmm-pipeline-modules.yaml"), "utf8")) as {
  exclude: string[];
  steps: { name: string; extract: { from: string; symbols: string[]; to: string } }[];
};
const steps = manifest.steps.map((s) => s.extract);
// The manifest's exclude globs are simple enough to express as anchored regular expressions.
const exclude = manifest.exclude.map(
  (glob) =>
    "^" +
    glob
      .replace(/[.+^${}()|[\]\\]/g, "\\$&")
      .replace(/\*\*\//g, "(?:.*/)?")
      .replace(/\*\*/g, ".*")
      .replace(/\*/g, "[^/]*") +
    "$",
);
const runs: Sample[] = [];
for (let i = 0; i < samples + 1; i++) {
  const run = spawnSync(
    process.execPath,
    ["--expose-gc", "--input-type=module", "-e", child, root, JSON.stringify(steps), JSON.stringify(exclude)],
    { encoding: "utf8" },
  );
  if (run.status !== 0) {
    console.error(run.stderr);
    process.exit(1);
  }
  // The first run only warms the compiler's code cache (what every later graft run finds).
  if (i > 0) runs.push(JSON.parse(run.stdout) as Sample);
}
const fmt = (ms: number): string => `${Math.round(ms)} ms`.padStart(9);
const row = (label: string, wall: number[], cpu: number[]): void =>
  console.log(`  ${label.padEnd(30)} ${fmt(median(wall))} ${fmt(median(cpu))}`);
const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);
console.log(
  `extract: ${steps.length} steps of the HMM reference migration, median of ${runs.length} fresh process(es)`,
);
console.log(`  ${"".padEnd(30)} ${"wall".padStart(9)} ${"cpu".padStart(9)}`);
row(
  "load extractor",
  runs.map((r) => r.loadMs),
  runs.map((r) => r.loadCpuMs),
);
manifest.steps.forEach((step, i) => {
  row(
    `step ${i + 1} ${step.name}`,
    runs.map((r) => r.stepMs[i]!),
    runs.map((r) => r.stepCpuMs[i]!),
  );
});
row(
  "all steps",
  runs.map((r) => sum(r.stepMs)),
  runs.map((r) => sum(r.stepCpuMs)),
);
console.log(`  heap retained after the last step  ${median(runs.map((r) => r.heapMb))} MB`);
console.log(`  rss after the last step        ${median(runs.map((r) => r.rssMb))} MB`);
console.log(`  peak rss                       ${median(runs.map((r) => r.peakRssMb))} MB`);
