import type { DiffResult } from "../equivalence/diff/diff-types.js";
import type { EquivReport, UnitResult } from "../equivalence/experiments/experiment-types.js";
import { describeTolerance } from "./column-facts.js";
import { summarizeDiff } from "./diff-text.js";
import { summarizeEquiv } from "./equiv-text.js";
import { formatError } from "./format-table.js";
import { escapeHtml } from "./html/escape-html.js";

/** `graft equiv`'s Markdown job summary (for `$GITHUB_STEP_SUMMARY`): the verdict, a table of units, then each compared output's columns. */
export function renderEquivMarkdown(report: EquivReport): string {
  const lines = [
    `## ${report.equal ? "✅" : "❌"} graft equiv: ${escapeCell(summarizeEquiv(report))}`,
    "",
    `Manifest \`${report.manifest}\`${report.shard ? `, shard ${report.shard.index}/${report.shard.count}` : ""}.`,
    "",
    "| unit | status | outputs | worst rel err | tolerance | message |",
    "|---|---|---|---|---|---|",
  ];
  for (const unit of report.units) {
    const worst = worstOf(unit);
    lines.push(
      `| ${escapeCell(unit.id)} | ${statusMark(unit)} | ${unit.outputs.filter((o) => o.equal).length}/${unit.outputs.length} equal | ${worst.rel} | ${escapeCell(worst.tolerance)} | ${escapeCell(unit.message)} |`,
    );
  }
  for (const unit of report.units) {
    for (const output of unit.outputs) {
      if (output.diff === null) continue;
      lines.push(
        "",
        `<details${output.equal ? "" : " open"}><summary>${output.equal ? "✅" : "❌"} ${escapeHtml(unit.id)} ${escapeHtml(output.file)}: ${escapeHtml(summarizeDiff(output.diff))}</summary>`,
        "",
        ...columnTable(output.diff),
        "",
        "</details>",
      );
    }
  }
  return `${lines.join("\n")}\n`;
}

/** `graft diff`'s Markdown job summary: the verdict and the per-column table. */
export function renderDiffMarkdown(result: DiffResult): string {
  return [
    `## ${result.equal ? "✅" : "❌"} graft diff: ${escapeCell(summarizeDiff(result))}`,
    "",
    `\`${result.legacy.path}\` (legacy) vs \`${result.migrated.path}\` (migrated); ${escapeCell(result.formula)}`,
    "",
    ...columnTable(result),
    "",
  ].join("\n");
}

function columnTable(diff: DiffResult): string[] {
  const rows = Object.entries(diff.columns).map(
    ([name, c]) =>
      `| ${escapeCell(name)} | ${c.mismatches > 0 ? "❌" : "✅"} ${c.mismatches}/${c.compared} | ${formatError(c.maxAbsError)} | ${formatError(c.maxRelError)} | ${c.maxAbsAt === null ? "—" : c.maxAbsAt + 1} | ${escapeCell(describeTolerance(c))} |`,
  );
  return [
    "| column | mismatches | max abs err | max rel err | at data row | tolerance |",
    "|---|---|---|---|---|---|",
    ...rows,
  ];
}

function worstOf(unit: UnitResult): { rel: string; tolerance: string } {
  if (unit.cases) {
    const t = unit.cases.tolerance;
    return { rel: formatError(unit.cases.errors.maxRelError), tolerance: `rtol=${t.rtol} atol=${t.atol}` };
  }
  let rel: number | null = null;
  const tolerances = new Set<string>();
  for (const output of unit.outputs) {
    for (const c of Object.values(output.diff?.columns ?? {})) {
      rel = Math.max(rel ?? 0, c.maxRelError);
      tolerances.add(describeTolerance(c));
    }
  }
  return { rel: formatError(rel), tolerance: [...tolerances].join(", ") || "—" };
}

function statusMark(unit: UnitResult): string {
  if (unit.status === "equal") return "✅ equal";
  if (unit.status === "different") return "❌ different";
  return unit.setupError ? "⚠️ set-up error" : "❌ failed to run";
}

// A table cell: pipes would end the cell, newlines the row, and markup would be read as HTML.
function escapeCell(text: string): string {
  return escapeHtml(text).replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}
