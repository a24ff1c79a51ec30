import { describeShellEnd, runShell } from "../shared/run-shell.js";

/** How one `verify.commands` entry ended. */
export interface CommandOutcome {
  command: string;
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  /** How it ended, in words ("exited with 1", "timed out after 30 s"). */
  ended: string;
  durationMs: number;
  /** The tail of its combined stdout/stderr. */
  outputTail: string;
}

/** Runs each command in a shell with cwd = root, one after another; never throws for a failing command. */
export async function runVerifyCommands(
  commands: readonly string[],
  root: string,
  timeoutSeconds?: number,
  options: { stopAtFailure?: boolean } = {},
): Promise<CommandOutcome[]> {
  const outcomes: CommandOutcome[] = [];
  const timeoutMs = timeoutSeconds === undefined ? undefined : timeoutSeconds * 1000;
  for (const command of commands) {
    const run = await runShell(command, { cwd: root, captureStdout: true, ...(timeoutMs ? { timeoutMs } : {}) });
    outcomes.push({
      command,
      exitCode: run.exitCode,
      signal: run.signal,
      timedOut: run.timedOut,
      ended: describeShellEnd(run, timeoutMs),
      durationMs: Math.round(run.wallMs),
      outputTail: run.startError ?? run.outputTail,
    });
    if (options.stopAtFailure && run.exitCode !== 0) break;
  }
  return outcomes;
}
