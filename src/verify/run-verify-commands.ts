import { spawn } from "node:child_process";

/** How one `verify.commands` entry ended. */
export interface CommandOutcome {
  command: string;
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  durationMs: number;
  /** Last few KB of combined stdout/stderr. */
  outputTail: string;
}

/** Runs each command in a shell with cwd = root, one after another; never throws for a failing command. */
export async function runVerifyCommands(
  commands: readonly string[],
  root: string,
  timeoutSeconds?: number,
): Promise<CommandOutcome[]> {
  const outcomes: CommandOutcome[] = [];
  for (const command of commands) outcomes.push(await runShellCommand(command, root, timeoutSeconds));
  return outcomes;
}

function runShellCommand(command: string, cwd: string, timeoutSeconds?: number): Promise<CommandOutcome> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(command, { cwd, shell: true, stdio: ["ignore", "pipe", "pipe"] });
    let outputTail = "";
    const keep = (chunk: Buffer): void => {
      outputTail = (outputTail + chunk.toString("utf8")).slice(-4000);
    };
    child.stdout.on("data", keep);
    child.stderr.on("data", keep);
    let timedOut = false;
    const timer =
      timeoutSeconds === undefined
        ? undefined
        : setTimeout(() => {
            timedOut = true;
            child.kill("SIGTERM");
          }, timeoutSeconds * 1000);
    const finish = (exitCode: number | null, signal: string | null): void => {
      if (timer) clearTimeout(timer);
      resolve({ command, exitCode, signal, timedOut, durationMs: Date.now() - started, outputTail });
    };
    child.on("error", (error) => {
      keep(Buffer.from(String(error.message)));
      finish(null, null);
    });
    child.on("close", (code, signal) => finish(code, signal));
  });
}
