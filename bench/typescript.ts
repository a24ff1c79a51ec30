/**
 * Benchmark: move a heavily imported folder in a generated 5,000+ file NodeNext TypeScript project with
 * graft (plan + apply + verify), ts-morph (Directory.move + save) and a jscodeshift transform, each on its own copy
 * and in its own child process; report time, peak memory and tsc errors after each.
 *
 *   npx tsx bench/typescript.ts [--features 100] [--files 50] [--rounds 5] [--skip-tsmorph] [--skip-jscodeshift] [--tsmorph-timeout 900] [--keep]
 *
 * graft runs from dist/ (run `npm run build` first).
 */
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { discardScratch } from "./scratch.js";

const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const movedFrom = "src/shared/util";
const movedTo = "src/platform/util";
const utilCount = 40;

interface ChildResult {
  ms: number;
  maxRssMb: number;
  detail?: string;
  timedOut?: boolean;
}

/** Writes the project: `features` folders of `files` modules, each importing util modules, siblings and other features. */
function generateProject(dir: string, features: number, files: number): number {
  const write = (file: string, text: string): void => {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  };
  write("package.json", JSON.stringify({ name: "bench-project", type: "module", private: true }, null, 2) + "\n");
  write(
    "tsconfig.json",
    JSON.stringify(
      {
        compilerOptions: {
          target: "ES2022",
          module: "NodeNext",
          moduleResolution: "NodeNext",
          strict: true,
          noEmit: true,
          skipLibCheck: true,
          types: [],
        },
        include: ["src"],
      },
      null,
      2,
    ) + "\n",
  );
  write("graft.yaml", `version: 1\nname: bench\nroot: .\nmoves:\n  - from: ${movedFrom}\n    to: ${movedTo}\n`);
  write("src/config.ts", "export const scale = 3;\n");
  let count = 4;
  for (let u = 0; u < utilCount; u++) {
    const sibling = u > 0 ? `import { u${u - 1} } from "./u${u - 1}.js";\n` : "";
    const body = u > 0 ? `u${u - 1}(value) + scale` : "value * scale";
    write(
      `${movedFrom}/u${u}.ts`,
      `import { scale } from "../../config.js";\n${sibling}\nexport interface U${u}Options {\n  level${u}: number;\n}\n\nexport function u${u}(value: number): number {\n  return ${body};\n}\n`,
    );
    count++;
  }
  write(`${movedFrom}/index.ts`, Array.from({ length: utilCount }, (_, u) => `export * from "./u${u}.js";\n`).join(""));
  count++;
  for (let f = 0; f < features; f++) {
    for (let m = 0; m < files; m++) {
      const a = (f * 7 + m) % utilCount;
      const b = (f * 13 + m * 3 + 1) % utilCount;
      const lines = [
        `import { u${a} } from "../../shared/util/u${a}.js";`,
        `import type { U${b}Options } from "../../shared/util/u${b}.js";`,
      ];
      const terms = [`u${a}(input)`];
      if (m % 3 === 0) {
        lines.push(`import { u${(a + 5) % utilCount} as viaBarrel } from "../../shared/util/index.js";`);
        terms.push("viaBarrel(input)");
      }
      if (m > 0) {
        lines.push(`import { m${m - 1} } from "./m${m - 1}.js";`);
        terms.push(`m${m - 1}(input - 1)`);
      }
      if (f > 0) {
        const other = (f * 31 + m) % f;
        lines.push(`import { m${m} as other } from "../f${other}/m${m}.js";`);
        terms.push("other(input)");
      }
      lines.push("", `export interface M${m}Options extends U${b}Options {`, "  depth: number;", "}", "");
      lines.push(
        `export function m${m}(input: number): number {`,
        `  return input <= 0 ? 0 : ${terms.join(" + ")};`,
        "}",
      );
      if (m % 10 === 0) lines.push("", `export const lazy${m} = () => import("../../shared/util/u${b}.js");`);
      write(`src/features/f${f}/m${m}.ts`, lines.join("\n") + "\n");
      count++;
    }
  }
  return count;
}

/** The jscodeshift transform: re-points relative specifiers into or out of the moved folder (old layout → new). */
const jscodeshiftTransform = `
const path = require("node:path");
const root = process.env.BENCH_ROOT, from = process.env.BENCH_FROM, to = process.env.BENCH_TO;
const inside = (p) => p === from || p.startsWith(from + "/");
const rebase = (p) => (inside(p) ? to + p.slice(from.length) : p);
module.exports = function transform(file, api) {
  const j = api.jscodeshift;
  const oldFile = path.relative(root, file.path).split(path.sep).join("/");
  const newFile = rebase(oldFile);
  const rootNode = j(file.source);
  let changed = false;
  const repoint = (literal) => {
    if (!literal || typeof literal.value !== "string" || !literal.value.startsWith(".")) return;
    const target = path.posix.join(path.posix.dirname(oldFile), literal.value);
    if (!inside(target) && newFile === oldFile) return;
    let next = path.posix.relative(path.posix.dirname(newFile), rebase(target));
    if (!next.startsWith(".")) next = "./" + next;
    if (next !== literal.value) { literal.value = next; changed = true; }
  };
  rootNode.find(j.ImportDeclaration).forEach((p) => repoint(p.node.source));
  rootNode.find(j.ExportNamedDeclaration).forEach((p) => repoint(p.node.source));
  rootNode.find(j.ExportAllDeclaration).forEach((p) => repoint(p.node.source));
  rootNode.find(j.CallExpression, { callee: { type: "Import" } }).forEach((p) => repoint(p.node.arguments[0]));
  rootNode.find(j.ImportExpression).forEach((p) => repoint(p.node.source));
  return changed ? rootNode.toSource({ quote: "double" }) : undefined;
};
`;

/**
 * Copies the pristine project and flushes it to disk before a tool is timed on it. A real repository's files
 * were written long ago; files still sitting in the page cache as unallocated delayed blocks are cheaper to
 * replace or truncate, and the first tool to flush the file system (graft's backup does) would pay for the copy.
 */
function copyToDisk(from: string, to: string): void {
  cpSync(from, to, { recursive: true });
  const flushed = spawnSync("sync", ["-f", to]);
  if (flushed.status !== 0) spawnSync("sync");
}

/**
 * Microseconds per file creation in a fresh folder of `dir` (the files are kept: deleting them would make the
 * next creations slower). On an ext4 without a journal, creating a file skips every inode freed in the last
 * minutes in its block group, one by one, so a mass deletion shortly before (another benchmark's clean-up)
 * makes creations several times slower. Both tools create one temp file per file they write (atomic replace);
 * jscodeshift's write-file-atomic then frees the file it replaced, graft keeps it as its backup.
 */
function probeFileCreation(dir: string, round: number, count = 200): number {
  // Nested like the copies' source folders, made the same way, so the files land where theirs do.
  const probe = path.join(dir, `create-probe-${round}`, "src", "features", "f0");
  mkdirSync(probe, { recursive: true });
  const started = process.hrtime.bigint();
  for (let i = 0; i < count; i++) writeFileSync(path.join(probe, `f${i}`), "x", { flag: "wx" });
  return Number(process.hrtime.bigint() - started) / 1e3 / count;
}

/** Records the child's peak RSS at exit (loaded with --require into processes we do not control, like the graft CLI). */
const rssPreload = `process.on("exit", () => require("node:fs").writeFileSync(process.env.BENCH_RSS_FILE + "." + process.pid, String(process.resourceUsage().maxRSS)));\n`;

function runChild(args: string[], env: Record<string, string>, work: string, timeoutSeconds = 0): ChildResult {
  const rssFile = path.join(work, `rss-${Math.random().toString(36).slice(2)}.txt`);
  const started = process.hrtime.bigint();
  const child = spawnSync(process.execPath, ["--require", path.join(work, "rss-preload.cjs"), ...args], {
    cwd: env.BENCH_CWD ?? repositoryRoot,
    env: { ...process.env, ...env, BENCH_RSS_FILE: rssFile, NO_COLOR: "1" },
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
    ...(timeoutSeconds > 0 ? { timeout: timeoutSeconds * 1000, killSignal: "SIGKILL" as const } : {}),
  });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (child.error && (child.error as NodeJS.ErrnoException).code === "ETIMEDOUT")
    return { ms, maxRssMb: NaN, timedOut: true };
  if (child.status !== 0)
    throw new Error(`child ${args.join(" ")} failed (${child.status}): ${child.stderr.slice(-2000)}`);
  // Workers forked with the same execArgv (jscodeshift's) report too: the peak is the largest single process.
  const reports = readdirSync(work).filter((name) => name.startsWith(path.basename(rssFile) + "."));
  const maxRssMb = reports.length
    ? Math.max(...reports.map((name) => Number(readFileSync(path.join(work, name), "utf8")))) / 1024
    : NaN;
  return { ms, maxRssMb, detail: child.stdout.trim().split("\n").pop() };
}

/** Child: ts-morph's Directory.move() and save(). */
async function runTsMorph(dir: string): Promise<void> {
  const { Project } = await import("ts-morph");
  const project = new Project({ tsConfigFilePath: path.join(dir, "tsconfig.json") });
  project.getDirectoryOrThrow(path.join(dir, movedFrom)).move(path.join(dir, movedTo));
  // ts-morph renames the folder on save but does not create the new parent folder.
  mkdirSync(path.join(dir, path.dirname(movedTo)), { recursive: true });
  await project.save();
  console.log(`ts-morph saved ${project.getSourceFiles().length} files`);
}

/** Child: counts tsc errors of the project (compiler API, no emit). */
async function countTypeErrors(dir: string): Promise<void> {
  const ts = (await import("typescript")).default;
  const config = ts.getParsedCommandLineOfConfigFile(
    path.join(dir, "tsconfig.json"),
    {},
    { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} },
  )!;
  const program = ts.createProgram(config.fileNames, config.options);
  const diagnostics = ts.getPreEmitDiagnostics(program);
  const first = diagnostics[0];
  const sample = first
    ? ` first: ${first.file ? path.relative(dir, first.file.fileName) : ""} ${ts.flattenDiagnosticMessageText(first.messageText, " ").slice(0, 120)}`
    : "";
  console.log(`${diagnostics.length}${sample}`);
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const option = (name: string, fallback: number): number =>
    args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback;
  if (args[0] === "--child") {
    if (args[1] === "tsmorph") return runTsMorph(args[2]!);
    if (args[1] === "typecheck") return countTypeErrors(args[2]!);
    throw new Error(`unknown child ${args[1]}`);
  }
  const cli = path.join(repositoryRoot, "dist/src/cli/main.js");
  if (!existsSync(cli)) throw new Error("dist/ is missing: run `npm run build` first");
  const work = mkdtempSync(path.join(os.tmpdir(), "graft-bench-ts-"));
  writeFileSync(path.join(work, "rss-preload.cjs"), rssPreload);
  writeFileSync(path.join(work, "transform.cjs"), jscodeshiftTransform);
  try {
    const pristine = path.join(work, "pristine");
    const fileCount = generateProject(pristine, option("--features", 100), option("--files", 50));
    console.log(`generated ${fileCount} files in ${pristine}; moving ${movedFrom} → ${movedTo}`);
    const typeErrors = (dir: string): string =>
      runChild(["--import", "tsx", fileURLToPath(import.meta.url), "--child", "typecheck", dir], {}, work).detail ??
      "?";
    console.log(`tsc errors before the move: ${typeErrors(pristine)}`);

    const rows: { tool: string; result: ChildResult; errors: string }[] = [];
    const show = (row: { tool: string; result: ChildResult; errors: string }): void => {
      rows.push(row);
      const { tool, result, errors } = row;
      const ratio = `${result.timedOut ? ">" : ""}${(result.ms / rows[0]!.result.ms).toFixed(1)}×`;
      const time = `${result.timedOut ? ">" : ""}${(result.ms / 1000).toFixed(2)}`;
      console.log(
        `${tool.padEnd(31)} ${time.padStart(8)}   ${result.maxRssMb.toFixed(0).padStart(13)}   ${ratio.padStart(8)}   ${errors}`,
      );
    };
    const runGraft = (dir: string): ChildResult =>
      runChild([path.join(repositoryRoot, "bin/graft.js"), "apply", "graft.yaml", "--yes"], { BENCH_CWD: dir }, work);
    const runJscodeshift = (dir: string): ChildResult => {
      const runner = `const { run } = require(${JSON.stringify(path.join(repositoryRoot, "node_modules/jscodeshift/src/Runner.js"))});
run(${JSON.stringify(path.join(work, "transform.cjs"))}, [${JSON.stringify(path.join(dir, "src"))}], { parser: "ts", extensions: "ts", silent: true, verbose: 0, babel: false })
  .then((stats) => { require("node:fs").renameSync(${JSON.stringify(path.join(dir, movedFrom))}, (require("node:fs").mkdirSync(${JSON.stringify(path.join(dir, path.dirname(movedTo)))}, { recursive: true }), ${JSON.stringify(path.join(dir, movedTo))})); console.log(JSON.stringify(stats)); });`;
      const script = path.join(work, `jscodeshift-run-${path.basename(dir)}.cjs`);
      writeFileSync(script, runner);
      return runChild([script], { BENCH_ROOT: dir, BENCH_FROM: movedFrom, BENCH_TO: movedTo }, work);
    };
    // Alternating rounds (the order flips each round), compared by median: run times here drift several-fold within minutes.
    const withJscodeshift = !args.includes("--skip-jscodeshift");
    const rounds = option("--rounds", 5);
    const graftRuns: ChildResult[] = [];
    const jscodeshiftRuns: ChildResult[] = [];
    for (let round = 0; round < rounds; round++) {
      const graftDir = path.join(work, `graft-${round}`);
      const jsDir = path.join(work, `jscodeshift-${round}`);
      copyToDisk(pristine, graftDir);
      if (withJscodeshift) copyToDisk(pristine, jsDir);
      const order = round % 2 === 0 ? ["graft", "jscodeshift"] : ["jscodeshift", "graft"];
      const createMicros = probeFileCreation(work, round);
      for (const tool of order) {
        if (tool === "graft") graftRuns.push(runGraft(graftDir));
        else if (withJscodeshift) jscodeshiftRuns.push(runJscodeshift(jsDir));
      }
      const times = `graft ${(graftRuns.at(-1)!.ms / 1000).toFixed(2)} s${withJscodeshift ? `, jscodeshift ${(jscodeshiftRuns.at(-1)!.ms / 1000).toFixed(2)} s` : ""}`;
      console.log(`round ${round + 1}: ${times} (file creation before the round: ${createMicros.toFixed(0)} µs)`);
    }
    const medianOf = (runs: ChildResult[]): ChildResult => {
      const sorted = [...runs].sort((a, b) => a.ms - b.ms);
      return {
        ms: sorted[Math.floor((sorted.length - 1) / 2)]!.ms,
        maxRssMb: Math.max(...runs.map((r) => r.maxRssMb)),
      };
    };
    console.log("");
    console.log(`tool (median of ${rounds}, peak RSS of all) time (s)   peak RSS (MB)   vs graft   tsc errors after`);
    const graftDir = path.join(work, "graft-0");
    show({ tool: "graft plan+apply+verify", result: medianOf(graftRuns), errors: typeErrors(graftDir) });
    // The parts: planning alone (import rewriting included) on a fresh copy, and verifying the moved tree.
    const planDir = path.join(work, "graft-plan");
    copyToDisk(pristine, planDir);
    show({
      tool: "  graft plan (dry run)",
      result: runChild(
        [path.join(repositoryRoot, "bin/graft.js"), "plan", "graft.yaml", "--json"],
        { BENCH_CWD: planDir },
        work,
      ),
      errors: "-",
    });
    discardScratch(planDir);
    show({
      tool: "  graft verify (moved tree)",
      result: runChild(
        [path.join(repositoryRoot, "bin/graft.js"), "verify", "graft.yaml"],
        { BENCH_CWD: graftDir },
        work,
      ),
      errors: "-",
    });
    if (withJscodeshift)
      show({
        tool: "jscodeshift transform + mv",
        result: medianOf(jscodeshiftRuns),
        errors: typeErrors(path.join(work, "jscodeshift-0")),
      });
    if (!args.includes("--skip-tsmorph")) {
      const dir = path.join(work, "tsmorph");
      copyToDisk(pristine, dir);
      const result = runChild(
        ["--import", "tsx", fileURLToPath(import.meta.url), "--child", "tsmorph", dir],
        {},
        work,
        option("--tsmorph-timeout", 900),
      );
      show({
        tool: "ts-morph Directory.move+save",
        result,
        errors: result.timedOut ? "(timed out, not saved)" : typeErrors(dir),
      });
    }
    console.log("(peak RSS: the largest single process of the run, workers included)");
  } finally {
    if (!args.includes("--keep")) discardScratch(work);
    else console.log(`kept ${work}`);
  }
}

await main();
