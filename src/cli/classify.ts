import type { Command } from "commander";
import { classificationJson, classifyTrees, loadManifest, renderClassificationText } from "../internal.js";
import type { CliCommand } from "./commands.js";
import { clearProgressLine, colors, printJson, printLine, progressLine } from "./output.js";

/** `graft classify <manifest>`: source-only / identical / conflict / target-only for every move. */
export const classifyCommand: CliCommand = {
  name: "classify",
  register(program: Command) {
    program
      .command("classify")
      .description("classify the files of each move's two trees: source-only, identical, conflict, target-only")
      .argument("<manifest>", "manifest file (YAML or JSON)")
      .option("--json", "print {moves:[{from,to,sourceOnly,identical,conflicts,targetOnly}]}")
      .action(async (file: string, options: { json?: boolean }) => {
        const moves = await classifyTrees(await loadManifest(file), {
          onProgress: (m) => progressLine(`graft classify: ${m}…`),
        });
        clearProgressLine();
        if (options.json) printJson(classificationJson(moves));
        else printLine(renderClassificationText(moves, colors));
      });
  },
};
