import type { Command } from "commander";
import { readFile } from "node:fs/promises";
import { CheckFailedError, renderDemoHtml, runConsolidationDemo, runHmmDemo, writeOutputFile, type DemoSection } from "../index.js";
import type { CliCommand } from "./commands.js";
import { colors, printLine } from "./output.js";

interface DemoFlags {
  keep?: string;
  html?: string;
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
      .option("--html <file>", "also write the report as a self-contained HTML page (plan diffs, per-step gates, equivalence tables, the states plot)")
      .action(async (flags: DemoFlags) => {
        const sections: DemoSection[] = [];
        const patches: { name: string; text: string }[] = [];
        let svg: { caption: string; markup: string } | undefined;
        const print = (section: DemoSection) => {
          sections.push({ title: section.title, body: stripAnsi(section.body) });
          printLine(colors.bold.underline(section.title));
          printLine(section.body);
          printLine();
        };
        if (flags.only !== "hmm") {
          printLine(colors.bold("Part 1: consolidate two Python trees (classify, plan, apply, rollback)\n"));
          const result = await runConsolidationDemo(colors, print);
          if (!result.treeUnchanged) throw new CheckFailedError("demo: the dry run changed the tree");
          if (!result.restoredExactly) throw new CheckFailedError(`demo: rollback of run ${result.runId} did not restore the tree byte for byte`);
          patches.push({ name: "consolidation: changes.patch", text: await readFile(result.patchFile, "latin1") });
        }
        if (flags.only !== "consolidation") {
          printLine(colors.bold("Part 2: split the HMM monolith into modules, each step gated by equivalence\n"));
          const result = await runHmmDemo(colors, print, { ...(flags.keep ? { keep: flags.keep } : {}), plot: flags.html !== undefined });
          patches.push({ name: "HMM step 1: step-1.patch", text: await readFile(result.firstPatch, "utf8") });
          if (result.plotSvg) svg = { caption: "Regimes found by the migrated pipeline (graft keeps the original's --plot)", markup: result.plotSvg };
          if (!result.ok) throw new CheckFailedError("demo: the staged HMM migration did not pass every gate");
          if (!result.restoredExactly) throw new CheckFailedError("demo: rolling back the HMM steps did not restore the tree byte for byte");
        }
        if (flags.html) {
          await writeOutputFile(flags.html, renderDemoHtml({ title: "graft demo", sections, patches, ...(svg ? { svg } : {}), generatedAt: new Date().toISOString() }));
          printLine(`HTML report: ${flags.html}`);
        }
      });
  },
};

function stripAnsi(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\x1b\[[0-9;]*m/g, "");
}
