import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import type { MigrationPlan } from "../../src/model/plan.js";
import { repoRoot } from "../helpers/copy-fixture.js";

/** What happened to one apply child. */
export interface ChildOutcome {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Milliseconds from the lock appearing to the child's exit (or kill). */
  workMs: number;
  /** True when the lock never appeared before the child ended (it died first or was killed first). */
  lockSeen: boolean;
  stderr: string;
}

/** Copies the template tree (cp -a) into a new temp folder and writes the plan re-rooted there. */
export function prepareTrial(templateRoot: string, plan: MigrationPlan): { root: string; planPath: string } {
  const parent = mkdtempSync(path.join(os.tmpdir(), "graft-crash-"));
  const root = path.join(parent, "tree");
  const copy = spawnSync("cp", ["-a", templateRoot, root]);
  if (copy.status !== 0) throw new Error(`cp -a failed: ${copy.stderr.toString()}`);
  const planPath = path.join(parent, "plan.json");
  writeFileSync(planPath, JSON.stringify({ ...plan, root }));
  return { root, planPath };
}

/**
 * Starts `graft apply <plan> --yes --allow-dirty --no-verify`, waits until it takes the lock (so start-up time
 * does not count), then SIGKILLs it after `killAfterMs` (undefined: let it finish).
 */
export async function runApplyChild(root: string, planPath: string, killAfterMs?: number): Promise<ChildOutcome> {
  const child = spawn(
    process.execPath,
    [path.join(repoRoot, "bin/graft.js"), "apply", planPath, "--yes", "--allow-dirty", "--no-verify"],
    {
      // A saved plan applies only in the folder it was made for.
      cwd: root,
      stdio: ["ignore", "ignore", "pipe"],
      env: { ...process.env, NO_COLOR: "1" },
    },
  );
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on("exit", (code, signal) => resolve({ code, signal })),
  );
  let done = false;
  void exited.then(() => (done = true));
  const lock = path.join(root, ".graft/lock");
  while (!done && !existsSync(lock)) await sleep(1);
  const lockSeen = !done;
  const start = performance.now();
  if (killAfterMs !== undefined && !done) {
    await Promise.race([sleep(killAfterMs), exited]);
    if (!done) child.kill("SIGKILL");
  }
  const result = await exited;
  if (killAfterMs === undefined && result.code !== 0) throw new Error(`graft apply failed (${result.code}): ${stderr}`);
  return { ...result, workMs: performance.now() - start, lockSeen, stderr };
}

/** Runs `graft rollback --root <root> --yes` and returns its exit code and stderr. */
export function runRollbackCli(root: string): { code: number; stdout: string; stderr: string } {
  const result = spawnSync(
    process.execPath,
    [path.join(repoRoot, "bin/graft.js"), "rollback", "--root", root, "--yes"],
    { encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } },
  );
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}
