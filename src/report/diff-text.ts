import type { ChalkInstance } from "chalk";
import type { DiffResult } from "../equivalence/diff/diff-types.js";
import { describeTolerance } from "./column-facts.js";
import { clipCell, formatError, formatTable } from "./format-table.js";

/** Human report of a table comparison: structure, per-column table, first mismatches, verdict and formula. */
export function renderDiffText(result: DiffResult, color: ChalkInstance): string {
  const lines: string[] = [];
  lines.push(
    color.bold("graft diff") +
      `  legacy ${result.legacy.path} (${result.legacy.format}, ${result.rows.legacy} rows)` +
      `  migrated ${result.migrated.path} (${result.migrated.format}, ${result.rows.migrated} rows)`,
  );
  if (result.keyColumns !== null)
    lines.push(`rows aligned by key: ${result.keyColumns.join(", ")} (${result.alignedRows} pairs)`);
  lines.push("");
  if (result.structure.length > 0) {
    lines.push(color.bold("Structure"));
    for (const problem of result.structure) lines.push(`  ${color.red("✗")} ${problem.message}`);
    lines.push("");
  }
  const names = Object.keys(result.columns);
  if (names.length > 0) {
    lines.push(color.bold("Columns"));
    const rows = names.map((name) => {
      const stats = result.columns[name];
      return [
        name,
        String(stats.compared),
        String(stats.mismatches),
        formatError(stats.maxAbsError),
        stats.maxAbsAt === null ? "—" : String(stats.maxAbsAt + 1),
        stats.maxAbsValues === null
          ? "—"
          : `${clipCell(String(stats.maxAbsValues.legacy), 14)} → ${clipCell(String(stats.maxAbsValues.migrated), 14)}`,
        formatError(stats.maxRelError),
        stats.maxRelAt === null ? "—" : String(stats.maxRelAt + 1),
        describeTolerance(stats),
      ];
    });
    const table = formatTable(
      [
        "column",
        "compared",
        "mismatches",
        "max abs err",
        "at data row",
        "legacy → migrated",
        "max rel err",
        "at data row",
        "tolerance",
      ],
      rows,
    );
    // One push per line: spreading 100k+ lines into push overflows the call stack.
    for (let i = 0; i < table.length; i++)
      lines.push(i > 0 && Number(rows[i - 1][2]) > 0 ? color.red(table[i]) : table[i]);
    lines.push("");
  }
  if (result.mismatchCount > 0) {
    const shown = result.mismatches.length;
    lines.push(
      color.bold(
        shown < result.mismatchCount ? `First ${shown} of ${result.mismatchCount} mismatches` : `Mismatches (${shown})`,
      ),
    );
    const isKeyed = result.keyColumns !== null;
    const rows = result.mismatches.map((m) => [
      isKeyed && m.key !== null ? Object.values(m.key).join(",") : String(m.row + 1),
      String(m.legacyLine),
      m.column,
      clipCell(m.legacy),
      clipCell(m.migrated),
      formatError(m.absError),
      formatError(m.relError),
      m.kind,
    ]);
    for (const line of formatTable(
      [isKeyed ? "key" : "data row", "line", "column", "legacy", "migrated", "abs err", "rel err", "kind"],
      rows,
    ))
      lines.push(line);
    lines.push("");
  }
  lines.push(renderVerdict(result, color));
  lines.push(`  formula: ${result.formula}`);
  lines.push(`  tolerances: rtol=${result.rtol} atol=${result.atol}${describeOverrides(result)}`);
  return lines.join("\n");
}

/** The one-line verdict (also the CLI's exit message). */
export function summarizeDiff(result: DiffResult): string {
  if (result.equal)
    return `equal: ${result.alignedRows} rows × ${Object.keys(result.columns).length} columns within tolerance`;
  const parts: string[] = [];
  if (result.structure.length > 0) parts.push(`${result.structure.length} structural problem(s)`);
  if (result.mismatchCount > 0) {
    const columns = Object.values(result.columns).filter((s) => s.mismatches > 0).length;
    parts.push(`${result.mismatchCount} mismatching cell(s) in ${columns} column(s)`);
  }
  return `different: ${parts.join(", ")}`;
}

function renderVerdict(result: DiffResult, color: ChalkInstance): string {
  const text = summarizeDiff(result);
  return result.equal ? color.green.bold(`✓ ${text}`) : color.red.bold(`✗ ${text}`);
}

function describeOverrides(result: DiffResult): string {
  const overrides: string[] = [];
  for (const name in result.columns) {
    const s = result.columns[name]!;
    if (s.exact || s.rtol !== result.rtol || s.atol !== result.atol) overrides.push(`${name}: ${describeTolerance(s)}`);
  }
  return overrides.length > 0 ? `; per column: ${overrides.join(", ")}` : "";
}
