import type { EquivReport } from "../equivalence/experiments/experiment-types.js";
import { summarizeEquiv } from "./equiv-text.js";
import { formatError } from "./format-table.js";
import { createHtmlReport, type ReportVerdict } from "./html/report-model.js";
import { renderReportHtml } from "./html/render-report-html.js";

/** `graft equiv --html FILE`: the run as a self-contained page (verdict, units, per-column tables and error charts). */
export function renderEquivHtml(report: EquivReport, generatedAt: string): string {
  const page = createHtmlReport("graft equiv", equivVerdict(report), generatedAt);
  page.subtitle = `Equivalence experiments of ${report.manifest}${report.shard ? `, shard ${report.shard.index}/${report.shard.count}` : ""}`;
  page.equivalence.push({ title: "Experiments", report });
  return renderReportHtml(page);
}

/** The verdict of an equivalence run with the counts behind it. */
export function equivVerdict(report: EquivReport): ReportVerdict {
  const count = (status: string) => report.units.filter((u) => u.status === status).length;
  const outputs = report.units.flatMap((u) => u.outputs);
  const cells = outputs.reduce((n, o) => n + (o.diff?.mismatchCount ?? 0), 0);
  const columns = outputs.flatMap((o) => Object.values(o.diff?.columns ?? {}));
  const cases = report.units.flatMap((u) => (u.cases ? [u.cases] : []));
  const worstRel = Math.max(0, ...columns.map((c) => c.maxRelError), ...cases.map((c) => c.errors.maxRelError));
  const setup = report.units.filter((u) => u.setupError).length;
  const facts = [
    `${count("equal")} of ${report.units.length} unit(s) equal${count("different") ? `, ${count("different")} different` : ""}${count("error") ? `, ${count("error")} failed to run` : ""}`,
  ];
  if (outputs.length > 0)
    facts.push(
      `${outputs.filter((o) => o.equal).length} of ${outputs.length} compared output(s) equal; ${columns.length} column(s) compared, ${cells} mismatching cell(s)`,
    );
  if (cases.length > 0)
    facts.push(
      `${cases.reduce((n, c) => n + c.total, 0)} module case(s), ${cases.reduce((n, c) => n + c.mismatches.length, 0)} differ`,
    );
  facts.push(`worst relative error anywhere: ${formatError(worstRel)}`);
  if (setup > 0) facts.push(`${setup} unit(s) could not be set up (exit 2): fix the set-up, then run again`);
  return { ok: report.equal, headline: summarizeEquiv(report), facts };
}
