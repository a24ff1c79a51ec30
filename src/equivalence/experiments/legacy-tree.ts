import { spawn } from "node:child_process";
import { mkdtemp, readdir, rm, stat, symlink } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { materializeRunSnapshot } from "../../backup/materialize-snapshot.js";
import { InvalidInputError } from "../../shared/errors.js";

/** Where the legacy side's tree comes from. */
export type LegacySource =
  | { kind: "current" }
  | { kind: "git"; rev: string }
  | { kind: "backup" }
  | { kind: "baseline" };

/** Parses a side's `from`. */
export function parseLegacySource(from: string | undefined): LegacySource {
  if (from === undefined) return { kind: "current" };
  if (from === "backup" || from === "baseline") return { kind: from };
  if (from.startsWith("git:") && from.length > 4) return { kind: "git", rev: from.slice(4) };
  throw new InvalidInputError(`from: ${from}: expected backup, baseline or git:<rev>`);
}

/** A readable name of a source for reports. */
export function describeLegacySource(source: LegacySource): string {
  return source.kind === "current" ? "current tree" : source.kind === "git" ? `git:${source.rev}` : source.kind;
}

/** The folder where recorded baseline outputs of one experiment × input live. */
export function baselineFolder(root: string, experiment: string, input: string | null): string {
  return path.join(root, ".graft", "baselines", experiment, input ?? "_no-input");
}

/** Materializes a pre-migration tree into a temp folder; the caller removes it. */
export async function materializeLegacyTree(root: string, source: LegacySource): Promise<string> {
  if (source.kind !== "git" && source.kind !== "backup")
    throw new InvalidInputError(`no tree to materialize for ${source.kind}`);
  const dest = await mkdtemp(path.join(os.tmpdir(), `graft-legacy-${source.kind}-`));
  try {
    if (source.kind === "git") await extractGitRevision(root, source.rev, dest);
    else await materializeRunSnapshot(root, undefined, dest);
    await linkUntrackedDependencies(root, dest);
    return dest;
  } catch (error) {
    await rm(dest, { recursive: true, force: true });
    throw error;
  }
}

// git archive <rev>:<prefix> | tar -x: the tree as committed, without touching the work tree or index.
async function extractGitRevision(root: string, rev: string, dest: string): Promise<void> {
  const prefix = (await capture("git", ["rev-parse", "--show-prefix"], root)).stdout.trim();
  const verify = await capture("git", ["rev-parse", "--verify", "--quiet", `${rev}^{commit}`], root);
  if (verify.code !== 0) throw new InvalidInputError(`from: git:${rev}: not a commit in ${root}`);
  const treeish = prefix === "" ? verify.stdout.trim() : `${verify.stdout.trim()}:${prefix.replace(/\/$/, "")}`;
  await new Promise<void>((resolve, reject) => {
    const archive = spawn("git", ["archive", "--format=tar", treeish], {
      cwd: root,
      stdio: ["ignore", "pipe", "pipe"],
    });
    const tar = spawn("tar", ["-x", "-C", dest], { stdio: ["pipe", "ignore", "pipe"] });
    archive.stdout.pipe(tar.stdin);
    let errors = "";
    archive.stderr.on("data", (chunk: Buffer) => (errors += chunk.toString()));
    tar.stderr.on("data", (chunk: Buffer) => (errors += chunk.toString()));
    archive.on("error", reject);
    tar.on("error", reject);
    tar.on("close", (code) => {
      if (code === 0 && archive.exitCode !== null && archive.exitCode !== 0)
        reject(new InvalidInputError(`git archive ${treeish} failed: ${errors.trim()}`));
      else if (code === 0) resolve();
      else reject(new InvalidInputError(`git archive ${treeish} | tar -x failed: ${errors.trim()}`));
    });
  });
}

// Installed dependencies are not in git or backups; link them so the legacy command can run.
async function linkUntrackedDependencies(root: string, dest: string): Promise<void> {
  const present = new Set(await readdir(dest));
  for (const name of ["node_modules", ".venv", "venv"]) {
    if (present.has(name)) continue;
    const from = path.join(root, name);
    if (
      await stat(from).then(
        (s) => s.isDirectory(),
        () => false,
      )
    )
      await symlink(from, path.join(dest, name));
  }
}

function capture(command: string, args: string[], cwd: string): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, stdio: ["ignore", "pipe", "ignore"] });
    let stdout = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.on("error", () => resolve({ code: -1, stdout }));
    child.on("close", (code) => resolve({ code: code ?? -1, stdout }));
  });
}
