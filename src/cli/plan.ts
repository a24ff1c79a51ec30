import type { Command } from "commander";
import {
  createTreeReader,
  loadManifest,
  planMigration,
  RefusedError,
  renderPatch,
  renderPlanHtml,
  renderPlanText,
  writeOutputFile,
} from "../internal.js";
import type { CliCommand } from "./commands.js";
import { clearProgressLine, colors, printJson, printLine, progressLine } from "./output.js";

interface PlanFlags {
  out?: string;
  patch?: string;
  html?: string;
  json?: boolean;
  check?: boolean;
}

/** `graft plan <manifest>`: the dry run. Computes every operation and writes nothing in the tree. */
export const planCommand: CliCommand = {
  name: "plan",
  register(program: Command) {
    program
      .command("plan")
      .description(
        "dry run: compute every operation (moves, conflict resolutions, import edits) and write nothing in the tree",
      )
      .argument("<manifest>", "manifest file (YAML or JSON)")
      .option("--out <file>", "save the plan as JSON (graft apply accepts it)")
      .option("--patch <file>", "write the changes as a git-style unified diff ('-' for stdout)")
      .option("--html <file>", "also write the plan as a self-contained HTML page (verdict, blockers, the patch)")
      .option("--json", "print the plan as JSON")
      .option("--check", "exit 3 when the plan cannot be applied (unresolved conflicts)")
      .action(async (file: string, flags: PlanFlags) => {
        const manifest = await loadManifest(file);
        const plan = await planMigration(manifest, { onProgress: (m) => progressLine(`graft plan: ${m}…`) });
        clearProgressLine();
        if (flags.out) await writeOutputFile(flags.out, JSON.stringify(plan, null, 2) + "\n");
        if (flags.patch) {
          const patch = renderPatch(plan, createTreeReader(plan.root).readFile);
          if (flags.patch === "-") process.stdout.write(patch);
          else await writeOutputFile(flags.patch, patch);
        }
        if (flags.html) {
          const patch = renderPatch(plan, createTreeReader(plan.root).readFile);
          await writeOutputFile(flags.html, renderPlanHtml(plan, patch, new Date().toISOString()));
        }
        if (flags.json) printJson(plan);
        else if (flags.patch !== "-") printLine(renderPlanText(plan, colors));
        if (flags.check && plan.blockers.length > 0) {
          throw new RefusedError(
            `plan cannot be applied: ${plan.blockers.length} unresolved conflict(s), first: ${plan.blockers[0]}`,
          );
        }
      });
  },
};
