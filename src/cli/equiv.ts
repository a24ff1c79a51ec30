import type { Command } from "commander";
import {
  CheckFailedError,
  type EquivReport,
  equivReporters,
  InvalidInputError,
  loadManifest,
  mergeEquivReports,
  parseShard,
  readShardReports,
  renderEquivHtml,
  renderEquivMarkdown,
  runEquivalence,
  summarizeEquiv,
  summarizeSetupErrors,
  writeOutputFile,
} from "../internal.js";
import type { CliCommand } from "./commands.js";
import { manifestArgumentHelp, resolveManifestArgument } from "./manifest-argument.js";
import { appendJobSummary, isGithubActions } from "./github-output.js";
import { colors, printText, progressLine } from "./output.js";
import { collect, parseCount, splitList } from "./parse-diff-flags.js";

interface EquivFlags {
  only?: string[];
  json?: boolean;
  junit?: string;
  github?: boolean;
  maxAnnotations?: string;
  html?: string;
  shard?: string;
  record?: boolean;
  calibrate?: boolean;
  mergeReports?: string;
}

/** `graft equiv <manifest>`: runs the manifest's equivalence experiments; exit 0 equivalent, 1 not, 2 bad input or set-up. */
export const equivCommand: CliCommand = {
  name: "equiv",
  examples: [
    "graft equiv                             # every experiment of graft.yaml",
    "graft equiv --only pipeline-outputs --junit equiv.xml",
    "graft equiv --shard 1/4 --json > shard1.json && graft equiv --merge-reports shards/",
  ],
  register(command: Command) {
    command
      .argument("[manifest]", manifestArgumentHelp)
      .option("--only <names>", "run only these experiments (comma-separated; repeatable)", collect)
      .option("--shard <i/n>", "run the i-th of n deterministic slices of experiments × inputs (CI matrix)")
      .option("--record", "run the legacy side and store its outputs under .graft/baselines/ (for from: baseline)")
      .option("--calibrate", "also run the legacy side twice; report columns that differ from themselves")
      .option("--merge-reports <dir>", "merge the --json reports of shards in DIR into one report (no experiment runs)")
      .option("--json", "print the report as JSON")
      .option("--junit <file>", "also write a JUnit XML report (one case per experiment × input × output)")
      .option("--html <file>", "also write a self-contained HTML report (verdict, per-column tables, error charts)")
      .option("--github", "also print GitHub Actions annotations (automatic when GITHUB_ACTIONS=true)")
      .option("--max-annotations <n>", "GitHub annotations per compared file at most (default 10)")
      .action(async (file: string | undefined, flags: EquivFlags) => {
        const maxAnnotations =
          flags.maxAnnotations === undefined ? undefined : parseCount("--max-annotations", flags.maxAnnotations);
        let report: EquivReport;
        if (flags.mergeReports !== undefined) {
          if (file !== undefined || flags.only || flags.shard || flags.record || flags.calibrate)
            throw new InvalidInputError(
              "--merge-reports: takes no manifest and no --only, --shard, --record or --calibrate",
            );
          report = mergeEquivReports(await readShardReports(flags.mergeReports));
        } else {
          const manifest = await loadManifest(resolveManifestArgument(file));
          report = await runEquivalence(manifest, {
            only: splitList(flags.only),
            shard: flags.shard === undefined ? null : parseShard(flags.shard),
            record: flags.record ?? false,
            calibrate: flags.calibrate ?? false,
            onUnitStart: (unit, position, total) => progressLine(`graft equiv: ${position + 1}/${total} ${unit.id}`),
          });
          progressLine("");
        }
        printText(equivReporters[flags.json ? "json" : "text"](report, colors).replace(/\n?$/, "\n"));
        if (flags.github || isGithubActions()) printText(equivReporters.github(report, colors, { maxAnnotations }));
        await appendJobSummary(() => renderEquivMarkdown(report));
        if (flags.junit !== undefined) await writeOutputFile(flags.junit, equivReporters.junit(report, colors));
        if (flags.html !== undefined)
          await writeOutputFile(flags.html, renderEquivHtml(report, new Date().toISOString()));
        // A unit that could not be set up says nothing about the migration: that is bad input, not a difference.
        const setup = summarizeSetupErrors(report);
        if (setup !== null) throw new InvalidInputError(setup);
        if (!report.equal) throw new CheckFailedError(summarizeEquiv(report));
      });
  },
};
