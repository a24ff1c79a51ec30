import type { MigrationPlan } from "../model/plan.js";
import type { StagedPlan } from "../model/staged-plan.js";
import { createHtmlReport } from "./html/report-model.js";
import { renderReportHtml } from "./html/render-report-html.js";

/** `graft plan --html FILE`: the dry run as a self-contained page (verdict, blockers and warnings, the patch). */
export function renderPlanHtml(plan: MigrationPlan, patch: Uint8Array, generatedAt: string): string {
  const s = plan.summary;
  const ok = plan.blockers.length === 0;
  const kinds = Object.entries(s.editsByKind).sort(([a], [b]) => (a < b ? -1 : 1));
  const page = createHtmlReport(
    `graft plan: ${plan.manifest.name}`,
    {
      ok,
      headline: ok
        ? "ready to apply (dry run: nothing was written)"
        : `cannot be applied until ${plan.blockers.length} conflict(s) are resolved`,
      facts: [
        `${s.moved} file(s) moved, ${s.edited} edited in place, ${s.written} written, ${s.deleted} deleted`,
        ...(kinds.length > 0 ? [`specifier and text edits: ${kinds.map(([k, n]) => `${k} ${n}`).join(", ")}`] : []),
        `conflicts: ${s.conflicts} (${s.unresolvedConflicts} unresolved)`,
        `${plan.operations.length} operation(s), ${plan.warnings.length} warning(s)`,
      ],
    },
    generatedAt,
  );
  page.subtitle = `Root ${plan.root}`;
  page.notes.push(
    ...plan.blockers.map((text) => ({ level: "error" as const, text })),
    ...plan.warnings.map((text) => ({ level: "warning" as const, text })),
    ...plan.reported.map((r) => ({
      level: "warning" as const,
      text: `${r.path}:${r.line}:${r.column} listed, not rewritten: ${r.text}`,
    })),
  );
  page.patches.push({ name: "The patch (git apply accepts it)", bytes: patch });
  return renderReportHtml(page);
}

/**
 * `graft plan --html FILE` on a staged manifest: the verdict over every step, the steps table (kind, files, gates
 * listed and not run: a dry run runs nothing), blockers and warnings per step, and the cumulative patch.
 */
export function renderStagedPlanHtml(plan: StagedPlan, patch: Uint8Array, generatedAt: string): string {
  const t = plan.totals;
  const ok = t.blockers.length === 0 && plan.notPlanned.length === 0;
  const kinds = Object.entries(t.editsByKind).sort(([a], [b]) => (a < b ? -1 : 1));
  const page = createHtmlReport(
    `graft plan: ${plan.manifest.name}`,
    {
      ok,
      headline: ok
        ? `${t.steps} step(s) ready to apply (dry run: nothing was written, no gate was run)`
        : `cannot be applied as planned: ${t.blockers.length} problem(s), ${plan.notPlanned.length} step(s) not planned`,
      facts: [
        `${t.moved} file(s) moved, ${t.edited} edited, ${t.created} created, ${t.deleted} deleted`,
        ...(kinds.length > 0 ? [`specifier and text edits: ${kinds.map(([k, n]) => `${k} ${n}`).join(", ")}`] : []),
        ...(t.markers.length > 0 ? [`${t.markers.length} file(s) will hold conflict markers (--accept-markers)`] : []),
      ],
    },
    generatedAt,
  );
  page.subtitle = `Root ${plan.root}`;
  for (const step of plan.steps) {
    const f = step.files;
    page.steps.push({
      name: `${step.index + 1}. ${step.name} (${step.kind})`,
      status: step.failure || step.plan.blockers.length ? "failed" : "not run",
      checks: step.gate.map((name) => ({ name, ok: true, text: "gate (runs on apply)" })),
      durationMs: null,
      filesChanged: f.created.length + f.edited.length + f.moved.length + f.deleted.length,
      detail: step.detail,
    });
    page.notes.push(
      ...(step.failure ? [{ level: "error" as const, text: `step ${step.index + 1}: ${step.failure}` }] : []),
      ...step.plan.warnings.map((text) => ({ level: "warning" as const, text: `step ${step.index + 1}: ${text}` })),
    );
  }
  for (const missing of plan.notPlanned)
    page.steps.push({
      name: `${missing.index + 1}. ${missing.name}`,
      status: "not run",
      checks: [],
      durationMs: null,
      filesChanged: null,
      detail: "not planned: an earlier step cannot be applied",
    });
  page.notes.push(...t.blockers.map((text) => ({ level: "error" as const, text })));
  page.patches.push({ name: "The whole migration as one patch (git apply accepts it)", bytes: patch });
  return renderReportHtml(page);
}
