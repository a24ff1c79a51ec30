import type { ChalkInstance } from "chalk";
import type { DiffResult } from "../equivalence/diff/diff-types.js";
import type { EquivReport } from "../equivalence/experiments/experiment-types.js";
import { describeTolerance } from "./column-facts.js";
import { clipCell, formatError, formatTable } from "./format-table.js";

/** Per-column error table of every compared output (the demo's summary of a run). */
export function renderColumnErrors(report: EquivReport, color: ChalkInstance): string {
  const lines: string[] = [];
  for (const unit of report.units) {
    for (const output of unit.outputs) {
      if (!output.diff) continue;
      const mark = output.equal ? color.green("✓") : color.red("✗");
      lines.push(
        `${mark} ${unit.id} ${output.file}: ${output.diff.rows.legacy} rows, ${Object.keys(output.diff.columns).length} columns; ${output.diff.formula.split("(")[0]!.trim()}`,
      );
      lines.push(...renderOutputColumns(output.diff, color, "    "));
    }
  }
  return lines.join("\n");
}

/**
 * Every column of one comparison with its tolerance and worst errors: a table row for each column that differs at
 * all (where, legacy → migrated), then one line per tolerance for the columns that matched bit for bit.
 */
export function renderOutputColumns(diff: DiffResult, color: ChalkInstance, indent: string): string[] {
  const entries = Object.entries(diff.columns);
  const differing = entries.filter(([, c]) => c.maxAbsError > 0 || c.mismatches > 0);
  const lines: string[] = [];
  if (differing.length > 0) {
    const rows = differing.map(([name, c]) => [
      name,
      String(c.mismatches),
      formatError(c.maxAbsError),
      formatError(c.maxRelError),
      c.maxAbsAt === null ? "—" : String(c.maxAbsAt + 1),
      c.maxAbsValues === null
        ? "—"
        : `${clipCell(String(c.maxAbsValues.legacy), 20)} → ${clipCell(String(c.maxAbsValues.migrated), 20)}`,
      describeTolerance(c),
    ]);
    const table = formatTable(
      ["column", "mismatches", "max abs err", "max rel err", "at data row", "legacy → migrated", "tolerance"],
      rows,
      indent,
    );
    lines.push(...table.map((line, i) => (i > 0 && Number(rows[i - 1][1]) > 0 ? color.red(line) : line)));
  }
  const identical = new Map<string, string[]>();
  for (const [name, c] of entries) {
    if (c.maxAbsError > 0 || c.mismatches > 0) continue;
    const tolerance = describeTolerance(c);
    identical.set(tolerance, [...(identical.get(tolerance) ?? []), name]);
  }
  for (const [tolerance, names] of identical)
    lines.push(`${indent}${names.length} column(s) identical, max error 0 (${tolerance}): ${names.join(", ")}`);
  return lines;
}
