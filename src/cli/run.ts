import { CommanderError, type Command } from "commander";
import { ExitCode, isGraftError } from "../internal.js";
import { formatErrorLine } from "./output.js";

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
    process.exitCode = exitCodeOf(error);
  }
}

function exitCodeOf(error: unknown): number {
  if (error instanceof CommanderError) {
    if (error.code === "commander.helpDisplayed" || error.code === "commander.version" || error.exitCode === 0)
      return 0;
    return ExitCode.invalidInput;
  }
  if (isGraftError(error)) {
    process.stderr.write(formatErrorLine(error.message) + "\n");
    return error.exitCode;
  }
  const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
  process.stderr.write(`graft: internal error: ${message}\n`);
  return ExitCode.internal;
}
