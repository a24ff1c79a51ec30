import type { Command } from "commander";
import { CheckFailedError, findGraftRoot, listBackups, pruneBackups, verifyBackups } from "../internal.js";
import type { CliCommand } from "./commands.js";
import { printJson, printLine } from "./output.js";

interface RootFlags {
  root?: string;
  json?: boolean;
  trustRecords?: boolean;
}

/** `graft backup verify|list|prune`: maintenance of the content-addressed backup store. */
export const backupCommand: CliCommand = {
  name: "backup",
  examples: [
    "graft backup verify                     # re-hash every object runs need",
    "graft backup list",
    "graft backup prune --keep 10",
  ],
  register(command: Command) {
    const rootOf = (flags: RootFlags) => flags.root ?? findGraftRoot(process.cwd());
    command
      .command("verify")
      .description("re-hash the objects runs need; report missing or corrupt ones by path and run (exit 1)")
      .argument("[run-id]", "only this run")
      .option("--root <dir>", "migration root")
      .option("--json", "print the report as JSON")
      .option("--trust-records", "do not report run records that are not signed by your key")
      .action(async (runId: string | undefined, flags: RootFlags) => {
        const report = await verifyBackups(rootOf(flags), runId, undefined, { trustRecords: flags.trustRecords });
        const total = report.problems.length + report.records.length;
        if (flags.json) printJson(report);
        else {
          for (const p of report.problems)
            printLine(
              `${p.problem}: ${p.path} (run ${p.runId}) object ${p.sha256}${p.actual ? ` hashes to ${p.actual}` : ""}`,
            );
          for (const r of report.records) printLine(`record: run ${r.runId}: ${r.problem}`);
          printLine(`${report.objectsChecked} object(s) of ${report.runs.length} run(s) checked, ${total} problem(s)`);
        }
        const first = report.problems[0];
        if (first)
          throw new CheckFailedError(
            `${total} backup problem(s): first ${first.problem} object for ${first.path} (run ${first.runId})`,
          );
        const record = report.records[0];
        if (record)
          throw new CheckFailedError(
            `${total} backup problem(s): first the record of run ${record.runId}: ${record.problem}`,
          );
      });
    command
      .command("list")
      .description("list runs with the number and size of the backup objects each needs")
      .option("--root <dir>", "migration root")
      .option("--json", "print as JSON")
      .action(async (flags: RootFlags) => {
        const list = await listBackups(rootOf(flags));
        if (flags.json) printJson(list);
        else {
          for (const r of list.runs)
            printLine(`${r.runId}  ${r.status.padEnd(12)}  ${r.objects} object(s)  ${formatBytes(r.bytes)}`);
          for (const p of list.problems) printLine(`${p.runId}  unreadable    ${p.problem}`);
          printLine(`store: ${list.objects} object(s), ${formatBytes(list.bytes)}`);
        }
        const first = list.problems[0];
        if (first)
          throw new CheckFailedError(
            `${list.problems.length} run record(s) cannot be used, first: run ${first.runId}: ${first.problem}`,
          );
      });
    command
      .command("prune")
      .description("keep the N newest runs and remove other runs and every object no kept run needs")
      .requiredOption("--keep <n>", "number of newest runs to keep", (v) => Number(v))
      .option("--dry-run", "report what would be removed")
      .option("--root <dir>", "migration root")
      .option("--json", "print as JSON")
      .action(async (flags: RootFlags & { keep: number; dryRun?: boolean }) => {
        const report = await pruneBackups(rootOf(flags), flags.keep, { dryRun: flags.dryRun });
        if (flags.json) return printJson(report);
        const verb = flags.dryRun ? "would remove" : "removed";
        printLine(
          `${verb} ${report.removedRuns.length} run(s) and ${report.removedObjects} object(s) (${formatBytes(report.freedBytes)}); kept ${report.keptRuns.length} run(s)`,
        );
      });
  },
};

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 ** 2) return `${(bytes / 1024).toFixed(1)} KiB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
  return `${(bytes / 1024 ** 3).toFixed(2)} GiB`;
}
