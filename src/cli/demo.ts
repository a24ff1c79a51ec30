import type { Command } from "commander";
import {
  CheckFailedError,
  InvalidInputError,
  isHmmDemoAvailable,
  isPyDemoAvailable,
  renderDemoHtml,
  runConsolidationDemo,
  runHmmDemo,
  runPyDemo,
  stepOfStage,
  writeOutputFile,
  type DemoHtmlInput,
  type DemoSection,
} from "../internal.js";
import type { CliCommand } from "./commands.js";
import { colors, printLine } from "./output.js";

interface DemoFlags {
  keep?: string;
  html?: string;
  only?: "consolidation" | "hmm" | "py";
}

/** `graft demo`: the end-to-end story on temp copies of the bundled fixtures (what `npm start` runs). */
export const demoCommand: CliCommand = {
  name: "demo",
  examples: [
    "graft demo                              # the whole demo (what npm start runs)",
    "graft demo --only consolidation --html report.html",
    "graft demo --only py --keep /tmp/py-migrated",
  ],
  register(command: Command) {
    command
      .option("--keep <dir>", "copy the migrated HMM tree (the Python one with --only py) to <dir> before rolling back")
      .option(
        "--only <part>",
        "run one part: consolidation (Python trees), hmm (staged TypeScript extraction) or py (staged Python extraction)",
      )
      .option(
        "--html <file>",
        "also write the report as a self-contained HTML page (plan diffs, per-step gates, equivalence tables, the states plot)",
      )
      .action(async (flags: DemoFlags) => {
        if (flags.only !== undefined && !["consolidation", "hmm", "py"].includes(flags.only))
          throw new InvalidInputError(`demo: --only: expected consolidation, hmm or py, got "${flags.only}"`);
        const runs = (part: NonNullable<DemoFlags["only"]>): boolean => flags.only === undefined || flags.only === part;
        const sections: DemoSection[] = [];
        const patches: { name: string; text: string | Uint8Array }[] = [];
        const report: {
          steps: DemoHtmlInput["steps"][number][];
          equivalence: DemoHtmlInput["equivalence"][number][];
          statesPlots: DemoHtmlInput["statesPlots"][number][];
        } = { steps: [], equivalence: [], statesPlots: [] };
        const print = (section: DemoSection) => {
          sections.push({ title: stripAnsi(section.title), body: stripAnsi(section.body) });
          printLine(colors.bold.underline(section.title));
          printLine(section.body);
          printLine();
        };
        // Temp copies are removed at the end; --keep keeps them (and the migrated HMM tree in DIR).
        const removeWorkdir = flags.keep === undefined;
        const failures: string[] = [];
        try {
          if (runs("consolidation")) {
            printLine(colors.bold("Part 1: consolidate two Python trees (classify, plan, apply, rollback)\n"));
            const result = await runConsolidationDemo(colors, print, { removeWorkdir });
            patches.push({ name: "consolidation: changes.patch", text: result.patch });
            report.steps.push(...result.steps);
            if (!result.treeUnchanged) failures.push("the dry run changed the tree");
            if (!result.restoredExactly)
              failures.push(`rollback of run ${result.runId} did not restore the tree byte for byte`);
          }
          if (runs("hmm") && failures.length === 0 && !isHmmDemoAvailable()) {
            if (flags.only === "hmm")
              throw new InvalidInputError("demo --only hmm: the HMM part runs from a clone of graft (npm start)");
            printLine("Part 2 (the staged HMM migration) runs from a clone of graft: `npm ci && npm start`.");
          } else if (runs("hmm") && failures.length === 0) {
            printLine(colors.bold("Part 2: split the HMM monolith into modules, each step gated by equivalence\n"));
            const result = await runHmmDemo(colors, print, {
              ...(flags.keep ? { keep: flags.keep } : {}),
              plot: flags.html !== undefined,
              removeWorkdir,
            });
            patches.push({ name: "HMM step 1: step-1.patch", text: result.firstPatchBytes });
            report.steps.push(...result.steps);
            if (result.finalReport)
              report.equivalence.push({
                title: "HMM: migrated pipeline vs monolith and original",
                report: result.finalReport,
              });
            if (result.states) report.statesPlots.push(result.states);
            const failed = result.stages.find((stage) => stage.status === "failed");
            if (failed)
              failures.push(`step ${failed.index + 1} (${failed.name}) failed: ${failed.error ?? "see above"}`);
            else if (!result.ok)
              failures.push("the migrated pipeline is not equivalent to the monolith and the original program");
            if (!result.restoredExactly)
              failures.push("rolling back the HMM steps did not restore the tree byte for byte");
          }
          if (runs("py") && failures.length === 0 && !isPyDemoAvailable()) {
            if (flags.only === "py")
              throw new InvalidInputError("demo --only py: the Python part runs from a clone of graft (npm start)");
            printLine("Part 3 (the staged Python migration) runs from a clone of graft: `npm ci && npm start`.");
          } else if (runs("py") && failures.length === 0) {
            printLine(colors.bold("Part 3: split a Python monolith into modules, each step gated by equivalence\n"));
            const result = await runPyDemo(colors, print, {
              ...(flags.keep && flags.only === "py" ? { keep: flags.keep } : {}),
              removeWorkdir,
            });
            patches.push({ name: "Python step 1: step-1.patch", text: result.firstPatchBytes });
            report.steps.push(...result.stages.map((stage) => stepOfStage(stage, null, "Python")));
            if (result.finalReport)
              report.equivalence.push({ title: "Python: migrated program vs monolith", report: result.finalReport });
            const failed = result.stages.find((stage) => stage.status === "failed");
            if (failed)
              failures.push(`Python step ${failed.index + 1} (${failed.name}) failed: ${failed.error ?? "see above"}`);
            else if (!result.ok) failures.push("the migrated Python program is not equivalent to the monolith");
            if (!result.restoredExactly)
              failures.push("rolling back the Python steps did not restore the tree byte for byte");
          }
        } finally {
          // The report is written whatever happened: a failed demo is the one people most need to read.
          if (flags.html) {
            await writeOutputFile(
              flags.html,
              renderDemoHtml({
                title: "graft demo",
                failures,
                ...report,
                sections,
                patches,
                generatedAt: new Date().toISOString(),
              }),
            );
            printLine(`HTML report: ${flags.html}`);
          }
        }
        if (failures.length > 0) throw new CheckFailedError(`demo: ${failures.join("; ")}`);
        printLine(
          colors.green.bold(
            "demo passed: every dry run wrote nothing, every gate held, every rollback restored the tree byte for byte",
          ),
        );
        if (removeWorkdir)
          printLine(
            "temp folders removed (--keep DIR keeps them and the migrated HMM tree, or the Python one with --only py)",
          );
      });
  },
};

function stripAnsi(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\x1b\[[0-9;]*m/g, "");
}
