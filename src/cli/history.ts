import type { Command } from "commander";
import { CheckFailedError, findGraftRoot, getDisplayStatus, readRunHistory } from "../internal.js";
import type { CliCommand } from "./commands.js";
import { printJson, printLine } from "./output.js";

/** `graft history`: every run, newest first. */
export const historyCommand: CliCommand = {
  name: "history",
  examples: ["graft history", "graft history --json"],
  register(command: Command) {
    command
      .option("--root <dir>", "migration root (default: the nearest folder with .graft above the current one)")
      .option("--json", "print the run records as JSON")
      .action(async (flags: { root?: string; json?: boolean }) => {
        const { runs, problems } = await readRunHistory(flags.root ?? findGraftRoot(process.cwd()));
        if (flags.json) {
          printJson(
            runs.map((s) => ({
              ...s.record,
              status: getDisplayStatus(s),
              actions: s.record.actions.length,
              journaled: s.journaled,
              trusted: s.trusted,
            })),
          );
          return failOnProblems(problems);
        }
        if (runs.length === 0 && problems.length === 0) printLine("no runs");
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
          const trust = s.trusted ? "" : "  [untrusted: not signed by your key]";
          printLine(
            `${r.id}  ${getDisplayStatus(s).padEnd(12)}  ${r.manifest.name}${stage}  ${r.actions.length} action(s)  ${r.user}@${r.host}${r.error ? `  (${r.error})` : ""}${trust}`,
          );
        }
        for (const p of problems) printLine(`${p.runId}  unreadable    ${p.problem}`);
        failOnProblems(problems);
      });
  },
};

/** Records that cannot be used make `history` exit 1 (after listing the rest), like any check that finds problems. */
function failOnProblems(problems: readonly { runId: string; problem: string }[]): void {
  const first = problems[0];
  if (first)
    throw new CheckFailedError(
      `${problems.length} run record(s) cannot be used, first: run ${first.runId}: ${first.problem}`,
    );
}
