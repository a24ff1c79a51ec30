import type { ChalkInstance } from "chalk";
import type { EquivReport, SideMeasure, UnitResult } from "../equivalence/experiments/experiment-types.js";
import { describeFormula } from "../equivalence/diff/tolerance.js";
import { describeCellPlace, describeValueErrors } from "./column-facts.js";
import { renderOutputColumns } from "./equiv-columns-text.js";
import { clipCell, formatError } from "./format-table.js";

/** Human report of `graft equiv`: one block per experiment × input, then the verdict. */
export function renderEquivText(report: EquivReport, color: ChalkInstance): string {
  const lines: string[] = [];
  const shard = report.shard ? `  shard ${report.shard.index}/${report.shard.count}` : "";
  lines.push(
    color.bold(`graft equiv${report.mode === "compare" ? "" : ` --${report.mode}`}`) +
      `  ${report.manifest}${shard}  ${report.units.length} unit(s)`,
  );
  lines.push("");
  for (const unit of report.units) lines.push(...renderUnit(unit, color), "");
  if (report.recorded.length > 0) {
    lines.push(color.bold("Recorded baselines"));
    for (const file of report.recorded) lines.push(`  ${file}`);
    lines.push("");
  }
  lines.push(
    report.equal ? color.green.bold(`✓ ${summarizeEquiv(report)}`) : color.red.bold(`✗ ${summarizeEquiv(report)}`),
  );
  const formulas = new Set(
    report.units.flatMap((u) => u.outputs.map((o) => o.diff?.formula).filter((f): f is string => f !== undefined)),
  );
  if (formulas.size === 0) formulas.add(describeFormula(false));
  for (const formula of formulas) lines.push(`  formula: ${formula}`);
  return lines.join("\n");
}

/** The one-line verdict (also the CLI's exit message). */
export function summarizeEquiv(report: EquivReport): string {
  const count = (status: UnitResult["status"]) => report.units.filter((u) => u.status === status).length;
  if (report.mode === "record")
    return `recorded ${report.recorded.length} baseline file(s) for ${count("equal")} unit(s)${count("error") ? `, ${count("error")} failed` : ""}`;
  if (report.units.length === 0) return "no experiment units in this shard";
  if (report.equal) return `equivalent: ${report.units.length} unit(s) equal`;
  const parts = [`${count("different")} of ${report.units.length} unit(s) differ`];
  if (count("error") > 0) parts.push(`${count("error")} failed to run`);
  return `not equivalent: ${parts.join(", ")}`;
}

/** The exit message when units could not be set up (no baseline, a command that cannot start), or null when all could. */
export function summarizeSetupErrors(report: EquivReport): string | null {
  const broken = report.units.filter((u) => u.setupError);
  if (broken.length === 0) return null;
  return `set-up error in ${broken.length} unit(s), first: ${broken[0]!.id}: ${broken[0]!.message}`;
}

function renderUnit(unit: UnitResult, color: ChalkInstance): string[] {
  const mark =
    unit.status === "equal" ? color.green("✓") : unit.status === "different" ? color.red("✗") : color.red("!");
  const lines = [`${mark} ${color.bold(unit.id)}  ${unit.message}`];
  const sides = [describeSide("legacy", unit.legacy), describeSide("migrated", unit.migrated)].filter((s) => s !== "");
  if (sides.length > 0) lines.push(`    ${sides.join("   ")}`);
  if (unit.performance)
    lines.push(`    performance: ${unit.performance.passed ? "ok" : color.red("too slow")}, ${unit.performance.note}`);
  for (const output of unit.outputs) {
    if (output.error !== null) lines.push(`    ${output.file}: ${color.red(output.error)}`);
    else if (output.diff === null)
      lines.push(`    ${output.file}: ${output.bytesEqual ? "identical bytes" : color.red("bytes differ")}`);
    else {
      const diff = output.diff;
      lines.push(
        `    ${output.file}: ${diff.rows.legacy} row(s) × ${Object.keys(diff.columns).length} column(s)${diff.mismatchCount > 0 ? color.red(`, ${diff.mismatchCount} mismatching cell(s)`) : ""}`,
      );
      for (const problem of diff.structure) lines.push(`      ${color.red(problem.message)}`);
      lines.push(...renderOutputColumns(diff, color, "      "));
      for (const m of diff.mismatches.slice(0, 5)) {
        lines.push(
          `      ${describeCellPlace(m)} ${m.column}: legacy ${clipCell(m.legacy)}, migrated ${clipCell(m.migrated)} (${m.kind}${m.absError !== null ? `, abs ${formatError(m.absError)}, rel ${formatError(m.relError)}` : ""})`,
        );
      }
    }
  }
  if (unit.cases) lines.push(`    ${describeValueErrors(unit.cases)}`);
  for (const mismatch of unit.cases?.mismatches.slice(0, 5) ?? []) {
    for (const d of mismatch.differences.slice(0, 3)) {
      lines.push(`    case ${mismatch.name}: ${d.path}: legacy ${d.legacy}, migrated ${d.migrated} (${d.reason})`);
    }
  }
  if (unit.jitter !== null && unit.jitter.length === 0)
    lines.push("    calibration: deterministic: 0 jitter (two legacy runs gave identical outputs)");
  for (const note of unit.jitter ?? []) {
    const text = `jitter in ${note.output}:${note.column}: abs ${formatError(note.jitterAbs)}, rel ${formatError(note.jitterRel)} (rtol=${note.rtol} atol=${note.atol})`;
    lines.push(`    ${note.isBelowJitter ? color.yellow(`warning: tolerance below legacy ${text}`) : text}`);
  }
  for (const [side, text] of Object.entries(unit.stderr)) {
    if (!text) continue;
    lines.push(`    ${side} stderr:`);
    for (const line of text.trimEnd().split("\n").slice(-15)) lines.push(`      ${line}`);
  }
  return lines;
}

function describeSide(name: string, side: SideMeasure | null): string {
  if (side === null) return "";
  const time =
    side.medianMs === null
      ? "—"
      : `${side.medianMs.toFixed(side.medianMs < 10 ? 2 : 0)} ms${side.wallMs.length > 1 ? ` (median of ${side.wallMs.length})` : ""}`;
  const memory =
    side.peakMemoryBytes === null ? "peak memory n/a" : `peak ${(side.peakMemoryBytes / 1024 / 1024).toFixed(1)} MiB`;
  return `${name} [${side.source}] ${time}, ${memory}`;
}
