/**
 * The pinned real-repository corpus (corpus.json): where the checkouts live, how each is brought to its pinned commit,
 * installed and reset between cases. Checkouts stay outside this repository, in GRAFT_CORPUS_DIR (default: a
 * folder in the system temp directory); nothing here is used by `npm test`.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** One test suite of a repository: a shell command run in `cwd` (relative to the checkout) that writes JUnit XML to {junit}. */
export interface SuiteSpec {
  name: string;
  cwd?: string;
  command: string;
}

/** One move to try on a repository. */
export interface CaseSpec {
  id: string;
  kind: string;
  moves: { from: string; to: string }[];
  /** Also timed by bench/realrepo.ts against the peers. */
  bench?: boolean;
  manifest?: Record<string, unknown>;
}

/** One pinned repository. */
export interface RepoSpec {
  name: string;
  url: string;
  commit: string;
  language: "ts" | "python";
  why: string;
  install: string[];
  env?: Record<string, string>;
  /** Ignored paths `git clean` keeps between cases (installed dependencies). */
  keep: string[];
  suites: SuiteSpec[];
  /** Shell command whose `error TS` lines are counted before and after. */
  typecheck?: string;
  /** The tsconfig peers (ts-morph) load; default tsconfig.json. */
  tsconfig?: string;
  manifest?: Record<string, unknown>;
  cases: CaseSpec[];
}

/** A repository ready to use, or the reason it is skipped. */
export type Checkout = { repo: RepoSpec; dir: string } | { repo: RepoSpec; skipped: string };

const here = path.dirname(fileURLToPath(import.meta.url));

/** The graft CLI the harness runs: GRAFT_BIN (another build, to compare) or this repository's bin/graft.js. */
export function graftBin(): string {
  return path.resolve(process.env.GRAFT_BIN ?? path.join(here, "../../bin/graft.js"));
}

/** The pinned list. */
export function loadCorpus(): RepoSpec[] {
  return (JSON.parse(readFileSync(path.join(here, "corpus.json"), "utf8")) as { repos: RepoSpec[] }).repos;
}

/** Where checkouts, virtual environments and dependency folders are cached. */
export function corpusDir(): string {
  return path.resolve(process.env.GRAFT_CORPUS_DIR ?? path.join(os.tmpdir(), "graft-corpus"));
}

/** Runs a shell command; returns its status and output (never throws). */
export function sh(
  command: string,
  cwd: string,
  env: Record<string, string> = {},
  timeoutSeconds = 1800,
): { status: number; stdout: string; stderr: string; ms: number } {
  const started = process.hrtime.bigint();
  const result = spawnSync("bash", ["-c", command], {
    cwd,
    env: { ...process.env, ...env, CI: "1", NO_COLOR: "1", FORCE_COLOR: "0" },
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
    timeout: timeoutSeconds * 1000,
    killSignal: "SIGKILL",
  });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  return { status: result.status ?? 124, stdout: result.stdout ?? "", stderr: result.stderr ?? "", ms };
}

/** The placeholders a repository's commands may use. */
export function placeholders(repo: RepoSpec, dir: string, extra: Record<string, string> = {}): Record<string, string> {
  const venv = path.join(corpusDir(), ".venvs", repo.name);
  return {
    checkout: dir,
    venv,
    python: path.join(venv, "bin/python"),
    deps: path.join(corpusDir(), ".deps", repo.name),
    ...extra,
  };
}

/** Replaces {name} placeholders. */
export function fill(command: string, values: Record<string, string>): string {
  return command.replace(/\{(\w+)\}/g, (all, name: string) => values[name] ?? all);
}

/**
 * Brings the repository to its pinned commit in the cache: an existing checkout is reused (the commit must be
 * there); otherwise `git clone` from its URL. Offline without a checkout, the repository is skipped with a message.
 * The checkout is reset to the commit unless `reset` is false.
 */
export function bringRepository(repo: RepoSpec, options: { reset?: boolean } = {}): Checkout {
  const dir = path.join(corpusDir(), repo.name);
  const cloning = !existsSync(path.join(dir, ".git"));
  if (cloning) {
    mkdirSync(corpusDir(), { recursive: true });
    const cloned = sh(`git clone -q --no-checkout ${JSON.stringify(repo.url)} ${JSON.stringify(dir)}`, corpusDir(), {
      GIT_TERMINAL_PROMPT: "0",
    });
    if (cloned.status !== 0)
      return {
        repo,
        skipped: `no checkout in ${dir} and git clone failed (offline?): ${cloned.stderr.trim().split("\n").pop()}; set GRAFT_CORPUS_DIR to a folder holding ${repo.name}/ at ${repo.commit}`,
      };
  }
  if (sh(`git cat-file -e ${repo.commit}^{commit}`, dir).status !== 0) {
    const fetched = sh(`git fetch -q origin ${repo.commit}`, dir, { GIT_TERMINAL_PROMPT: "0" });
    if (fetched.status !== 0) return { repo, skipped: `${dir} lacks commit ${repo.commit} and fetching it failed` };
  }
  // Harness artefacts never make the tree dirty for graft's clean-tree check.
  const exclude = path.join(dir, ".git/info/exclude");
  const excluded = existsSync(exclude) ? readFileSync(exclude, "utf8") : "";
  // A kept path may be a symlink (node_modules -> a shared folder), which a `node_modules/` rule does not ignore.
  const wanted = [".graft/", ...repo.keep].filter((line) => !excluded.split("\n").includes(line));
  if (wanted.length) writeFileSync(exclude, excluded + "\n" + wanted.join("\n") + "\n");
  // Readers that copy the commit out (git archive) pass reset: false, so they never disturb a run in the checkout;
  // a checkout cloned just now has no work tree yet, and its install commands run in it.
  if (cloning || (options.reset ?? true)) resetTree(repo, dir);
  return { repo, dir };
}

/** Restores the pinned commit exactly, keeping only installed dependencies (repo.keep). */
export function resetTree(repo: RepoSpec, dir: string): void {
  const keep = repo.keep.map((p) => `-e ${JSON.stringify(p)}`).join(" ");
  for (const command of [`git checkout -q -f ${repo.commit}`, `git clean -q -f -d -x ${keep}`]) {
    const result = sh(command, dir);
    if (result.status !== 0) throw new Error(`${repo.name}: ${command} failed: ${result.stderr.trim()}`);
  }
}

/** Runs the install commands once per pinned commit (a marker in the cache remembers it). */
export function installRepository(repo: RepoSpec, dir: string, log: (line: string) => void): string | null {
  const marker = path.join(corpusDir(), ".installed", `${repo.name}-${repo.commit}`);
  if (existsSync(marker)) return null;
  for (const command of repo.install) {
    const filled = fill(command, placeholders(repo, dir));
    log(`  install: ${filled}`);
    const result = sh(filled, dir, repo.env ?? {});
    if (result.status !== 0) return `install failed (${result.status}): ${filled}\n${result.stderr.slice(-2000)}`;
  }
  mkdirSync(path.dirname(marker), { recursive: true });
  writeFileSync(marker, new Date().toISOString() + "\n");
  return null;
}

/** A fresh copy of the pinned commit (git archive: tracked files only), with the checkout's node_modules linked. */
export function freshCopy(repo: RepoSpec, checkout: string, into: string): string {
  mkdirSync(into, { recursive: true });
  const extracted = spawnSync("bash", ["-c", `git -C ${checkout} archive ${repo.commit} | tar -x -C ${into}`]);
  if (extracted.status !== 0) throw new Error(`git archive of ${repo.name} failed: ${extracted.stderr}`);
  const link = (relative: string, depth: number): void => {
    for (const entry of readdirSync(path.join(checkout, relative), { withFileTypes: true })) {
      if (entry.name === ".git") continue;
      const rel = path.join(relative, entry.name);
      if (entry.name === "node_modules") {
        if (existsSync(path.join(into, relative))) symlinkSync(path.join(checkout, rel), path.join(into, rel));
      } else if (entry.isDirectory() && depth < 3) link(rel, depth + 1);
    }
  };
  link(".", 0);
  // The copy was just written: flush it so the first tool that syncs does not pay for it.
  spawnSync("sync", ["-f", into]);
  return into;
}
