import type { ChalkInstance } from "chalk";
import type { StagedPlan, StagedPlanStep } from "../model/staged-plan.js";
import type { CodemodSummary } from "../model/stage.js";

/** Options of `renderStagedPlanText`. */
export interface StagedPlanTextOptions {
  /** Files listed per kind of change before "… and N more" (default 20). */
  maxFiles?: number;
  /** The type-check each step runs after its writes (the manifest's tsconfig), if any. */
  typecheck?: string;
}

/** Human summary of a staged dry run: per step its kind, files, edit counts, checks and gates (listed, not run); then totals. */
export function renderStagedPlanText(
  plan: StagedPlan,
  color: ChalkInstance,
  options: StagedPlanTextOptions = {},
): string {
  const lines = [
    color.bold(`Plan for ${plan.manifest.name} (root ${plan.root}): ${plan.steps.length} step(s), nothing written`),
  ];
  for (const step of plan.steps) lines.push(...renderStep(step, color, options));
  for (const skipped of plan.notPlanned)
    lines.push(color.dim(`step ${skipped.index + 1} ${skipped.name}: not planned (an earlier step cannot be applied)`));
  const t = plan.totals;
  lines.push(
    color.bold(
      `Totals: ${t.steps} step(s); ${t.created} created, ${t.edited} edited, ${t.moved} moved, ${t.deleted} deleted`,
    ),
  );
  const kinds = formatCounts(t.editsByKind);
  if (kinds) lines.push(`  edits: ${kinds}`);
  if (t.blockers.length) {
    lines.push(color.red.bold(`Cannot be applied until ${t.blockers.length} problem(s) are resolved:`));
    for (const b of t.blockers) lines.push(color.red(`  ${b}`));
  } else if (t.markers.length) {
    lines.push(
      color.yellow.bold(
        `Writes conflict markers into ${t.markers.length} file(s); apply needs --accept-markers, then a review (graft verify):`,
      ),
    );
    for (const m of t.markers) lines.push(color.yellow(`  ${m}`));
  } else lines.push(color.green("Ready to apply."));
  return lines.join("\n");
}

function renderStep(step: StagedPlanStep, color: ChalkInstance, options: StagedPlanTextOptions): string[] {
  const max = options.maxFiles ?? 20;
  const lines = [color.bold(`step ${step.index + 1} ${step.name} (${step.kind}): ${step.detail}`)];
  const list = (label: string, paths: readonly string[]) => {
    if (paths.length === 0) return;
    lines.push(`  ${label} ${paths.length}:`);
    for (const p of paths.slice(0, max)) lines.push(`    ${p}`);
    if (paths.length > max) lines.push(`    … and ${paths.length - max} more (see --json or --patch)`);
  };
  const f = step.files;
  list("created", f.created);
  list("edited", f.edited);
  list(
    "moved",
    f.moved.map((m) => `${m.from} → ${m.to}`),
  );
  list("deleted", f.deleted);
  if (!f.created.length && !f.edited.length && !f.moved.length && !f.deleted.length) lines.push("  no file changes");
  const kinds = formatCounts(f.editsByKind);
  if (kinds) lines.push(`  edits: ${kinds}`);
  if (step.codemod) lines.push(...renderCodemod(step.codemod, color));
  const checks = [
    ...(options.typecheck ? [`typecheck ${options.typecheck}`] : []),
    ...step.gate.map((g) => `gate ${g}`),
  ];
  lines.push(
    `  checks after apply (not run by plan): ${checks.length ? checks.join(", ") : "none besides import resolution"}`,
  );
  for (const m of step.plan.markers ?? []) lines.push(color.yellow(`  conflict markers written into ${m}`));
  for (const r of step.plan.reported) lines.push(`  listed, not rewritten: ${r.path}:${r.line}:${r.column} ${r.text}`);
  for (const w of step.plan.warnings) lines.push(color.yellow(`  warning: ${w}`));
  for (const b of step.plan.blockers) lines.push(color.red(`  blocked: ${b}`));
  if (step.failure) lines.push(color.red(`  fails: ${step.failure}`));
  return lines;
}

/** A codemod step's per-file summary like jscodeshift's: counts, every error, every report, summed stats. */
export function renderCodemod(codemod: CodemodSummary, color: ChalkInstance): string[] {
  const c = codemod.counts;
  const lines = [
    `  ${codemod.transform} (parser ${codemod.parser}): ${c.ok} ok, ${c.unchanged} unchanged, ${c.skipped} skipped, ${c.error} error(s)`,
  ];
  for (const e of codemod.errors) lines.push(color.red(`    error ${e.file}: ${e.error}`));
  for (const r of codemod.reports) lines.push(`    report ${r.file}: ${r.message}`);
  const stats = formatCounts(codemod.stats);
  if (stats) lines.push(`    stats: ${stats}`);
  return lines;
}

function formatCounts(counts: Record<string, number>): string {
  return Object.entries(counts)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, n]) => `${k} ${n}`)
    .join(", ");
}
