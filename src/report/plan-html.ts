import type { MigrationPlan } from "../model/plan.js";
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
