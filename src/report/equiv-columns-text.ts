import type { ChalkInstance } from "chalk";
import type { EquivReport } from "../equivalence/experiments/experiment-types.js";
import { formatError, formatTable } from "./format-table.js";

/** Per-column error table of every compared output: columns that differ at all, then a count of those that matched bit for bit. */
export function renderColumnErrors(report: EquivReport, color: ChalkInstance): string {
  const lines: string[] = [];
  for (const unit of report.units) {
    for (const output of unit.outputs) {
      if (!output.diff) continue;
      const entries = Object.entries(output.diff.columns);
      const differing = entries.filter(([, c]) => c.maxAbsError > 0 || c.mismatches > 0);
      const mark = output.equal ? color.green("✓") : color.red("✗");
      lines.push(
        `${mark} ${unit.id} ${output.file}: ${output.diff.rows.legacy} rows, ${entries.length} columns; ${output.diff.formula.split("(")[0]!.trim()}`,
      );
      if (differing.length > 0) {
        const rows = differing.map(([name, c]) => [
          name,
          String(c.compared),
          String(c.mismatches),
          formatError(c.maxAbsError),
          formatError(c.maxRelError),
          c.exact ? "exact" : `rtol ${c.rtol}`,
        ]);
        lines.push(
          ...formatTable(["column", "compared", "mismatches", "max abs", "max rel", "tolerance"], rows, "    "),
        );
      }
      const identical = entries.length - differing.length;
      lines.push(`    ${identical} column(s) identical${differing.length === 0 ? " (every cell bit for bit)" : ""}`);
    }
  }
  return lines.join("\n");
}
