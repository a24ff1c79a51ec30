import chalk from "chalk";
import type { ApplyEvent } from "../internal.js";

/** Colours follow chalk's detection (FORCE_COLOR, non-TTY output), NO_COLOR and --no-color. */
export const colors = chalk;
if (process.env.NO_COLOR) colors.level = 0;

/** The program's output options (`--quiet`, `--verbose`, `--no-color`), set once before a command runs. */
const outputMode = { quiet: false, verbose: false };

/** Applies the program's global output options. */
export function configureOutput(options: { quiet?: boolean; verbose?: boolean; color?: boolean }): void {
  outputMode.quiet = options.quiet === true;
  outputMode.verbose = options.verbose === true && !outputMode.quiet;
  if (options.color === false) colors.level = 0;
}

/** True with `--verbose`: say more (progress without a terminal, where an internal error happened). */
export function isVerbose(): boolean {
  return outputMode.verbose;
}

// What can move the cursor, rewrite or hide a line, or reorder text on a terminal: C0 controls (tab and
// newline are handled apart), DEL, C1 controls, the Unicode line and paragraph separators and the
// bidirectional overrides and isolates.
const unsafeCharacters = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
// The colour and weight codes graft's own reports use (chalk's bold, dim, underline, foreground colours and
// resets); anything else, concealment and backgrounds included, is escaped like any control sequence.
const ownStyle = /\x1b\[(?:(?:0|1|2|4|22|24|39|3[0-7]|9[0-7])(?:;|(?=m)))*m/g;

/** `\u001b` for ESC and the like: readable, and valid inside a JSON string. */
function escapeCharacter(character: string): string {
  return `\\u${character.charCodeAt(0).toString(16).padStart(4, "0")}`;
}

/**
 * Makes text that may hold untrusted bytes (manifest values, file names, table cells, command output) safe to
 * write to a terminal: every control character is shown as `\u001b`-style text, so nothing in a message can move
 * the cursor, erase or rewrite a line, or reorder text. Newlines stay line breaks only with `keepNewlines`
 * (multi-line reports), and graft's own colour codes survive only when colours are on.
 */
export function escapeTerminalText(text: string, options: { keepNewlines?: boolean } = {}): string {
  const escapeRun = (run: string) =>
    run.replace(unsafeCharacters, escapeCharacter).replace(/\n/g, options.keepNewlines ? "\n" : "\\u000a");
  if (colors.level === 0) return escapeRun(text);
  let out = "";
  let last = 0;
  for (const match of text.matchAll(ownStyle)) {
    out += escapeRun(text.slice(last, match.index)) + match[0];
    last = match.index + match[0].length;
  }
  return out + escapeRun(text.slice(last));
}

/** Writes a line (or several) to stdout, escaped for the terminal. */
export function printLine(text = ""): void {
  process.stdout.write(escapeTerminalText(text, { keepNewlines: true }) + "\n");
}

/** Writes report text as it is, apart from the escaping every terminal output gets. */
export function printText(text: string): void {
  process.stdout.write(escapeTerminalText(text, { keepNewlines: true }));
}

/** Writes a value as pretty JSON to stdout; characters JSON leaves raw but terminals act on are escaped too. */
export function printJson(value: unknown): void {
  process.stdout.write(escapeTerminalText(JSON.stringify(value, null, 2), { keepNewlines: true }) + "\n");
}

/** Formats a one-line error for stderr: newlines folded so it stays one line, control characters escaped. */
export function formatErrorLine(message: string): string {
  return `graft: ${escapeTerminalText(message.replace(/\s*\n\s*/g, " "))}`;
}

/** Writes a warning line to stderr. */
export function printWarning(message: string): void {
  process.stderr.write(`${formatErrorLine(`warning: ${message}`)}\n`);
}

/** Writes a hint or side note to stdout (what to do next, where things are); `--quiet` leaves it out. */
export function printNote(text: string): void {
  if (!outputMode.quiet) printLine(text);
}

/**
 * Writes a progress message to stderr: on a terminal as one line rewritten in place, with `--verbose` as plain
 * lines anywhere (CI logs); never with `--quiet`.
 */
export function progressLine(text: string): void {
  if (outputMode.quiet || text === "") clearProgressLine();
  else if (process.stderr.isTTY) process.stderr.write(`\r${escapeTerminalText(text)}\x1b[K`);
  else if (outputMode.verbose) process.stderr.write(`${escapeTerminalText(text)}\n`);
}

/** Clears the progress line, if one was shown. */
export function clearProgressLine(): void {
  if (process.stderr.isTTY && !outputMode.quiet) process.stderr.write("\r\x1b[K");
}

/** Asks a yes/no question on stderr; only "y" or "yes" confirms. */
export async function confirm(question: string): Promise<boolean> {
  // Loaded here: only a prompt needs it, and start-up stays short.
  const { createInterface } = await import("node:readline/promises");
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await rl.question(escapeTerminalText(question))).trim());
  } finally {
    rl.close();
  }
}

/** Renders apply's progress events: warnings and failed checks on stderr, phases and actions on a TTY's progress line. */
export function showApplyProgress(event: ApplyEvent): void {
  if (event.type === "warning") printWarning(event.message);
  else if (event.type === "phase") progressLine(event.phase);
  else if (event.type === "action" && (event.index % 50 === 0 || event.index + 1 === event.total))
    progressLine(`action ${event.index + 1}/${event.total} ${event.description}`);
  else if (event.type === "check" && !event.ok) printWarning(`check ${event.name} failed: ${event.details ?? ""}`);
}
