import type { Command } from "commander";
import { CheckFailedError, runConsolidationDemo } from "../index.js";
import type { CliCommand } from "./commands.js";
import { colors, printLine } from "./output.js";

/** `graft demo`: the end-to-end story on a temp copy of a bundled fixture (what `npm start` runs). */
export const demoCommand: CliCommand = {
  name: "demo",
  register(program: Command) {
    program
      .command("demo")
      .description("run graft end to end on a temp copy of a bundled fixture (what `npm start` runs)")
      .action(async () => {
        const result = await runConsolidationDemo(colors, (section) => {
          printLine(colors.bold.underline(section.title));
          printLine(section.body);
          printLine();
        });
        if (!result.treeUnchanged) throw new CheckFailedError("demo: the dry run changed the tree");
        if (!result.restoredExactly) throw new CheckFailedError(`demo: rollback of run ${result.runId} did not restore the tree byte for byte`);
      });
  },
};
