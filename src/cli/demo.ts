import type { Command } from "commander";
import { CheckFailedError, runConsolidationDemo, runHmmDemo, type DemoSection } from "../index.js";
import type { CliCommand } from "./commands.js";
import { colors, printLine } from "./output.js";

interface DemoFlags {
  keep?: string;
  only?: "consolidation" | "hmm";
}

/** `graft demo`: the end-to-end story on temp copies of the bundled fixtures (what `npm start` runs). */
export const demoCommand: CliCommand = {
  name: "demo",
  register(program: Command) {
    program
      .command("demo")
      .description("run graft end to end on temp copies of the bundled fixtures (what `npm start` runs)")
      .option("--keep <dir>", "copy the migrated HMM tree to <dir> before rolling back")
      .option("--only <part>", "run one part: consolidation (Python trees) or hmm (staged TypeScript extraction)")
      .action(async (flags: DemoFlags) => {
        const print = (section: DemoSection) => {
          printLine(colors.bold.underline(section.title));
          printLine(section.body);
          printLine();
        };
        if (flags.only !== "hmm") {
          printLine(colors.bold("Part 1: consolidate two Python trees (classify, plan, apply, rollback)\n"));
          const result = await runConsolidationDemo(colors, print);
          if (!result.treeUnchanged) throw new CheckFailedError("demo: the dry run changed the tree");
          if (!result.restoredExactly) throw new CheckFailedError(`demo: rollback of run ${result.runId} did not restore the tree byte for byte`);
        }
        if (flags.only !== "consolidation") {
          printLine(colors.bold("Part 2: split the HMM monolith into modules, each step gated by equivalence\n"));
          const result = await runHmmDemo(colors, print, flags.keep ? { keep: flags.keep } : {});
          if (!result.ok) throw new CheckFailedError("demo: the staged HMM migration did not pass every gate");
          if (!result.restoredExactly) throw new CheckFailedError("demo: rolling back the HMM steps did not restore the tree byte for byte");
        }
      });
  },
};
