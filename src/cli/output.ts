import { createInterface } from "node:readline/promises";
import chalk from "chalk";
import type { ApplyEvent } from "../internal.js";

/** Writes a line to stdout. */
export function printLine(text = ""): void {
  process.stdout.write(text + "\n");
}

/** Writes a value as pretty JSON to stdout. */
export function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value, null, 2) + "\n");
}

/** Colours follow chalk's detection, which respects NO_COLOR, FORCE_COLOR and non-TTY output. */
export const colors = chalk;

/** Formats a one-line error for stderr: newlines folded so it stays one line. */
export function formatErrorLine(message: string): string {
  return `graft: ${message.replace(/\s*\n\s*/g, " ")}`;
}

/** Writes a progress message to stderr when it is a TTY. */
export function progressLine(text: string): void {
  if (process.stderr.isTTY) process.stderr.write(`\r${text}\x1b[K`);
}

/** Clears the progress line, if one was shown. */
export function clearProgressLine(): void {
  if (process.stderr.isTTY) process.stderr.write("\r\x1b[K");
}

/** Asks a yes/no question on stderr; only "y" or "yes" confirms. */
export async function confirm(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await rl.question(question)).trim());
  } finally {
    rl.close();
  }
}

/** Renders apply's progress events: warnings and failed checks on stderr, phases and actions on a TTY's progress line. */
export function showApplyProgress(event: ApplyEvent): void {
  if (event.type === "warning") process.stderr.write(`graft: warning: ${event.message}\n`);
  else if (event.type === "phase") progressLine(event.phase);
  else if (event.type === "action" && (event.index % 50 === 0 || event.index + 1 === event.total))
    progressLine(`action ${event.index + 1}/${event.total} ${event.description}`);
  else if (event.type === "check" && !event.ok)
    process.stderr.write(`graft: check ${event.name} failed: ${event.details ?? ""}\n`);
}
