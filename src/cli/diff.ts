import type { Command } from "commander";
import {
  CheckFailedError,
  compareTableFiles,
  diffReporters,
  renderDiffMarkdown,
  summarizeDiff,
  writeOutputFile,
} from "../diff.js";
import type { CliCommand } from "./commands.js";
import { appendJobSummary, isGithubActions } from "./github-output.js";
import { colors, printText } from "./output.js";
import { collect, type DiffFlags, parseCount, parseDiffFlags } from "./parse-diff-flags.js";

/** `graft diff <legacy> <migrated>`: compares two tables within tolerance; exit 0 equal, 1 different, 2 bad input. */
export const diffCommand: CliCommand = {
  name: "diff",
  examples: [
    "graft diff legacy.csv migrated.csv --rtol 1e-9 --atol 1e-12",
    "graft diff a.csv b.csv --key id,date --exact id --json",
    "graft diff a.csv b.csv --junit diff.xml --github",
  ],
  register(command: Command) {
    // List flags take one value each (repeat them or separate with commas), so they never swallow the files.
    command
      .argument("<legacy>", "the reference table")
      .argument("<migrated>", "the table to check")
      .option("--rtol <r>", "relative tolerance (default 1e-10); COLUMN=R for one column; repeatable", collect)
      .option("--atol <a>", "absolute tolerance (default 0); COLUMN=A for one column; repeatable", collect)
      .option(
        "--symmetric",
        "use |m-l| <= max(rtol*max(|l|,|m|), atol) (math.isclose) instead of numpy's asymmetric form",
      )
      .option(
        "--key <columns>",
        "align rows by these columns instead of by position (comma-separated; repeatable)",
        collect,
      )
      .option("--allow-duplicate-keys", "pair duplicate keys in order of appearance instead of failing")
      .option("--ignore-column-order", "accept the same columns in another order")
      .option("--columns <columns>", "compare only these columns (comma-separated; repeatable)", collect)
      .option("--ignore-columns <columns>", "do not compare these columns (comma-separated; repeatable)", collect)
      .option("--exact <columns>", "compare these columns' text byte for byte (comma-separated; repeatable)", collect)
      .option("--max-report <n>", "list at most N mismatching cells (default 20)")
      .option("--format <format>", "csv, tsv, json or ndjson (default: from the extension)")
      .option("--delimiter <char>", "field separator of delimited files, e.g. ';' or tab (implies csv)")
      .option("--trim", "ignore spaces and tabs around cells")
      .option("--no-parallel", "compare large files on one thread (by default a second thread takes half the rows)")
      .option("--json", "print the result as JSON")
      .option("--junit <file>", "also write a JUnit XML report to FILE")
      .option("--github", "also print GitHub Actions annotations (automatic when GITHUB_ACTIONS=true)")
      .option("--max-annotations <n>", "GitHub annotations for the file at most (default 10)")
      .action(
        async (
          legacy: string,
          migrated: string,
          flags: DiffFlags & { json?: boolean; junit?: string; github?: boolean; maxAnnotations?: string },
        ) => {
          const options = parseDiffFlags(flags);
          const maxAnnotations =
            flags.maxAnnotations === undefined ? undefined : parseCount("--max-annotations", flags.maxAnnotations);
          const result = await compareTableFiles(legacy, migrated, options);
          printText(diffReporters[flags.json ? "json" : "text"](result, colors).replace(/\n?$/, "\n"));
          if (flags.github || isGithubActions()) printText(diffReporters.github(result, colors, { maxAnnotations }));
          await appendJobSummary(() => renderDiffMarkdown(result));
          if (flags.junit !== undefined) await writeOutputFile(flags.junit, diffReporters.junit(result, colors));
          if (!result.equal) throw new CheckFailedError(summarizeDiff(result));
        },
      );
  },
};
