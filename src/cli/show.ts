import type { Command } from "commander";
import { findGraftRoot, getDisplayStatus, getRunOrThrow, type EntryState } from "../internal.js";
import type { CliCommand } from "./commands.js";
import { printJson, printLine } from "./output.js";

/** `graft show <run-id>`: one run's record. */
export const showCommand: CliCommand = {
  name: "show",
  examples: ["graft show 20261207T101500123Z-ab12cd", "graft show 20261207T101500123Z-ab12cd --json"],
  register(command: Command) {
    command
      .argument("<run-id>", "run id (see graft history)")
      .option("--root <dir>", "migration root (default: the nearest folder with .graft above the current one)")
      .option("--json", "print the run record as JSON")
      .action(async (runId: string, flags: { root?: string; json?: boolean }) => {
        const summary = await getRunOrThrow(flags.root ?? findGraftRoot(process.cwd()), runId);
        const r = summary.record;
        if (flags.json) {
          printJson({
            ...r,
            status: getDisplayStatus(summary),
            journaled: summary.journaled,
            trusted: summary.trusted,
          });
          return;
        }
        printLine(`run ${r.id}: ${getDisplayStatus(summary)}${r.error ? ` (${r.error})` : ""}`);
        if (!summary.trusted)
          printLine(
            "record: untrusted (not signed by your key: written by another user, on another machine, or edited since)",
          );
        printLine(
          `manifest ${r.manifest.path} (${r.manifest.name}, sha256 ${r.manifest.sha256.slice(0, 12)}), plan sha256 ${r.planSha256.slice(0, 12)}`,
        );
        printLine(
          `root ${r.root}; git ${r.git ? `${r.git.head?.slice(0, 12) ?? "(no commits)"}${r.git.dirty ? " dirty" : ""}` : "none"}`,
        );
        printLine(`by ${r.user}@${r.host} pid ${r.pid}, graft ${r.graftVersion}, node ${r.nodeVersion}, ${r.platform}`);
        printLine(
          `started ${r.startedAt}${r.endedAt ? `, ended ${r.endedAt}` : ""}; ${summary.journaled} of ${r.actions.length} action(s) journaled`,
        );
        for (const action of r.actions) {
          for (const c of action.changes)
            printLine(
              `  ${String(action.index + 1).padStart(4)} ${action.kind.padEnd(6)} ${c.path}: ${brief(c.before)} → ${brief(c.after)}`,
            );
        }
        for (const rb of r.rollbacks) {
          printLine(
            `rollback ${rb.at} (${rb.reason})${rb.paths ? ` of ${rb.paths.join(" ")}` : ""}: ${rb.restored.length} path(s)${rb.forcedBackups.length ? `, ${rb.forcedBackups.length} changed file(s) backed up first` : ""}`,
          );
        }
      });
  },
};

function brief(state: EntryState): string {
  if (state.kind === "file") return `${state.sha256.slice(0, 12)} (${state.mode.toString(8)})`;
  if (state.kind === "symlink") return `link ${state.target}`;
  return state.kind === "dir" ? "folder" : "absent";
}
