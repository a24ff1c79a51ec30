import type { Command } from "commander";
import { classificationJson, classifyTrees, loadManifest, renderClassificationText } from "../internal.js";
import type { CliCommand } from "./commands.js";
import { manifestArgumentHelp, resolveManifestArgument } from "./manifest-argument.js";
import { clearProgressLine, colors, printJson, printLine, progressLine } from "./output.js";

/** `graft classify <manifest>`: source-only / identical / conflict / target-only for every move. */
export const classifyCommand: CliCommand = {
  name: "classify",
  examples: ["graft classify manifests/merge.yaml", "graft classify --json | jq '.moves[0].conflicts'"],
  register(command: Command) {
    command
      .argument("[manifest]", manifestArgumentHelp)
      .option("--json", "print {moves:[{from,to,sourceOnly,identical,conflicts,targetOnly}]}")
      .action(async (given: string | undefined, options: { json?: boolean }) => {
        const file = resolveManifestArgument(given);
        const moves = await classifyTrees(await loadManifest(file), {
          onProgress: (m) => progressLine(`graft classify: ${m}…`),
        });
        clearProgressLine();
        if (options.json) printJson(classificationJson(moves));
        else printLine(renderClassificationText(moves, colors));
      });
  },
};
