import type { Command } from "commander";
import { findGraftRoot, getDisplayStatus, listRunHistory } from "../internal.js";
import type { CliCommand } from "./commands.js";
import { printJson, printLine } from "./output.js";

/** `graft history`: every run, newest first. */
export const historyCommand: CliCommand = {
  name: "history",
  register(program: Command) {
    program
      .command("history")
      .description("list graft runs on this root, newest first")
      .option("--root <dir>", "migration root (default: the nearest folder with .graft above the current one)")
      .option("--json", "print the run records as JSON")
      .action(async (flags: { root?: string; json?: boolean }) => {
        const runs = await listRunHistory(flags.root ?? findGraftRoot(process.cwd()));
        if (flags.json) {
          printJson(
            runs.map((s) => ({
              ...s.record,
              status: getDisplayStatus(s),
              actions: s.record.actions.length,
              journaled: s.journaled,
            })),
          );
          return;
        }
        if (runs.length === 0) printLine("no runs");
        for (const s of runs) {
          const r = s.record;
          const stepAt = r.command.indexOf("--step");
          const stage =
            stepAt >= 0
              ? `  step ${r.command[stepAt + 1]} ${r.command
                  .slice(stepAt + 2)
                  .join(" ")
                  .replace(/^# /, "")}`
              : "";
          printLine(
            `${r.id}  ${getDisplayStatus(s).padEnd(12)}  ${r.manifest.name}${stage}  ${r.actions.length} action(s)  ${r.user}@${r.host}${r.error ? `  (${r.error})` : ""}`,
          );
        }
      });
  },
};
