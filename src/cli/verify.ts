import type { Command } from "commander";
import { CheckFailedError, renderVerifyLines, loadManifestForVerify, verifyProject } from "../internal.js";
import type { CliCommand } from "./commands.js";
import { printJson, printLine } from "./output.js";

interface VerifyFlags {
  json?: boolean;
  commands?: boolean;
}

/** `graft verify <manifest>`: every import in scope resolves and every verify command passes, on the tree as it is now. */
export const verifyCommand: CliCommand = {
  name: "verify",
  register(program: Command) {
    program
      .command("verify")
      .description(
        "check that every import in scope resolves (TypeScript, Python) and run verify.commands; exit 1 on any failure",
      )
      .argument("<manifest>", "manifest file (YAML or JSON)")
      .option("--json", "print the report as JSON")
      .option("--no-commands", "skip verify.commands")
      .action(async (file: string, flags: VerifyFlags) => {
        const manifest = await loadManifestForVerify(file);
        const report = await verifyProject(manifest, { runCommands: flags.commands !== false });
        if (flags.json) printJson(report);
        else for (const line of renderVerifyLines(report)) printLine(line);
        if (!report.ok) {
          const failedCommands = report.commands.filter((outcome) => outcome.exitCode !== 0).length;
          throw new CheckFailedError(
            `verify failed: ${report.unresolved.length} unresolved import(s), ${failedCommands} failing command(s)`,
          );
        }
      });
  },
};
