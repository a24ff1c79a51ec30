import type { Command } from "commander";
import { loadManifest } from "../internal.js";
import type { CliCommand } from "./commands.js";
import { manifestArgumentHelp, resolveManifestArgument } from "./manifest-argument.js";
import { printJson, printLine } from "./output.js";

/** `graft validate <manifest>`: checks a manifest and its paths; exit 2 with one line on the first problem. */
export const validateCommand: CliCommand = {
  name: "validate",
  examples: [
    "graft validate                          # graft.yaml in this folder or above",
    "graft validate manifests/move.yaml --json",
  ],
  register(command: Command) {
    command
      .argument("[manifest]", manifestArgumentHelp)
      .option("--json", "print the normalized manifest as JSON")
      .action(async (given: string | undefined, options: { json?: boolean }) => {
        const file = resolveManifestArgument(given);
        const manifest = await loadManifest(file);
        if (options.json)
          printJson({
            valid: true,
            path: manifest.path,
            root: manifest.root,
            sha256: manifest.sha256,
            manifest: manifest.data,
          });
        else printLine(`${manifest.path}: valid (${manifest.data.moves.length} move(s), root ${manifest.root})`);
      });
  },
};
