import type { Command } from "commander";
import {
  applyPlan,
  buildMoveManifest,
  createTreeReader,
  planMigration,
  renderPatch,
  renderPlanText,
} from "../internal.js";
import type { CliCommand } from "./commands.js";
import { confirmApply } from "./confirm-apply.js";
import { clearProgressLine, colors, printJson, printLine, progressLine, showApplyProgress } from "./output.js";

interface MvFlags {
  dryRun?: boolean;
  yes?: boolean;
  json?: boolean;
  allowDirty?: boolean;
  verify: boolean;
}

/** `graft mv <from> <to>`: a one-off move without a manifest file, with everything a manifest run has. */
export const mvCommand: CliCommand = {
  name: "mv",
  examples: [
    "graft mv src/utils src/lib/utils --dry-run   # print the patch, write nothing",
    "graft mv src/utils src/lib/utils --yes         # move, rewrite imports, verify",
    "graft mv pkg/old.py pkg/new.py --json --yes",
  ],
  register(command: Command) {
    command
      .argument("<from>", "file or folder to move (relative to the current folder)")
      .argument("<to>", "where it goes")
      .option("-n, --dry-run", "print the patch (git apply accepts it) and write nothing")
      .option("-y, --yes", "apply without a prompt (needed when stdin is not a terminal)")
      .option("--json", "print the run record (or, with --dry-run, the plan) as JSON")
      .option("--allow-dirty", "apply even when git reports uncommitted changes under the root")
      .option("--no-verify", "skip import verification and verify commands")
      .addHelpText(
        "after",
        [
          "",
          "The project's settings come from graft.yaml (in this folder or above, up to the git root) when there is",
          "one, else from its files (tsconfig.json, Python layout). The run is recorded like a manifest run:",
          "graft history lists it and graft rollback undoes it.",
        ].join("\n"),
      )
      .action(async (from: string, to: string, flags: MvFlags) => {
        const manifest = await buildMoveManifest({ cwd: process.cwd(), from, to });
        const plan = await planMigration(manifest, { onProgress: (m) => progressLine(`graft mv: ${m}…`) });
        clearProgressLine();
        if (flags.dryRun) {
          if (flags.json) printJson(plan);
          else process.stdout.write(renderPatch(plan, createTreeReader(plan.root).readFile));
          return;
        }
        await confirmApply(
          flags.yes,
          () => renderPlanText(plan, colors, { maxOperations: 20 }),
          `apply this move to ${plan.root}?`,
        );
        const record = await applyPlan(plan, {
          allowDirty: flags.allowDirty,
          verify: flags.verify,
          manifest: manifest.data,
          handleSignals: true,
          command: ["graft", ...process.argv.slice(2)],
          onEvent: showApplyProgress,
        });
        progressLine("");
        if (flags.json) printJson(record);
        else
          printLine(
            `moved ${manifest.data.moves[0]!.from} → ${manifest.data.moves[0]!.to}: run ${record.id}, ${plan.summary.moved} file(s) moved, ${plan.summary.edited} edited (undo with graft rollback ${record.id})`,
          );
      });
  },
};
