import { RefusedError } from "../internal.js";
import { confirm, escapeTerminalText } from "./output.js";

/**
 * Asks before a command writes the tree, showing what it will do first; `--yes` skips the question. Without a
 * terminal to ask on, it refuses (exit 3) rather than writing unasked, as Terraform's `-auto-approve` does.
 */
export async function confirmApply(yes: boolean | undefined, summary: () => string, question: string): Promise<void> {
  if (yes) return;
  if (!process.stdin.isTTY || !process.stderr.isTTY)
    throw new RefusedError("not applied: pass --yes to apply without a prompt (there is no terminal to ask on)");
  process.stderr.write(`${escapeTerminalText(summary(), { keepNewlines: true })}\n`);
  if (!(await confirm(`${question} [y/N] `))) throw new RefusedError("not applied: not confirmed");
}
