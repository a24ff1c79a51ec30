import { spawnSync } from "node:child_process";
import path from "node:path";
import { repoRoot } from "./copy-fixture.js";

/** Result of running the built `graft` binary. */
export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `node bin/graft.js …args` (the built CLI) and captures its output; NO_COLOR keeps output plain. */
export function runGraft(args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): CliResult {
  const result = spawnSync(process.execPath, [path.join(repoRoot, "bin/graft.js"), ...args], {
    cwd: options.cwd ?? repoRoot,
    env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0", ...options.env },
    encoding: "utf8",
  });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}
