import { spawn } from "node:child_process";
import type { PostWriteCheck } from "../model/post-write-check.js";

/** Runs each `verify.commands` entry in a shell (cwd = root) after the writes; a non-zero exit fails the run. */
export function createVerifyCommandsCheck(commands: readonly string[], timeoutSeconds?: number): PostWriteCheck {
  return {
    name: "verify commands",
    async afterWrite(context) {
      for (const command of commands) {
        const result = await runShell(command, context.root, timeoutSeconds);
        if (result.code !== 0) {
          const tail = result.output.trim().split("\n").slice(-3).join(" | ");
          const how = result.timedOut ? `timed out after ${timeoutSeconds}s` : `exited ${result.code ?? result.signal}`;
          return { ok: false, message: `verify command \`${command}\` ${how}${tail ? `: ${tail}` : ""}` };
        }
      }
      return { ok: true, details: `${commands.length} command(s) passed` };
    },
  };
}

interface ShellResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  output: string;
  timedOut: boolean;
}

function runShell(command: string, cwd: string, timeoutSeconds?: number): Promise<ShellResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, { cwd, shell: true, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString("utf8")).slice(-4000);
    };
    child.stdout.on("data", keep);
    child.stderr.on("data", keep);
    let timedOut = false;
    const timer = timeoutSeconds
      ? setTimeout(() => {
          timedOut = true;
          child.kill("SIGTERM");
        }, timeoutSeconds * 1000)
      : undefined;
    child.on("error", reject);
    child.on("close", (code, signal) => {
      if (timer) clearTimeout(timer);
      resolve({ code, signal, output, timedOut });
    });
  });
}
