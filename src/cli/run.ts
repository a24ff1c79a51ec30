import { CommanderError, type Command } from "commander";
import { ExitCode, isGraftError } from "../shared/errors.js";
import { formatErrorLine, isVerbose } from "./output.js";

/** Runs the program and turns typed errors into one stderr line and an exit code (the only place that does). */
export async function runCli(program: Command, argv: string[]): Promise<void> {
  // A reader that stops early (`graft history | head`) is not an error.
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw error;
  });
  try {
    await program.parseAsync(argv);
  } catch (error) {
    process.exitCode = reportCliError(error);
  }
}

/**
 * Writes the one line an error gets on stderr and returns the exit code. A bug (an error graft did not raise on
 * purpose) gets one line too: the stack only with GRAFT_DEBUG=1, so hostile input never shows a stack trace.
 */
export function reportCliError(error: unknown): number {
  if (error instanceof CommanderError) {
    if (error.code === "commander.helpDisplayed" || error.code === "commander.version" || error.exitCode === 0)
      return 0;
    return ExitCode.invalidInput;
  }
  if (isGraftError(error)) {
    process.stderr.write(formatErrorLine(error.message) + "\n");
    return error.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(
    `${formatErrorLine(`internal error: ${message} (please report this as a bug of graft; --verbose or GRAFT_DEBUG=1 shows where)`)}\n`,
  );
  if ((process.env.GRAFT_DEBUG || isVerbose()) && error instanceof Error && error.stack)
    process.stderr.write(`${error.stack}\n`);
  return ExitCode.internal;
}
