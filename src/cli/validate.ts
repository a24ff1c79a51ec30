import type { Command } from "commander";
import { loadManifest } from "../internal.js";
import type { CliCommand } from "./commands.js";
import { printJson, printLine } from "./output.js";

/** `graft validate <manifest>`: checks a manifest and its paths; exit 2 with one line on the first problem. */
export const validateCommand: CliCommand = {
  name: "validate",
  register(program: Command) {
    program
      .command("validate")
      .description("check a manifest (schema, paths inside root, moves that exist and do not overlap)")
      .argument("<manifest>", "manifest file (YAML or JSON)")
      .option("--json", "print the normalized manifest as JSON")
      .action(async (file: string, options: { json?: boolean }) => {
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
