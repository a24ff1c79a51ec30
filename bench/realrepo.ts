/**
 * Benchmark on real repositories (bench/real-repos/corpus.json, cases marked `bench`): graft apply (plan + apply +
 * verify) against ts-morph `Directory.move()` + save and a jscodeshift transform (TypeScript), or rope's MoveModule
 * (Python, Debian's python3-rope), each on its own fresh copy of the pinned checkout, in alternating rounds. Prints
 * medians, ratios, peak RSS, and type errors / modules that fail to import after each tool; also graft plan alone
 * and graft verify on the moved tree. Skips with a message when the corpus is not available (offline, no
 * GRAFT_CORPUS_DIR). graft runs from dist/ (`npm run build`).
 *
 *   npm run bench -- --only realrepo [--rounds 3] [--case date-fns-lib] [--timeout 1800] [--skip-tsmorph] [--skip-jscodeshift] [--skip-rope]
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import {
  bringRepository,
  type CaseSpec,
  corpusDir,
  freshCopy,
  graftBin,
  installRepository,
  loadCorpus,
  placeholders,
  type RepoSpec,
} from "./real-repos/corpus.js";
import { discardScratch } from "./scratch.js";

const thisFile = fileURLToPath(import.meta.url);
const repositoryRoot = path.resolve(path.dirname(thisFile), "..");
const peers = path.join(repositoryRoot, "bench/real-repos/peers");
const args = process.argv.slice(2);
const option = (name: string): string | undefined => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);

interface Timed {
  ms: number;
  /** User + system CPU time of the command's whole process tree: the steadier figure on a busy machine. */
  cpuMs: number;
  maxRssMb: number;
  status: number;
  output: string;
}

/** Runs a command under GNU time: wall time, CPU time, and the peak RSS of the largest process of its tree. */
/** Seconds a tool may run before it is killed and reported as timed out (`--timeout`). */
const timeoutSeconds = Number(option("--timeout") ?? 1800);

function timed(command: string[], cwd: string, env: Record<string, string> = {}): Timed {
  const rssFile = path.join(os.tmpdir(), `graft-rss-${process.pid}-${Math.random().toString(36).slice(2)}`);
  const started = process.hrtime.bigint();
  // GNU timeout kills the whole process group (time, the tool and its workers); a plain spawn timeout would kill
  // only /usr/bin/time and leave the tool running into the next round.
  const child = spawnSync(
    "timeout",
    ["-s", "KILL", String(timeoutSeconds), "/usr/bin/time", "-f", "%M %U %S", "-o", rssFile, ...command],
    { cwd, env: { ...process.env, ...env, NO_COLOR: "1" }, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 },
  );
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  let maxRssMb = Number.NaN;
  let cpuMs = Number.NaN;
  try {
    const [rss, user, system] = readFileSync(rssFile, "utf8").trim().split("\n").pop()!.split(" ").map(Number);
    maxRssMb = rss! / 1024;
    cpuMs = (user! + system!) * 1000;
    discardScratch(rssFile);
  } catch {}
  // Killed by timeout: exit 124, or 137 / a signal when the KILL reached timeout itself.
  const killed = child.status === 124 || child.status === 137 || child.signal === "SIGKILL";
  const status = killed ? 124 : (child.status ?? 1);
  return { ms, cpuMs, maxRssMb, status, output: (child.stdout ?? "") + (child.stderr ?? "") };
}

/** Type errors of the TypeScript project (noEmit, no references), or modules that fail to import (Python). */
function errorsAfter(repo: RepoSpec, spec: CaseSpec, dir: string): string {
  if (repo.language === "ts") {
    const result = spawnSync(
      process.execPath,
      ["--import", "tsx", thisFile, "--child", "typecheck", dir, repo.tsconfig ?? "tsconfig.json"],
      { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 },
    );
    return result.stdout.trim().split("\n").pop() ?? "?";
  }
  const top = spec.moves[0]!.from.split("/")[0]!;
  const script = `
import importlib, os, sys, traceback
sys.path.insert(0, os.getcwd())
failed, total, skipped, first = 0, 0, 0, ""
for folder, dirs, files in os.walk(${JSON.stringify(top)}):
    dirs[:] = [d for d in dirs if d != "__pycache__"]
    for name in files:
        if not name.endswith(".py"): continue
        module = os.path.join(folder, name[:-3]).replace(os.sep, ".").removesuffix(".__init__")
        total += 1
        try: importlib.import_module(module)
        except BaseException as error:
            # pytest.importorskip raises Skipped (a BaseException) for optional dependencies: not a failure.
            if type(error).__name__ == "Skipped": skipped += 1; continue
            failed += 1; first = first or f"{module}: {type(error).__name__}: {error}"[:160]
print(f"{failed} of {total} modules fail to import ({skipped} skip)" + (f"; first: {first}" if first else ""))
`;
  const python = placeholders(repo, dir).python!;
  const result = spawnSync(existsSync(python) ? python : "python3", ["-c", script], {
    cwd: dir,
    encoding: "utf8",
    env: { ...process.env, PYTHONDONTWRITEBYTECODE: "1" },
  });
  return (result.stdout.trim().split("\n").pop() ?? "") || result.stderr.trim().split("\n").pop() || "?";
}

/** Child: diagnostics of a tsconfig's files under its own options, without emit or project references. */
async function countTypeErrors(dir: string, tsconfig: string): Promise<void> {
  const ts = (await import("typescript")).default;
  const config = ts.getParsedCommandLineOfConfigFile(
    path.join(dir, tsconfig),
    { noEmit: true, composite: false, incremental: false, declaration: false, emitDeclarationOnly: false },
    { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} },
  )!;
  const program = ts.createProgram(config.fileNames, { ...config.options, declarationMap: false });
  const diagnostics = ts.getPreEmitDiagnostics(program);
  const first = diagnostics[0];
  const sample = first
    ? ` (first: ${first.file ? path.relative(dir, first.file.fileName) : ""} ${ts.flattenDiagnosticMessageText(first.messageText, " ").slice(0, 100)})`
    : "";
  console.log(`${diagnostics.length} type errors${sample}`);
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)]!;

async function main(): Promise<void> {
  if (args[0] === "--child") return countTypeErrors(args[2]!, args[3]!);
  const rounds = Number(option("--rounds") ?? 3);
  const onlyCases = option("--case")?.split(",");
  const cli = graftBin();
  if (!existsSync(path.join(path.dirname(cli), "../dist/src/cli/main.js")))
    throw new Error("dist/ is missing: run `npm run build` first");
  const load = spawnSync("uptime", { encoding: "utf8" }).stdout.trim();
  console.log(`corpus: ${corpusDir()}; ${rounds} alternating rounds; ${load}`);
  for (const repo of loadCorpus()) {
    for (const spec of repo.cases.filter((c) => c.bench && (!onlyCases || onlyCases.includes(c.id)))) {
      console.log(
        `\n--- ${spec.id}: ${repo.name}@${repo.commit.slice(0, 12)} ${spec.moves.map((m) => `${m.from} → ${m.to}`).join(", ")}`,
      );
      const checkout = bringRepository(repo, { reset: false });
      if ("skipped" in checkout) {
        console.log(`skipped: ${checkout.skipped}`);
        continue;
      }
      const failed = installRepository(repo, checkout.dir, (line) => console.log(line));
      if (failed) {
        console.log(`skipped: ${failed}`);
        continue;
      }
      const work = mkdtempSync(path.join(os.tmpdir(), `graft-bench-realrepo-${spec.id}-`));
      try {
        await benchCase(repo, spec, checkout.dir, work, cli, rounds);
      } finally {
        discardScratch(work);
      }
    }
  }
}

async function benchCase(
  repo: RepoSpec,
  spec: CaseSpec,
  checkout: string,
  work: string,
  cli: string,
  rounds: number,
): Promise<void> {
  const { from, to } = spec.moves[0]!;
  const manifest = (dir: string): string => {
    const file = path.join(work, `manifest-${path.basename(dir)}.json`);
    const data = {
      version: 1,
      name: spec.id,
      root: dir,
      moves: spec.moves,
      ...(repo.manifest ?? {}),
      ...(spec.manifest ?? {}),
    };
    writeFileSync(file, JSON.stringify(data, null, 2));
    return file;
  };
  const pristine = freshCopy(repo, checkout, path.join(work, "pristine"));
  const files = spawnSync("bash", ["-c", `git -C ${checkout} ls-tree -r --name-only ${repo.commit} | wc -l`], {
    encoding: "utf8",
  }).stdout.trim();
  console.log(`${files} tracked files; before the move: ${errorsAfter(repo, spec, pristine)}`);

  type Tool = { name: string; run: (dir: string) => Timed };
  const tools: Tool[] = [
    {
      name: "graft apply (plan+apply+verify)",
      run: (dir) => timed(["node", cli, "apply", manifest(dir), "--yes"], dir),
    },
  ];
  if (repo.language === "ts") {
    if (!args.includes("--skip-tsmorph"))
      tools.push({
        name: "ts-morph Directory.move+save",
        run: (dir) =>
          timed(
            [
              "node",
              "--import",
              "tsx",
              path.join(peers, "tsmorph-move.ts"),
              dir,
              repo.tsconfig ?? "tsconfig.json",
              from,
              to,
            ],
            repositoryRoot,
          ),
      });
    if (!args.includes("--skip-jscodeshift"))
      tools.push({
        name: "jscodeshift transform + mv",
        run: (dir) =>
          timed(["node", path.join(peers, "jscodeshift-move.cjs"), dir, from, to, from.split("/")[0]!], repositoryRoot),
      });
  } else if (!args.includes("--skip-rope")) {
    tools.push({
      name: "rope MoveModule",
      run: (dir) => timed(["/usr/bin/python3", path.join(peers, "rope_move.py"), dir, from, to], dir),
    });
  }
  const runs = new Map<string, Timed[]>(tools.map((tool) => [tool.name, []]));
  const firstCopy = new Map<string, string>();
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? tools : [...tools].reverse();
    const line: string[] = [];
    for (const tool of order) {
      const dir = freshCopy(repo, checkout, path.join(work, `${tool.name.split(" ")[0]}-${round}`));
      const result = tool.run(dir);
      if (result.status !== 0) console.log(`  ${tool.name} exited ${result.status}: ${result.output.slice(-600)}`);
      runs.get(tool.name)!.push(result);
      if (!firstCopy.has(tool.name)) firstCopy.set(tool.name, dir);
      else discardScratch(dir);
      line.push(
        `${tool.name.split(" ")[0]} ${(result.ms / 1000).toFixed(2)} s (CPU ${(result.cpuMs / 1000).toFixed(2)} s)`,
      );
    }
    console.log(`round ${round + 1}: ${line.join(", ")}`);
  }
  // The parts of graft's run: plan alone (writes nothing: the pristine copy serves every round) and verify.
  const plans = Array.from({ length: rounds }, () =>
    timed(["node", cli, "plan", manifest(pristine), "--json"], pristine),
  );
  const verifies = Array.from({ length: rounds }, () =>
    timed(["node", cli, "verify", manifest(firstCopy.get(tools[0]!.name)!)], firstCopy.get(tools[0]!.name)!),
  );
  const graftMs = median(runs.get(tools[0]!.name)!.map((r) => r.ms));
  const graftCpuMs = median(runs.get(tools[0]!.name)!.map((r) => r.cpuMs));
  const rows: string[][] = [
    [`tool (median of ${rounds})`, "wall s", "vs graft", "CPU s", "vs graft", "peak RSS MB", "after the move"],
  ];
  const row = (name: string, list: Timed[], after: string): void => {
    const ms = median(list.map((r) => r.ms));
    const cpuMs = median(list.map((r) => r.cpuMs));
    const failures = list.filter((r) => r.status !== 0).length;
    const timedOut = list.filter((r) => r.status === 124).length;
    rows.push([
      name,
      (ms / 1000).toFixed(2),
      `${(ms / graftMs).toFixed(1)}×`,
      (cpuMs / 1000).toFixed(2),
      `${(cpuMs / graftCpuMs).toFixed(1)}×`,
      Math.max(...list.map((r) => r.maxRssMb)).toFixed(0),
      after +
        (failures ? ` (${failures} runs failed${timedOut ? `, ${timedOut} killed at ${timeoutSeconds} s` : ""})` : ""),
    ]);
  };
  for (const tool of tools) row(tool.name, runs.get(tool.name)!, errorsAfter(repo, spec, firstCopy.get(tool.name)!));
  row("  graft plan (dry run)", plans, "-");
  row("  graft verify (moved tree)", verifies, "-");
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  console.log("");
  for (const r of rows)
    console.log(
      r.map((cell, c) => (c === 0 || c === 6 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join("   "),
    );
  console.log(`load after: ${spawnSync("uptime", { encoding: "utf8" }).stdout.trim()}`);
  const resultFile = path.join(repositoryRoot, "bench/.work", `realrepo-${spec.id}.json`);
  mkdirSync(path.dirname(resultFile), { recursive: true });
  writeFileSync(
    resultFile,
    JSON.stringify({ case: spec.id, repo: repo.name, commit: repo.commit, files, rows }, null, 2),
  );
}

await main();
