import { existsSync } from "node:fs";
import path from "node:path";
import type { Command } from "commander";
import {
  detectProjectLayout,
  InvalidInputError,
  RefusedError,
  renderStarterManifest,
  type StarterLanguage,
  writeOutputFile,
} from "../internal.js";
import type { CliCommand } from "./commands.js";
import { printLine, printNote } from "./output.js";

/** `graft init`: a commented starter graft.yaml for the current folder. */
export const initCommand: CliCommand = {
  name: "init",
  examples: [
    "graft init                              # graft.yaml for this folder, languages detected",
    "graft init --lang py",
  ],
  register(command: Command) {
    command
      .option("--lang <lang>", "write the sections of one language only: ts or py")
      .addHelpText("after", ["", "Examples:", "  graft init", "  graft init --lang py && graft validate"].join("\n"))
      .action(async (flags: { lang?: string }) => {
        if (flags.lang !== undefined && flags.lang !== "ts" && flags.lang !== "py")
          throw new InvalidInputError(`--lang: expected ts or py, got ${flags.lang}`);
        const root = process.cwd();
        const file = path.join(root, "graft.yaml");
        if (existsSync(file)) throw new RefusedError(`${file} exists already; not overwritten`);
        const layout = detectProjectLayout(root);
        const text = renderStarterManifest(path.basename(root), layout, flags.lang as StarterLanguage | undefined);
        await writeOutputFile(file, text);
        const found = [
          layout.tsconfig ? `TypeScript (${layout.tsconfig})` : "",
          layout.pythonRoots ? `Python (module roots ${layout.pythonRoots.join(", ")})` : "",
        ].filter(Boolean);
        printLine(`wrote ${file}${found.length ? `: ${found.join(", ")}` : ""}`);
        printNote("next: add a move, then graft plan (a dry run) and graft apply");
      });
  },
};
