/**
 * Monorepo scale: a folder moved inside one package of a generated npm-workspaces TypeScript monorepo (`packages/*`
 * of about 100 files, each with package.json and a tsconfig.json extending tsconfig.base.json, a solution tsconfig
 * referencing them all; imports between packages by `@acme/<name>`, relative imports inside a package; committed to
 * git). `graft plan`, `graft apply --yes` (its post-apply check included) and `graft verify` run from dist/; wall,
 * CPU (user+sys of the process tree, git included, from GNU time) and peak RSS, medians over rounds.
 *
 *  - series A: M = 500 files mention the moved folder (`packages/core/src/util`), the total T grows: 10k, 25k, 50k;
 *  - series B: T = 50k, M grows: 250, 500, 1000, 2000;
 *  - two variants at T = 50k, M = 500, for comparison: 10k more files import the owning package by name
 *    (`@acme/core`: graft reads its name as a needle), and core's package.json exports `./util` (the moved folder),
 *    which a quarter of the mentioning files import (a touched JSON makes the post-apply check resolve every file).
 * The other files never spell the moved folder's name, the owning package's or the root package's (graft's needles,
 * src/lang/typescript/moved-needles.ts): they stand for the rest of a monorepo, which the move cannot affect.
 *
 * Target (performance issue): "50k-file TS monorepo move (generated): cost grows linearly with files that mention the
 * moved path, not with all files." Fitted by least squares over the medians: A, the CPU of one more file that does
 * not mention the move (series A), and B, that of turning one such file into a mentioning one (series B), so a
 * mentioning file costs A + B. Linearity in M is shown by B's slope over its last segment beside the fit (a cost
 * quadratic in M would make it about twice the fit's).
 * Criterion, for plan and for apply: graft's pre-filter must look at every file's bytes to know that it does not
 * mention the move, so a file cannot cost less than listing the tree and reading it once: F, the slope of a minimal
 * program that does just that (`--floor DIR`: fast-glob's walk, each script read into one buffer and searched for
 * the needle), timed on the same trees in the same rounds. The target holds when A ≤ 2 × F. Also printed: the
 * literal reading, A × (T − M) against (A + B) × M at T = 50k, M = 500 (the non-mentioning files' total against the
 * mentioning ones'), which even F alone would miss there. `graft verify` checks the whole project by design: its
 * slopes are printed, not judged. The CPU spread between rounds is printed too: on a shared machine B's effect
 * (about a second over the series) can drown in it; A's cannot.
 *
 * Each tree is generated once per (T, M) and used in place: every round after the first restores it to its commit
 * with git (checkout + clean), which rewrites only the files apply touched. Copies (`cp -a` of 50k files per run)
 * cost more than the runs, and deleting them would slow every later file creation (bench/scratch.ts).
 *
 * Usage: npm run build && npm run bench -- --only monorepo-scale [--quick] [--rounds 3] [--package-files 100]
 *        [--no-variants] [--keep]
 *   or:  node --import tsx bench/monorepo-scale.ts [same flags]
 *        node --import tsx bench/monorepo-scale.ts --generate DIR T M   (one committed tree, kept: for profiling)
 * --quick (a smoke test, ≈ 2 min): T = 4k, 8k, 16k with M = 200; T = 16k with M = 100…800; one round, no variants.
 * The default takes ≈ 10 min on 2 cores (3 rounds), plus the removal of its trees.
 */
import { spawnSync } from "node:child_process";
import {
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readSync,
  writeFileSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { discardScratch } from "./scratch.js";

const repositoryRoot = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const graftBin = path.join(repositoryRoot, "bin/graft.js");
const timeBinary = "/usr/bin/time";
const args = process.argv.slice(2);
const option = (name: string, fallback: number): number => {
  const at = args.indexOf(name);
  return at === -1 ? fallback : Number(args[at + 1]);
};
const isQuick = args.includes("--quick");
const rounds = option("--rounds", isQuick ? 1 : 3);
const packageFiles = option("--package-files", 100);
const withVariants = !isQuick && !args.includes("--no-variants");

const movedFrom = "packages/core/src/util";
const movedTo = "packages/core/src/shared/util";
const utilCount = 40;
// Words for package names, module folders and identifiers: none holds a needle ("util", "@acme/core", the root name).
const domains = [
  ...["billing", "orders", "catalog", "search", "auth", "payments", "shipping", "inventory", "reports"],
  ...["alerts", "pricing", "profile", "checkout", "reviews", "media", "ledger", "tax", "session"],
];
const kinds = ["api", "ui", "model", "store", "client", "server", "hooks", "schema", "jobs", "sdk", "events", "cache"];
const areas = ["model", "service", "handlers", "views", "adapters", "mappers", "policies", "queries"];

/** One generated tree: T files in all, M TypeScript files outside the moved folder that import from it. */
interface Shape {
  total: number;
  mentioners: number;
  /** Files (not mentioning the move) that import the owning package by name, `@acme/core`. */
  nameImporters?: number;
  /** core's package.json exports `./util` → the moved folder, and a quarter of the mentioners import through it. */
  subpathExport?: boolean;
}

/** Every workspace package name, in order: domain × kind, numbered once the combinations run out. */
function packageName(index: number): string {
  const base = `${domains[index % domains.length]}-${kinds[Math.floor(index / domains.length) % kinds.length]}`;
  const round = Math.floor(index / (domains.length * kinds.length));
  return round === 0 ? base : `${base}-${round + 1}`;
}

/** A module of about 1 KB: imports, an options interface, a small class and a function using what it imports. */
function moduleText(name: string, imports: { names: string[]; from: string }[]): string {
  const lines = imports.map(({ names, from }) => `import { ${names.join(", ")} } from "${from}";`);
  const used = imports.flatMap(({ names }) => names.map((n) => n.split(" as ").pop()!));
  const Name = name[0]!.toUpperCase() + name.slice(1);
  lines.push(
    "",
    `export interface ${Name}Options {`,
    "  depth: number;",
    "  label?: string;",
    "  strict: boolean;",
    "}",
    "",
    `export class ${Name}Service {`,
    "  private readonly seen = new Map<string, number>();",
    "",
    `  constructor(private readonly options: ${Name}Options) {}`,
    "",
    "  record(key: string): number {",
    "    const count = (this.seen.get(key) ?? 0) + 1;",
    "    this.seen.set(key, count);",
    "    return this.options.strict ? Math.min(count, this.options.depth) : count;",
    "  }",
    "}",
    "",
    `/** Combines the inputs of ${name} (generated for the monorepo benchmark). */`,
    `export function ${name}(input: number, options: ${Name}Options = { depth: 3, strict: false }): number {`,
    "  if (input <= 0) return 0;",
    `  const parts = [${used.map((n) => `${n}(input - 1)`).join(", ")}];`,
    "  return parts.reduce((sum, part) => sum + part, options.depth);",
    "}",
  );
  return lines.join("\n") + "\n";
}

/**
 * Writes the monorepo for `shape` into `dir`; returns the number of files written (= shape.total). Layout: root
 * package.json (workspaces), tsconfig.base.json, a solution tsconfig.json referencing every package, .gitignore and
 * graft.yaml; packages/core holds the moved folder (40 modules and an index), its index re-exporting it, and the
 * mentioning modules (relative imports into ../../util); every other package has package.json, tsconfig.json,
 * src/index.ts and modules in folders of 20 that import siblings, the folder before and, in one module of three, an
 * earlier package by name. The variants' modules (`@acme/core/util`, `@acme/core` importers) are spread over the
 * other packages.
 */
function generateMonorepo(dir: string, shape: Shape): number {
  let count = 0;
  const folders = new Set<string>();
  const write = (file: string, text: string): void => {
    const folder = path.dirname(path.join(dir, file));
    if (!folders.has(folder)) mkdirSync(folder, { recursive: true });
    folders.add(folder);
    writeFileSync(path.join(dir, file), text);
    count++;
  };
  const json = (value: unknown): string => JSON.stringify(value, null, 2) + "\n";
  const nameImporters = shape.nameImporters ?? 0;
  const crossMentioners = shape.subpathExport ? Math.floor(shape.mentioners / 4) : 0;
  const coreMentioners = shape.mentioners - 1 - crossMentioners; // core's index.ts is one
  const rootFiles = 5;
  const coreFiles = 2 + 1 + (utilCount + 1) + coreMentioners;
  const rest = shape.total - rootFiles - coreFiles;
  const packageCount = Math.max(1, Math.round(rest / packageFiles));
  const modules = rest - 3 * packageCount;
  if (modules < packageCount || crossMentioners + nameImporters > modules)
    throw new Error(`cannot fit ${JSON.stringify(shape)} with ${packageFiles} files per package`);
  const names = Array.from({ length: packageCount }, (_, p) => packageName(p));

  write(
    "package.json",
    json({ name: "acme-monorepo", private: true, workspaces: ["packages/*"], devDependencies: { typescript: "^5" } }),
  );
  write(
    "tsconfig.base.json",
    json({
      compilerOptions: {
        target: "ES2022",
        module: "ESNext",
        moduleResolution: "Bundler",
        strict: true,
        composite: true,
        declaration: true,
        skipLibCheck: true,
        types: [],
      },
    }),
  );
  write(
    "tsconfig.json",
    json({ files: [], references: ["core", ...names].map((name) => ({ path: `packages/${name}` })) }),
  );
  write(".gitignore", "node_modules/\ndist/\n*.tsbuildinfo\n");
  write(
    "graft.yaml",
    `version: 1\nname: monorepo-scale\nroot: .\nmoves:\n  - from: ${movedFrom}\n    to: ${movedTo}\n`,
  );

  const packageTsconfig = json({
    extends: "../../tsconfig.base.json",
    compilerOptions: { rootDir: "src", outDir: "dist" },
    include: ["src"],
  });
  const exports: Record<string, string> = { ".": "./src/index.ts" };
  if (shape.subpathExport) exports["./util"] = "./src/util/index.ts";
  write("packages/core/package.json", json({ name: "@acme/core", version: "1.0.0", type: "module", exports }));
  write("packages/core/tsconfig.json", packageTsconfig);
  write("packages/core/src/index.ts", `export * from "./util/index";\nexport { u0 as coreEntry } from "./util/u0";\n`);
  for (let u = 0; u < utilCount; u++) {
    const imports = u > 0 ? [{ names: [`u${u - 1}`], from: `./u${u - 1}` }] : [];
    write(`${movedFrom}/u${u}.ts`, moduleText(`u${u}`, imports));
  }
  write(`${movedFrom}/index.ts`, Array.from({ length: utilCount }, (_, u) => `export * from "./u${u}";\n`).join(""));
  for (let m = 0; m < coreMentioners; m++) {
    const folder = Math.floor(m / 20);
    const imports = [{ names: [`u${m % utilCount}`], from: `../../util/u${m % utilCount}` }];
    if (m % 5 === 0) imports.push({ names: [`u${(m + 7) % utilCount} as viaIndex`], from: "../../util" });
    if (m % 20 > 0) imports.push({ names: [`f${folder}m${(m % 20) - 1}`], from: `./m${(m % 20) - 1}` });
    write(`packages/core/src/features/f${folder}/m${m % 20}.ts`, moduleText(`f${folder}m${m % 20}`, imports));
  }

  // Modules of the other packages that import the moved folder (through the subpath export) or the owning package by
  // name, spread over the packages: the first module of every package, then the second, and so on.
  const perPackage = Array.from(
    { length: packageCount },
    (_, p) => Math.floor(modules / packageCount) + (p < modules % packageCount ? 1 : 0),
  );
  const roles = perPackage.map((n) => new Array<"cross" | "name" | "plain">(n).fill("plain"));
  let assigned = 0;
  for (let slot = 0; assigned < crossMentioners + nameImporters; slot++)
    for (let p = 0; p < packageCount && assigned < crossMentioners + nameImporters; p++)
      if (slot < perPackage[p]!) roles[p]![slot] = assigned++ < crossMentioners ? "cross" : "name";
  const areaName = (a: number): string =>
    areas[a % areas.length]! + (a >= areas.length ? Math.floor(a / areas.length) : "");
  for (let p = 0; p < packageCount; p++) {
    const base = `packages/${names[p]}`;
    const earlier = p > 0 ? names[(p * 7) % p]! : undefined;
    const dependencies: Record<string, string> = {};
    if (earlier) dependencies[`@acme/${earlier}`] = "*";
    if (roles[p]!.some((role) => role !== "plain")) dependencies["@acme/core"] = "*";
    const manifest = {
      name: `@acme/${names[p]}`,
      version: "1.0.0",
      type: "module",
      exports: { ".": "./src/index.ts" },
    };
    write(`${base}/package.json`, json({ ...manifest, dependencies }));
    write(`${base}/tsconfig.json`, packageTsconfig);
    const index = [`export { ${areaName(0)}0 as entry } from "./${areaName(0)}/${areaName(0)}0";`];
    for (let m = 0; m < perPackage[p]!; m++) {
      const area = areaName(Math.floor(m / 20));
      const imports: { names: string[]; from: string }[] = [];
      if (m % 20 > 0) imports.push({ names: [`${area}${(m % 20) - 1}`], from: `./${area}${(m % 20) - 1}` });
      if (m >= 20) {
        const other = areaName(Math.floor(m / 20) - 1);
        imports.push({ names: [`${other}${m % 20}`], from: `../${other}/${other}${m % 20}` });
      }
      if (earlier && m % 3 === 0) imports.push({ names: ["entry as upstream"], from: `@acme/${earlier}` });
      if (roles[p]![m] === "cross") imports.push({ names: [`u${m % utilCount}`], from: "@acme/core/util" });
      if (roles[p]![m] === "name") imports.push({ names: ["coreEntry"], from: "@acme/core" });
      write(`${base}/src/${area}/${area}${m % 20}.ts`, moduleText(`${area}${m % 20}`, imports));
      if (m % 20 === 0) index.push(`export * as ${area} from "./${area}/${area}0";`);
    }
    write(`${base}/src/index.ts`, index.join("\n") + "\n");
  }
  return count;
}

/** Runs git in `dir`, failing loudly (the bench cannot go on without the repository). */
function git(dir: string, gitArgs: string[]): void {
  const result = spawnSync("git", ["-c", "core.fsmonitor=false", ...gitArgs], { cwd: dir, encoding: "utf8" });
  if (result.status !== 0) throw new Error(`git ${gitArgs.join(" ")} failed: ${result.stderr}`);
}

/** Generates the tree and commits it (graft's scan and apply ask git what is tracked and whether the tree is clean). */
function generateRepository(dir: string, shape: Shape): number {
  const count = generateMonorepo(dir, shape);
  git(dir, ["init", "-q", "-b", "main"]);
  git(dir, ["add", "-A"]);
  // No automatic gc: it would pack the objects in the background, during the timed runs; packed here, in the
  // foreground, as a real repository's objects mostly are.
  const user = ["-c", "user.name=bench", "-c", "user.email=bench@example.invalid", "-c", "gc.auto=0"];
  git(dir, [...user, "commit", "-q", "-m", "generated"]);
  git(dir, ["gc", "--quiet"]);
  flush(dir);
  return count;
}

/** Flushes a tree to disk: files still held as delayed allocations are cheaper to replace, which would favour apply. */
function flush(dir: string): void {
  if (spawnSync("sync", ["-f", dir]).status !== 0) spawnSync("sync");
}

/**
 * Puts a tree back to its commit after a run: the moved and edited files, the new folder and graft's own `.graft`
 * (run records, backups). Refreshed and flushed as a checkout would leave it; refuses to go on when git sees any
 * change left (graft's clean-tree check would refuse the next apply anyway).
 */
function restoreRepository(dir: string): void {
  git(dir, ["checkout", "-q", "-f", "HEAD", "--", "."]);
  git(dir, ["clean", "-q", "-f", "-d", "-x"]);
  git(dir, ["update-index", "-q", "--refresh"]);
  const status = spawnSync("git", ["status", "--porcelain", "--untracked-files=all"], { cwd: dir, encoding: "utf8" });
  if (status.status !== 0 || status.stdout !== "")
    throw new Error(`${dir} is not back to its commit: ${status.stdout}`);
  flush(dir);
}

/**
 * Microseconds per file creation in a fresh folder of `dir` (the files are kept). On an ext4 without a journal, a
 * creation first skips every inode freed in the last minutes (bench/scratch.ts): copies and generation slow down
 * then, and so does apply's CPU time (it creates a temp file per edited file), so each round states it.
 */
function probeFileCreation(dir: string, round: number, count = 200): number {
  const probe = path.join(dir, `create-probe-${round}`, "packages", "core", "src");
  mkdirSync(probe, { recursive: true });
  const started = process.hrtime.bigint();
  for (let i = 0; i < count; i++) writeFileSync(path.join(probe, `f${i}`), "x", { flag: "wx" });
  return Number(process.hrtime.bigint() - started) / 1e3 / count;
}

interface Run {
  wallMs: number;
  cpuMs: number;
  peakMiB: number;
}

/** Runs node with `nodeArgs` under /usr/bin/time: wall, user+sys of the process tree (git included), kernel's peak RSS. */
function measureNode(nodeArgs: string[], cwd: string, report: string): Run {
  const result = spawnSync(timeBinary, ["-f", "%e %U %S %M", "-o", report, process.execPath, ...nodeArgs], {
    cwd,
    encoding: "utf8",
    maxBuffer: 1 << 28,
    env: { ...process.env, NO_COLOR: "1" },
  });
  if (result.status !== 0)
    throw new Error(
      `${nodeArgs.join(" ")} exited ${result.status} in ${cwd}:\n${result.stdout.slice(-2000)}\n${result.stderr.slice(-2000)}`,
    );
  const [wall, user, sys, kib] = readFileSync(report, "utf8").trim().split("\n").pop()!.split(" ").map(Number);
  return { wallMs: wall! * 1000, cpuMs: (user! + sys!) * 1000, peakMiB: kib! / 1024 };
}

/**
 * Child (`--floor DIR`): the least a needle pre-filter can pay per file, to compare graft's per-file cost with: list
 * the tree with fast-glob (graft's walker), read every script file once into one reused buffer and search it.
 */
async function readEveryScriptOnce(dir: string): Promise<void> {
  const fg = (await import("fast-glob")).default;
  const files = await fg(["**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}"], {
    cwd: dir,
    dot: true,
    ignore: ["**/.git/**", "**/node_modules/**", "**/.graft/**"],
  });
  const buffer = Buffer.allocUnsafe(1 << 22);
  const needle = Buffer.from(movedFrom.slice(movedFrom.lastIndexOf("/") + 1));
  let mentioning = 0;
  for (const file of files) {
    const fd = openSync(path.join(dir, file), "r");
    const size = readSync(fd, buffer, 0, buffer.length, 0);
    closeSync(fd);
    if (buffer.subarray(0, size).includes(needle)) mentioning++;
  }
  console.log(`${files.length} script files, ${mentioning} mention ${needle}`);
}

const commands = ["plan", "apply", "verify"] as const;
type Command = (typeof commands)[number];

interface Point {
  label: string;
  shape: Shape;
  /** graft's commands, and the floor (readEveryScriptOnce). */
  runs: Record<Command | "floor", Run[]>;
}

/**
 * One round of a point: the floor, plan (writes nothing), apply with its post-apply check (exit 0 required, and the
 * folder must have moved), then, when asked, the whole-project `graft verify` of the result (exit 0 required).
 */
function runRound(tree: string, point: Point, withVerify: boolean): void {
  const report = path.join(path.dirname(tree), "time.txt");
  const graft = (graftArgs: string[]) => measureNode([graftBin, ...graftArgs], tree, report);
  const self = fileURLToPath(import.meta.url);
  point.runs.floor.push(measureNode(["--import", "tsx", self, "--floor", tree], repositoryRoot, report));
  point.runs.plan.push(graft(["plan", "graft.yaml"]));
  point.runs.apply.push(graft(["apply", "graft.yaml", "--yes"]));
  if (!existsSync(path.join(tree, movedTo, "index.ts")) || existsSync(path.join(tree, movedFrom)))
    throw new Error(`apply exited 0 but ${movedFrom} was not moved in ${tree}`);
  if (withVerify) point.runs.verify.push(graft(["verify", "graft.yaml"]));
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Least-squares slope of y over x. */
function slope(xs: number[], ys: number[]): number {
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  let num = 0;
  let den = 0;
  for (let i = 0; i < xs.length; i++) {
    num += (xs[i]! - mx) * (ys[i]! - my);
    den += (xs[i]! - mx) ** 2;
  }
  return num / den;
}

const load = (): string =>
  os
    .loadavg()
    .map((v) => v.toFixed(2))
    .join(", ");
const thousands = (n: number): string => (n >= 1000 && n % 1000 === 0 ? `${n / 1000}k` : n.toLocaleString("en"));
const medianCpu = (point: Point, command: Command | "floor"): number => median(point.runs[command].map((r) => r.cpuMs));

function cell(runs: Run[]): string {
  if (runs.length === 0) return "     -      -     -";
  const wall = median(runs.map((r) => r.wallMs)) / 1000;
  const cpu = median(runs.map((r) => r.cpuMs)) / 1000;
  const peak = Math.max(...runs.map((r) => r.peakMiB));
  return `${wall.toFixed(2).padStart(6)} ${cpu.toFixed(2).padStart(6)} ${peak.toFixed(0).padStart(5)}`;
}

/** Least-squares slope of a command's median CPU (ms) over thousands of files: series A's total, series B's mentioning. */
function slopeOf(command: Command | "floor", points: Point[], x: (shape: Shape) => number): number {
  return slope(
    points.map((p) => x(p.shape) / 1000),
    points.map((p) => medianCpu(p, command)),
  );
}

/** The fitted slopes of one command and, for plan and apply, the verdict (criterion in the header). */
function judge(command: Command, seriesA: Point[], seriesB: Point[], reference: Shape): void {
  const a = slopeOf(command, seriesA, (s) => s.total);
  const b = slopeOf(command, seriesB, (s) => s.mentioners);
  const lastSegment = slopeOf(command, seriesB.slice(-2), (s) => s.mentioners);
  const floor = slopeOf("floor", seriesA, (s) => s.total);
  const slopes = `${a.toFixed(1).padStart(8)} ${(a / floor).toFixed(1).padStart(6)}× ${b.toFixed(0).padStart(8)} ${lastSegment.toFixed(0).padStart(8)}`;
  if (command === "verify") {
    console.log(`  ${command.padEnd(7)}${slopes}   whole project by design: not judged`);
    return;
  }
  const others = (a * (reference.total - reference.mentioners)) / 1000;
  const mentioning = ((a + b) * reference.mentioners) / 1000;
  const share =
    b > 0 ? `a non-mentioning file = ${((100 * a) / (a + b)).toFixed(1)}% of a mentioning one` : "B in noise";
  console.log(
    `  ${command.padEnd(7)}${slopes}   ${(others / 1000).toFixed(2).padStart(5)} s : ${(mentioning / 1000).toFixed(2)} s (${share}) → ${a <= 2 * floor ? "target met ✓" : "target missed ✗ (A > 2F)"}`,
  );
}

async function main(): Promise<void> {
  const floorAt = args.indexOf("--floor");
  if (floorAt >= 0) return readEveryScriptOnce(args[floorAt + 1]!);
  const generateAt = args.indexOf("--generate");
  if (generateAt >= 0) {
    // For profiling: `--generate DIR T M` writes one committed tree and keeps it.
    const [dir, total, mentioners] = args.slice(generateAt + 1, generateAt + 4);
    const files = generateRepository(dir!, { total: Number(total), mentioners: Number(mentioners) });
    console.log(`generated ${files} files in ${dir}`);
    return;
  }
  // bin/graft.js runs what `npm run build` made (a bundle of dist/src): it must start.
  if (spawnSync(process.execPath, [graftBin, "--version"]).status !== 0) throw new Error("build first: npm run build");
  if (!existsSync(timeBinary)) {
    console.log(`${timeBinary} is missing (apt-get install time): it measures CPU time and peak RSS; skipping`);
    return;
  }
  const reference: Shape = isQuick ? { total: 16_000, mentioners: 200 } : { total: 50_000, mentioners: 500 };
  const totals = isQuick ? [4_000, 8_000, 16_000] : [10_000, 25_000, 50_000];
  const mentionerCounts = isQuick ? [100, 200, 400, 800] : [250, 500, 1000, 2000];
  const seriesA: Shape[] = totals.map((total) => ({ total, mentioners: reference.mentioners }));
  const seriesB: Shape[] = mentionerCounts.map((mentioners) => ({ total: reference.total, mentioners }));
  const variants: Shape[] = withVariants
    ? [
        { ...reference, nameImporters: 10_000 },
        { ...reference, subpathExport: true },
      ]
    : [];
  const keyOf = (s: Shape) => `${s.total}-${s.mentioners}-${s.nameImporters ?? 0}-${s.subpathExport ? 1 : 0}`;
  const points = new Map<string, Point>();
  for (const shape of [...seriesA, ...seriesB, ...variants]) {
    const label = shape.nameImporters
      ? `+${thousands(shape.nameImporters)} import @acme/core`
      : shape.subpathExport
        ? "exports ./util, M/4 use it"
        : "";
    if (!points.has(keyOf(shape)))
      points.set(keyOf(shape), { label, shape, runs: { plan: [], apply: [], verify: [], floor: [] } });
  }

  const work = mkdtempSync(path.join(os.tmpdir(), "graft-bench-monorepo-"));
  // Run records are signed with a per-user key: kept in the scratch folder unless bench/run.ts chose a place.
  process.env.GRAFT_STATE_DIR ??= path.join(work, "state");
  try {
    console.log(`load average at start: ${load()} (${os.cpus().length} cores); moving ${movedFrom} → ${movedTo}`);
    let started = performance.now();
    for (const [key, point] of points) {
      const files = generateRepository(path.join(work, `tree-${key}`), point.shape);
      if (files !== point.shape.total) throw new Error(`generated ${files} files, expected ${point.shape.total}`);
    }
    console.log(
      `generated and committed ${points.size} trees in ${((performance.now() - started) / 1000).toFixed(0)} s`,
    );
    // Every round goes through every point, in reverse order every other round, so drift on a shared machine is
    // spread over the points. verify (not judged, and the longest) runs in the first round only.
    started = performance.now();
    for (let round = 0; round < rounds; round++) {
      const creation = probeFileCreation(work, round);
      const order = round % 2 === 0 ? [...points] : [...points].reverse();
      for (const [key, point] of order) {
        const tree = path.join(work, `tree-${key}`);
        if (round > 0) restoreRepository(tree);
        runRound(tree, point, round === 0);
      }
      console.log(
        `round ${round + 1}/${rounds} done at ${((performance.now() - started) / 1000).toFixed(0)} s (file creation before it: ${creation.toFixed(0)} µs; load ${load()})`,
      );
    }

    const pointOf = (shape: Shape) => points.get(keyOf(shape))!;
    const prefix = (series: string, total: string, mentioners: string, label: string) =>
      `${series.padEnd(6)}${total.padStart(6)}${mentioners.padStart(7)}  ${label.padEnd(27)}`;
    console.log(`\nmedians of ${rounds} round(s) (verify: round 1); wall and CPU in s, peak RSS in MiB`);
    console.log(`${prefix("", "", "", "")}${"plan".padEnd(22)}${"apply --yes".padEnd(22)}verify`);
    console.log(`${prefix("series", "T", "M", "")}${"  wall    cpu  peak   ".repeat(3)}`);
    const row = (series: string, point: Point): void =>
      console.log(
        `${prefix(series, thousands(point.shape.total), String(point.shape.mentioners), point.label)}${commands.map((c) => cell(point.runs[c])).join("   ")}`,
      );
    for (const shape of seriesA) row("A", pointOf(shape));
    for (const shape of seriesB) row("B", pointOf(shape));
    for (const shape of variants) row("var", pointOf(shape));

    const floor = slopeOf("floor", seriesA.map(pointOf), (s) => s.total);
    console.log(
      `\nmarginal CPU, least squares over the medians, ms per 1,000 files: A per non-mentioning file, B per file turned mentioning;\nF, listing the tree and reading every script once (--floor): ${floor.toFixed(1)} ms per 1,000 files`,
    );
    console.log(
      `  ${"".padEnd(7)}${"A".padStart(8)} ${"A/F".padStart(7)} ${"B".padStart(8)} ${"B, last".padStart(8)}   non-mentioning : mentioning files' CPU at T = ${thousands(reference.total)}, M = ${reference.mentioners}`,
    );
    for (const command of commands) judge(command, seriesA.map(pointOf), seriesB.map(pointOf), reference);
    if (rounds > 1) {
      // How far apart the rounds of one point are: (max − min) / median of CPU, the median and the worst over points.
      const spreads = (command: Command) => {
        const values = [...points.values()].map((point) => {
          const cpus = point.runs[command].map((r) => r.cpuMs);
          return (Math.max(...cpus) - Math.min(...cpus)) / median(cpus);
        });
        return `${command} ${(100 * median(values)).toFixed(0)}% (worst ${(100 * Math.max(...values)).toFixed(0)}%)`;
      };
      console.log(`  CPU spread between rounds, (max − min) / median: ${spreads("plan")}, ${spreads("apply")}`);
    }
    if (variants.length)
      console.log(`\nvariants, CPU over the T = ${thousands(reference.total)}, M = ${reference.mentioners} point:`);
    for (const shape of variants) {
      const extra = (command: Command) =>
        `${command} ${((medianCpu(pointOf(shape), command) - medianCpu(pointOf(reference), command)) / 1000).toFixed(2)} s`;
      console.log(`  ${pointOf(shape).label.padEnd(27)} ${commands.map(extra).join(", ")}`);
    }
    console.log(`load average at end: ${load()}`);
  } finally {
    if (args.includes("--keep")) console.log(`kept ${work}`);
    else discardScratch(work);
  }
}

await main();
