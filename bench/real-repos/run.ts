/**
 * Real-repository harness: for each pinned repository (corpus.json) brings the checkout to its commit, installs it,
 * runs its own test suites, then for each move plans and applies it with graft (a generated manifest), runs the
 * suites again and audits the moved tree (relative specifiers that reach nothing, stale mentions of the old path,
 * type errors). Prints a table and writes results.json. Not part of `npm test`.
 *
 *   node --import tsx bench/real-repos/run.ts [--only axios,zustand] [--case id,…] [--out DIR] [--no-tests]
 *   node --import tsx bench/real-repos/run.ts --report [--out DIR]   (recompare the saved JUnit files, print the table)
 *
 * Checkouts come from GRAFT_CORPUS_DIR (default: <tmp>/graft-corpus); a repository with no checkout there is
 * cloned, or skipped with a message when offline. graft runs from dist/ (run `npm run build` first).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { type AuditHit, listFiles, staleMentions, unresolvedSpecifiers } from "./audit.js";
import {
  bringRepository,
  type CaseSpec,
  fill,
  graftBin,
  installRepository,
  placeholders,
  type RepoSpec,
  resetTree,
  loadCorpus,
  sh,
} from "./corpus.js";
import { type CaseStatus, countCases, readJunit } from "./junit.js";

const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const graft = graftBin();

interface SuitesRun {
  cases: Map<string, CaseStatus>;
  messages: Map<string, string>;
  exits: Record<string, number>;
  ms: number;
}

interface CaseRecord {
  id: string;
  repo: string;
  commit: string;
  kind: string;
  moves: { from: string; to: string }[];
  files: number;
  manifest: string;
  plan: {
    ms: number;
    exit: number;
    ready: boolean;
    summary?: unknown;
    blockers?: unknown[];
    reported: number;
    warnings?: unknown[];
  };
  apply: { ms: number; exit: number; tail: string };
  tests?: {
    before: { passed: number; failed: number; skipped: number; exits: Record<string, number> };
    after: { passed: number; failed: number; skipped: number; exits: Record<string, number> };
    newFailures: { id: string; message: string }[];
    missing: string[];
  };
  typeErrors?: { before: number; after: number; newSample: string[] };
  audit?: { unresolvedNew: AuditHit[]; stale: AuditHit[] };
  skipped?: string;
}

const args = process.argv.slice(2);
const option = (name: string): string | undefined => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const only = option("--only")?.split(",");
const onlyCases = option("--case")?.split(",");
const out = path.resolve(option("--out") ?? path.join(repositoryRoot, "bench/.work/real-repos"));
const log = (line: string): void => void process.stdout.write(line + "\n");

/** Runs a repository's suites in its checkout; their JUnit files and logs go to the output folder. */
function runSuites(repo: RepoSpec, dir: string, label: string): SuitesRun {
  const exits: Record<string, number> = {};
  let ms = 0;
  repo.suites.forEach((suite, index) => {
    const junit = path.join(out, repo.name, `${label}-suite${index}.xml`);
    const command = fill(suite.command, placeholders(repo, dir, { junit, moved: movedFolders(repo, dir) }));
    const result = sh(command, path.join(dir, suite.cwd ?? "."), repo.env ?? {}, 3600);
    writeFileSync(path.join(out, repo.name, `${label}-suite${index}.log`), result.stdout + "\n" + result.stderr);
    exits[suite.name] = result.status;
    ms += result.ms;
  });
  return { ...readSuites(repo, label, exits), ms };
}

/** Every case's moved folder where it is now (from before its move, to after), for suites that name them. */
function movedFolders(repo: RepoSpec, dir: string): string {
  const folders = repo.cases.flatMap((c) =>
    c.moves.map(({ from, to }) => (existsSync(path.join(dir, from)) ? from : to)),
  );
  return [...new Set(folders)].filter((folder) => existsSync(path.join(dir, folder))).join(" ");
}

/** Reads the JUnit files a run of the suites wrote. */
function readSuites(repo: RepoSpec, label: string, exits: Record<string, number>): SuitesRun {
  const run: SuitesRun = { cases: new Map(), messages: new Map(), exits, ms: 0 };
  repo.suites.forEach((suite, index) => {
    const parsed = readJunit(path.join(out, repo.name, `${label}-suite${index}.xml`), suite.name);
    for (const [id, status] of parsed.cases) run.cases.set(id, status);
    for (const [id, message] of parsed.messages) run.messages.set(id, message);
    // A suite that wrote no report at all (it crashed or could not load) counts as one failure.
    if (parsed.cases.size === 0) run.cases.set(`${suite.name} › (no report, exit ${exits[suite.name]})`, "failed");
  });
  return run;
}

/**
 * Test ids name the test file (vitest: its path from the suite's folder; pytest: its dotted module), so a moved
 * test keeps its identity only once the old location in its id is rebased onto the new one.
 */
function rebaseId(repo: RepoSpec, moves: CaseSpec["moves"], id: string): string {
  const suite = repo.suites.find((s) => id.startsWith(`${s.name} › `));
  const cwd = suite?.cwd ?? ".";
  let rebased = id;
  for (const { from, to } of moves) {
    const fromRel = path.posix.relative(cwd, from);
    const toRel = path.posix.relative(cwd, to);
    if (fromRel.startsWith("..")) continue;
    rebased = rebased
      .replace(` › ${fromRel}/`, ` › ${toRel}/`)
      .replace(` › ${fromRel.replace(/\//g, ".")}.`, ` › ${toRel.replace(/\//g, ".")}.`);
  }
  return rebased;
}

/** New failures (failed after, not failed before) and tests that passed before and are gone after. */
function compareSuites(repo: RepoSpec, spec: CaseSpec, before: SuitesRun, after: SuitesRun): CaseRecord["tests"] {
  const beforeCases = new Map([...before.cases].map(([id, status]) => [rebaseId(repo, spec.moves, id), status]));
  const newFailures = [...after.cases]
    .filter(([id, status]) => status === "failed" && beforeCases.get(id) !== "failed")
    .map(([id]) => ({ id, message: after.messages.get(id) ?? "" }));
  const missing = [...beforeCases]
    .filter(([id, status]) => status === "passed" && !after.cases.has(id))
    .map(([id]) => id);
  return {
    before: { ...countCases(before.cases), exits: before.exits },
    after: { ...countCases(after.cases), exits: after.exits },
    newFailures,
    missing,
  };
}

/** `error TS` lines of the repository's type-check command, and the lines themselves. */
function typeErrors(repo: RepoSpec, dir: string): string[] {
  if (!repo.typecheck) return [];
  const result = sh(fill(repo.typecheck, placeholders(repo, dir)), dir, repo.env ?? {});
  return (result.stdout + result.stderr).split("\n").filter((line) => /error TS\d+/.test(line));
}

const rebase = (file: string, moves: CaseSpec["moves"]): string => {
  for (const { from, to } of moves)
    if (file === from || file.startsWith(from + "/")) return to + file.slice(from.length);
  return file;
};

/** The manifest graft gets for a case: the move, the repository's options, the case's own. */
function writeManifest(repo: RepoSpec, dir: string, spec: CaseSpec): string {
  const manifest = {
    version: 1,
    name: spec.id,
    root: dir,
    moves: spec.moves,
    ...(repo.manifest ?? {}),
    ...(spec.manifest ?? {}),
  };
  const file = path.join(out, repo.name, `${spec.id}.graft.json`);
  writeFileSync(file, JSON.stringify(manifest, null, 2) + "\n");
  return file;
}

function runCase(
  repo: RepoSpec,
  dir: string,
  spec: CaseSpec,
  before: SuitesRun | null,
  baseline: { unresolved: AuditHit[]; typeErrors: string[] },
): CaseRecord {
  resetTree(repo, dir);
  const manifest = writeManifest(repo, dir, spec);
  const files = listFiles(dir).length;
  const patch = path.join(out, repo.name, `${spec.id}.patch`);
  const planned = sh(`node ${graft} plan ${manifest} --json --patch ${patch}`, dir);
  writeFileSync(path.join(out, repo.name, `${spec.id}.plan.json`), planned.stdout);
  let plan: { summary?: unknown; blockers?: unknown[]; reported?: unknown[]; warnings?: unknown[] } = {};
  try {
    plan = JSON.parse(planned.stdout);
  } catch {
    plan = { blockers: [planned.stderr.trim().slice(-500)] };
  }
  const record: CaseRecord = {
    id: spec.id,
    repo: repo.name,
    commit: repo.commit,
    kind: spec.kind,
    moves: spec.moves,
    files,
    manifest,
    plan: {
      ms: planned.ms,
      exit: planned.status,
      ready: planned.status === 0 && (plan.blockers?.length ?? 0) === 0,
      summary: plan.summary,
      blockers: plan.blockers,
      reported: plan.reported?.length ?? 0,
      warnings: plan.warnings,
    },
    apply: { ms: 0, exit: -1, tail: "" },
  };
  const applied = sh(`node ${graft} apply ${manifest} --yes`, dir);
  record.apply = {
    ms: applied.ms,
    exit: applied.status,
    tail: (applied.stdout + applied.stderr).trim().split("\n").slice(-15).join("\n"),
  };
  writeFileSync(path.join(out, repo.name, `${spec.id}.apply.log`), applied.stdout + "\n" + applied.stderr);
  log(
    `  ${spec.id}: plan ${(planned.ms / 1000).toFixed(1)} s exit ${planned.status}, apply ${(applied.ms / 1000).toFixed(1)} s exit ${applied.status}`,
  );
  if (applied.status !== 0) return record;

  const after = listFiles(dir);
  const known = new Set(baseline.unresolved.map((hit) => `${rebase(hit.file, spec.moves)}\0${hit.token}`));
  const unresolvedNew =
    repo.language === "ts"
      ? unresolvedSpecifiers(dir, after).filter((hit) => !known.has(`${hit.file}\0${hit.token}`))
      : [];
  const stale = spec.moves.flatMap(({ from }) =>
    staleMentions(dir, after, from, repo.language === "python" ? from.replace(/\//g, ".") : undefined),
  );
  record.audit = { unresolvedNew, stale };
  if (repo.typecheck) {
    const errors = typeErrors(repo, dir);
    const old = new Set(baseline.typeErrors);
    record.typeErrors = {
      before: baseline.typeErrors.length,
      after: errors.length,
      newSample: errors.filter((line) => !old.has(line)).slice(0, 20),
    };
  }
  if (before) record.tests = compareSuites(repo, spec, before, runSuites(repo, dir, spec.id));
  return record;
}

/** --report: recompares the saved JUnit files of an earlier run (results.json in --out) and prints the table. */
function report(): void {
  const file = path.join(out, "results.json");
  const records = JSON.parse(readFileSync(file, "utf8")) as CaseRecord[];
  const corpus = loadCorpus();
  for (const record of records) {
    const repo = corpus.find((r) => r.name === record.repo);
    const spec = repo?.cases.find((c) => c.id === record.id);
    if (!repo || !spec || !record.tests) continue;
    const before = readSuites(repo, "before", record.tests.before.exits);
    record.tests = compareSuites(repo, spec, before, readSuites(repo, record.id, record.tests.after.exits));
  }
  writeFileSync(file, JSON.stringify(records, null, 2) + "\n");
  printTable(records);
}

function main(): void {
  if (args.includes("--report")) {
    report();
    return;
  }
  mkdirSync(out, { recursive: true });
  const records: CaseRecord[] = [];
  for (const repo of loadCorpus()) {
    if (only && !only.includes(repo.name)) continue;
    const cases = repo.cases.filter((c) => !onlyCases || onlyCases.includes(c.id));
    if (cases.length === 0) continue;
    log(`== ${repo.name} @ ${repo.commit.slice(0, 12)}`);
    mkdirSync(path.join(out, repo.name), { recursive: true });
    const checkout = bringRepository(repo);
    if ("skipped" in checkout) {
      log(`  skipped: ${checkout.skipped}`);
      for (const spec of cases)
        records.push({ id: spec.id, repo: repo.name, skipped: checkout.skipped } as unknown as CaseRecord);
      continue;
    }
    const failed = installRepository(repo, checkout.dir, log);
    if (failed) {
      log(`  skipped: ${failed}`);
      continue;
    }
    const dir = checkout.dir;
    const baseline = {
      unresolved: repo.language === "ts" ? unresolvedSpecifiers(dir, listFiles(dir)) : [],
      typeErrors: typeErrors(repo, dir),
    };
    const before = args.includes("--no-tests") ? null : runSuites(repo, dir, "before");
    if (before)
      log(`  suites before: ${JSON.stringify(countCases(before.cases))} in ${(before.ms / 1000).toFixed(0)} s`);
    for (const spec of cases) {
      const record = runCase(repo, dir, spec, before, baseline);
      records.push(record);
      writeFileSync(path.join(out, "results.json"), JSON.stringify(records, null, 2) + "\n");
    }
    resetTree(repo, dir);
  }
  writeFileSync(path.join(out, "results.json"), JSON.stringify(records, null, 2) + "\n");
  printTable(records);
  log(`\nresults: ${path.join(out, "results.json")}`);
}

/** One line per case. */
function printTable(records: CaseRecord[]): void {
  const rows = [
    [
      "case",
      "files",
      "edits",
      "plan",
      "plan s",
      "apply s",
      "tests before p/f",
      "after p/f",
      "new fail",
      "new unresolved",
      "stale cfg/code/doc",
      "tsc err",
    ],
  ];
  for (const r of records) {
    if (r.skipped) {
      rows.push([r.id, "skipped", "", "", "", "", "", "", "", "", "", ""]);
      continue;
    }
    const summary = r.plan.summary as { editsByKind?: Record<string, number> } | undefined;
    const edits = Object.values(summary?.editsByKind ?? {}).reduce((a, b) => a + b, 0);
    const stale = r.audit?.stale ?? [];
    const count = (kind: string): number => stale.filter((hit) => hit.kind === kind).length;
    rows.push([
      r.id,
      String(r.files),
      String(edits),
      r.plan.ready ? "ready" : "blocked",
      (r.plan.ms / 1000).toFixed(1),
      `${(r.apply.ms / 1000).toFixed(1)}${r.apply.exit === 0 ? "" : ` (exit ${r.apply.exit})`}`,
      r.tests ? `${r.tests.before.passed}/${r.tests.before.failed}` : "-",
      r.tests ? `${r.tests.after.passed}/${r.tests.after.failed}` : "-",
      r.tests ? String(r.tests.newFailures.length + r.tests.missing.length) : "-",
      r.audit ? String(r.audit.unresolvedNew.length) : "-",
      r.audit ? `${count("config")}/${count("code")}/${count("doc")}` : "-",
      r.typeErrors ? `${r.typeErrors.before}→${r.typeErrors.after}` : "-",
    ]);
  }
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  log("");
  for (const row of rows) log(row.map((cell, column) => cell.padEnd(widths[column]!)).join("  "));
  // What to look at first, per case (the whole lists are in results.json).
  for (const r of records) {
    if (r.skipped) continue;
    const lines = [
      ...(r.tests?.newFailures ?? []).map((f) => `new failure  ${f.id}: ${f.message.slice(0, 160)}`),
      ...(r.tests?.missing ?? []).map((id) => `missing      ${id}`),
      ...(r.audit?.unresolvedNew ?? []).map((h) => `unresolved   ${h.file}:${h.line} ${h.token}`),
      ...(r.audit?.stale ?? [])
        .filter((h) => h.kind !== "doc")
        .map((h) => `stale ${h.kind.padEnd(6)} ${h.file}:${h.line} ${h.text.slice(0, 140)}`),
      ...(r.typeErrors?.newSample ?? []).map((line) => `type error   ${line.slice(0, 200)}`),
    ];
    if (r.apply.exit !== 0) lines.unshift(`apply failed: ${r.apply.tail.split("\n").slice(-3).join(" | ")}`);
    if (lines.length === 0) continue;
    log(`\n${r.id}:`);
    for (const line of lines.slice(0, 25)) log(`  ${line}`);
    if (lines.length > 25) log(`  … ${lines.length - 25} more in results.json`);
  }
}

main();
