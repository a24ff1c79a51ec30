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
    // Outside GitHub Actions unless a test says otherwise, so CI forms appear only when asked for.
    env: {
      ...process.env,
      NO_COLOR: "1",
      FORCE_COLOR: "0",
      GITHUB_ACTIONS: undefined,
      GITHUB_STEP_SUMMARY: undefined,
      ...options.env,
    },
    encoding: "utf8",
  });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}
