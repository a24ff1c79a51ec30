import { performance } from "node:perf_hooks";
import { buildProgram } from "../../src/cli/program.js";
import { reportCliError } from "../../src/cli/run.js";
import type { CliResult } from "./run-cli.js";

/** What one in-process CLI call did, and how long it took. */
export interface TimedCliResult extends CliResult {
  ms: number;
}

/**
 * Runs `graft …args` inside this process (the same program and error mapping as the binary, without a process
 * start per call), capturing stdout and stderr; `cwd` is entered for the call. Calls must not overlap.
 */
export async function runGraftInProcess(
  args: readonly string[],
  options: { cwd?: string; env?: Record<string, string | undefined> } = {},
): Promise<TimedCliResult> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const saved = {
    out: process.stdout.write.bind(process.stdout),
    err: process.stderr.write.bind(process.stderr),
    cwd: process.cwd(),
    env: { ...process.env },
  };
  const capture =
    (into: string[]) =>
    (chunk: string | Uint8Array): boolean => {
      into.push(typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8"));
      return true;
    };
  process.stdout.write = capture(stdout) as typeof process.stdout.write;
  process.stderr.write = capture(stderr) as typeof process.stderr.write;
  for (const [name, value] of Object.entries(options.env ?? {})) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  const started = performance.now();
  let code = 0;
  try {
    if (options.cwd) process.chdir(options.cwd);
    const argv = ["node", "graft", ...args];
    await (await buildProgram(argv)).parseAsync(argv);
  } catch (error) {
    code = reportCliError(error);
  } finally {
    process.stdout.write = saved.out;
    process.stderr.write = saved.err;
    process.chdir(saved.cwd);
    for (const name of Object.keys(process.env)) if (!(name in saved.env)) delete process.env[name];
    Object.assign(process.env, saved.env);
  }
  return { code, stdout: stdout.join(""), stderr: stderr.join(""), ms: performance.now() - started };
}
