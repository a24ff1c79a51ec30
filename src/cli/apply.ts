import { createInterface } from "node:readline/promises";
import type { Command } from "commander";
import { applyPlan, loadApplyInput, RefusedError, type ApplyEvent } from "../index.js";
import type { CliCommand } from "./commands.js";
import { printJson, printLine, progressLine } from "./output.js";

interface ApplyFlags {
  yes?: boolean;
  json?: boolean;
  allowDirty?: boolean;
  verify: boolean;
}

/** `graft apply <manifest | plan.json>`: backs up, writes atomically with a journal, verifies, rolls back on failure. */
export const applyCommand: CliCommand = {
  name: "apply",
  register(program: Command) {
    program
      .command("apply")
      .description("apply a migration for real: back up every touched file, write atomically, verify; roll back on any failure")
      .argument("<input>", "manifest file, or a plan saved by graft plan --out")
      .option("-y, --yes", "do not ask for confirmation")
      .option("--json", "print the run record as JSON")
      .option("--allow-dirty", "apply even when git reports uncommitted changes under the root")
      .option("--no-verify", "skip import verification and verify commands")
      .action(async (input: string, flags: ApplyFlags) => {
        const { plan, manifest } = await loadApplyInput(input);
        const count = plan.operations.length;
        if (!flags.yes && process.stdin.isTTY && process.stderr.isTTY) {
          if (!(await confirm(`apply ${count} operation(s) to ${plan.root}? [y/N] `))) throw new RefusedError("not applied: not confirmed");
        }
        const record = await applyPlan(plan, {
          allowDirty: flags.allowDirty,
          verify: flags.verify,
          manifest: manifest?.data,
          handleSignals: true,
          command: ["graft", ...process.argv.slice(2)],
          onEvent: showProgress,
        });
        progressLine("");
        if (flags.json) printJson(record);
        else printLine(`applied run ${record.id}: ${count} operation(s), ${record.steps.length} step(s) on ${record.root} (undo with graft rollback ${record.id})`);
      });
  },
};

function showProgress(event: ApplyEvent): void {
  if (event.type === "warning") process.stderr.write(`graft: warning: ${event.message}\n`);
  else if (event.type === "phase") progressLine(event.phase);
  else if (event.type === "step" && (event.index % 50 === 0 || event.index + 1 === event.total)) progressLine(`step ${event.index + 1}/${event.total} ${event.description}`);
  else if (event.type === "check" && !event.ok) process.stderr.write(`graft: check ${event.name} failed: ${event.details ?? ""}\n`);
}

async function confirm(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await rl.question(question)).trim());
  } finally {
    rl.close();
  }
}
