import type { Command } from "commander";
import {
  findGraftRoot,
  InvalidInputError,
  isRollbackable,
  listRunHistory,
  RefusedError,
  rollbackRun,
} from "../internal.js";
import type { CliCommand } from "./commands.js";
import { confirm, printJson, printLine, printWarning } from "./output.js";

interface RollbackFlags {
  root?: string;
  path?: string[];
  dryRun?: boolean;
  force?: boolean;
  yes?: boolean;
  json?: boolean;
  step?: string;
  trustRecords?: boolean;
}

/** `graft rollback [run-id]`: restores every path a run changed (or only --path globs), byte for byte. */
export const rollbackCommand: CliCommand = {
  name: "rollback",
  examples: [
    "graft rollback                          # undo the newest run",
    "graft rollback --dry-run                # what would be restored",
    "graft rollback 20261207T101500123Z-ab12cd --path 'src/**' --yes",
  ],
  register(command: Command) {
    command
      .argument("[run-id]", "run to roll back (see graft history)")
      .option("--root <dir>", "migration root (default: the nearest folder with .graft above the current one)")
      .option("--path <glob...>", "restore only matching paths (partial rollback)")
      .option("--dry-run", "show what would be restored and change nothing")
      .option("--force", "overwrite files changed after the run (they are backed up first)")
      .option("-y, --yes", "do not ask for confirmation")
      .option("--json", "print the result as JSON")
      .option("--step <n>", "undo the last n runs, newest first (the last n steps of a staged migration)")
      .option(
        "--trust-records",
        "accept run records not signed by your key (written by another user, on another machine, or by an older graft)",
      )
      .action(async (runId: string | undefined, flags: RollbackFlags) => {
        const root = flags.root ?? findGraftRoot(process.cwd());
        if (flags.step !== undefined) return rollbackSteps(root, runId, flags);
        const common = {
          runId,
          paths: flags.path,
          force: flags.force,
          trustRecords: flags.trustRecords,
          onWarning: printWarning,
        };
        if (!flags.dryRun && !flags.yes && process.stdin.isTTY && process.stderr.isTTY) {
          const preview = await rollbackRun(root, { ...common, dryRun: true });
          if (!(await confirm(`restore ${preview.entry.restored.length} path(s) of run ${preview.runId}? [y/N] `)))
            throw new RefusedError("not rolled back: not confirmed");
        }
        const result = await rollbackRun(root, { ...common, dryRun: flags.dryRun });
        if (flags.json) {
          printJson({
            runId: result.runId,
            dryRun: result.dryRun,
            wasInterrupted: result.wasInterrupted,
            ...result.entry,
            changedSince: result.assessment.changedSince.map((c) => c.target.path),
            leftAlone: result.leftAlone,
          });
          return;
        }
        const verb = result.dryRun ? "would restore" : "restored";
        const interrupted = result.wasInterrupted
          ? ` (interrupted run: ${result.journaled} of ${result.record.actions.length} actions journaled)`
          : "";
        printLine(`${verb} ${result.entry.restored.length} path(s) of run ${result.runId}${interrupted}`);
        if (result.dryRun) for (const p of result.entry.restored) printLine(`  ${p}`);
        for (const b of result.entry.forcedBackups) printLine(`  backed up changed ${b.path} before overwriting it`);
        for (const p of result.leftAlone) printLine(`  left ${p} in place: it holds files the run did not create`);
      });
  },
};

/** `--step n`: rolls back the newest n applied runs one by one, newest first, so each restores the tree the previous step left. */
async function rollbackSteps(root: string, runId: string | undefined, flags: RollbackFlags): Promise<void> {
  const count = Number(flags.step);
  if (!Number.isInteger(count) || count < 1)
    throw new InvalidInputError(`--step: expected a positive whole number, got ${flags.step}`);
  if (runId !== undefined || flags.path?.length)
    throw new InvalidInputError("--step: undoes whole runs; it cannot be combined with a run id or --path");
  const applied = (await listRunHistory(root)).filter((summary) => isRollbackable(summary));
  if (applied.length < count)
    throw new RefusedError(`--step ${count}: only ${applied.length} applied run(s) to roll back in ${root}`);
  if (!flags.dryRun && !flags.yes && process.stdin.isTTY && process.stderr.isTTY) {
    if (
      !(await confirm(
        `roll back the last ${count} run(s) (${applied
          .slice(0, count)
          .map((s) => s.record.id)
          .join(", ")})? [y/N] `,
      ))
    )
      throw new RefusedError("not rolled back: not confirmed");
  }
  const results = [];
  for (const summary of applied.slice(0, count)) {
    const result = await rollbackRun(root, {
      runId: summary.record.id,
      force: flags.force,
      dryRun: flags.dryRun,
      trustRecords: flags.trustRecords,
      onWarning: printWarning,
    });
    results.push({
      runId: result.runId,
      restored: result.entry.restored.length,
      command: summary.record.command.join(" "),
    });
    if (!flags.json)
      printLine(
        `${flags.dryRun ? "would restore" : "restored"} ${result.entry.restored.length} path(s) of run ${result.runId}  ${summary.record.command.slice(4).join(" ")}`,
      );
    if (flags.dryRun) break; // later runs can only be previewed once this one is really undone
  }
  if (flags.json) printJson(results);
}
