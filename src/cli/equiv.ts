import type { Command } from "commander";
import {
  CheckFailedError,
  equivReporters,
  loadManifest,
  parseShard,
  runEquivalence,
  summarizeEquiv,
  writeOutputFile,
} from "../internal.js";
import type { CliCommand } from "./commands.js";
import { colors, printText, progressLine } from "./output.js";

interface EquivFlags {
  only?: string[];
  json?: boolean;
  junit?: string;
  github?: boolean;
  shard?: string;
  record?: boolean;
  calibrate?: boolean;
}

/** `graft equiv <manifest>`: runs the manifest's equivalence experiments; exit 0 equivalent, 1 not, 2 bad input. */
export const equivCommand: CliCommand = {
  name: "equiv",
  register(program: Command) {
    program
      .command("equiv")
      .description(
        "prove equivalence: run legacy and migrated sides of each experiment and compare their outputs within tolerance",
      )
      .argument("<manifest>", "manifest file (YAML or JSON) with an equivalence section")
      .option("--only <names...>", "run only these experiments")
      .option("--shard <i/n>", "run the i-th of n deterministic slices of experiments × inputs (CI matrix)")
      .option("--record", "run the legacy side and store its outputs under .graft/baselines/ (for from: baseline)")
      .option("--calibrate", "also run the legacy side twice; report columns that differ from themselves")
      .option("--json", "print the report as JSON")
      .option("--junit <file>", "also write a JUnit XML report (one case per experiment × input × output)")
      .option("--github", "also print GitHub Actions ::error annotations")
      .action(async (file: string, flags: EquivFlags) => {
        const manifest = await loadManifest(file);
        const report = await runEquivalence(manifest, {
          only: (flags.only ?? []).flatMap((name) => name.split(",")).filter((name) => name !== ""),
          shard: flags.shard === undefined ? null : parseShard(flags.shard),
          record: flags.record ?? false,
          calibrate: flags.calibrate ?? false,
          onUnitStart: (unit, position, total) => progressLine(`graft equiv: ${position + 1}/${total} ${unit.id}`),
        });
        progressLine("");
        printText(equivReporters[flags.json ? "json" : "text"](report, colors).replace(/\n?$/, "\n"));
        if (flags.github) printText(equivReporters.github(report, colors));
        if (flags.junit !== undefined) await writeOutputFile(flags.junit, equivReporters.junit(report, colors));
        if (!report.equal) throw new CheckFailedError(summarizeEquiv(report));
      });
  },
};
