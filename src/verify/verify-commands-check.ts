import type { PostWriteCheck } from "../model/post-write-check.js";
import { runVerifyCommands } from "./run-verify-commands.js";

/** Runs each `verify.commands` entry in a shell (cwd = root) after the writes; a non-zero exit fails the run. */
export function createVerifyCommandsCheck(commands: readonly string[], timeoutSeconds?: number): PostWriteCheck {
  return {
    name: "verify commands",
    async afterWrite(context) {
      const outcomes = await runVerifyCommands(commands, context.root, timeoutSeconds, { stopAtFailure: true });
      const failed = outcomes.find((outcome) => outcome.exitCode !== 0);
      if (failed) {
        const tail = failed.outputTail.trim().split("\n").slice(-3).join(" | ");
        return { ok: false, message: `verify command \`${failed.command}\` ${failed.ended}${tail ? `: ${tail}` : ""}` };
      }
      return { ok: true, details: `${commands.length} command(s) passed` };
    },
  };
}
