import type { Command } from "commander";
import {
  CheckFailedError,
  createGateChecks,
  findRunInReview,
  finishReview,
  loadManifestForVerify,
  renderReviewLines,
  renderVerifyLines,
  verifyProject,
} from "../internal.js";
import type { CliCommand } from "./commands.js";
import { manifestArgumentHelp, resolveManifestArgument } from "./manifest-argument.js";
import { colors, printJson, printLine } from "./output.js";

interface VerifyFlags {
  json?: boolean;
  commands?: boolean;
}

/**
 * `graft verify <manifest>`: every import in scope resolves and every verify command passes, on the tree as it is
 * now. When a run applied with conflict markers waits for review and the tree passes, the run's deferred checks run
 * and it is marked applied.
 */
export const verifyCommand: CliCommand = {
  name: "verify",
  examples: [
    "graft verify                            # imports resolve, verify.commands pass",
    "graft verify --no-commands --json",
  ],
  register(command: Command) {
    command
      .argument("[manifest]", manifestArgumentHelp)
      .option("--json", "print the report as JSON")
      .option("--no-commands", "skip verify.commands")
      .action(async (given: string | undefined, flags: VerifyFlags) => {
        const file = resolveManifestArgument(given);
        const manifest = await loadManifestForVerify(file);
        const report = await verifyProject(manifest, { runCommands: flags.commands !== false });
        const inReview = await findRunInReview(manifest.root);
        const mine = inReview?.manifest.path === manifest.path || inReview?.manifest.sha256 === manifest.sha256;
        const pending = mine ? inReview : undefined;
        let review: Awaited<ReturnType<typeof finishReview>> | undefined;
        if (pending && report.ok) {
          const gates = createGateChecks(manifest);
          // What verify just proved on this tree need not run again: every import resolves, every command passed.
          const passed = ["import resolution", ...(flags.commands !== false ? ["verify commands"] : [])];
          review = await finishReview(manifest, { runId: pending.id, passed, gateChecks: (names) => gates(names) });
        }
        if (flags.json) printJson(review ? { ...report, review } : report);
        else {
          for (const line of renderVerifyLines(report)) printLine(line);
          if (review) for (const line of renderReviewLines(review, colors)) printLine(line);
          else if (pending)
            printLine(
              `run ${pending.id} still needs review: the tree does not pass yet (see above); or graft rollback ${pending.id}`,
            );
          else if (inReview)
            printLine(
              `run ${inReview.id} waits for review; it was made from ${inReview.manifest.path}: verify with that one`,
            );
        }
        if (!report.ok) {
          const failedCommands = report.commands.filter((outcome) => outcome.exitCode !== 0).length;
          throw new CheckFailedError(
            `verify failed: ${report.unresolved.length} unresolved import(s), ${report.markers.length} conflict marker line(s), ${failedCommands} failing command(s)`,
          );
        }
        if (review && review.status !== "applied") throw new CheckFailedError(review.message);
      });
  },
};
