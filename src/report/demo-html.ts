import type { EquivReport } from "../equivalence/experiments/experiment-types.js";
import { summarizeEquiv } from "./equiv-text.js";
import { createHtmlReport, type ReportStep, type StatesSeries } from "./html/report-model.js";
import { renderReportHtml } from "./html/render-report-html.js";

/** One titled part of a report page; `body` is plain text (no ANSI colours). */
export interface HtmlSection {
  title: string;
  body: string;
}

/** What the demo's HTML page shows: the results of its parts, and its log. */
export interface DemoHtmlInput {
  title: string;
  /** Why the demo failed, one line each; empty when it passed. */
  failures: readonly string[];
  /** Every step the demo ran, in order, across its parts. */
  steps: readonly ReportStep[];
  /** Equivalence runs to show in full (per-column tables and error charts). */
  equivalence: readonly { title: string; report: EquivReport }[];
  /** States series to plot (the HMM pipeline's output). */
  statesPlots: readonly StatesSeries[];
  /** Unified diffs (bytes as the patch file holds them, or text). */
  patches: readonly { name: string; text: string | Uint8Array }[];
  /** The terminal log, by section (folded at the end of the page). */
  sections: readonly HtmlSection[];
  generatedAt: string;
}

/** Renders the demo report as one self-contained HTML page: verdict and steps first, then equivalence, plots, patches and the log. */
export function renderDemoHtml(input: DemoHtmlInput): string {
  const ok = input.failures.length === 0;
  const passed = input.steps.filter((s) => s.status === "passed").length;
  const checks = input.steps.flatMap((s) => s.checks);
  const facts = [
    `${passed} of ${input.steps.length} step(s) passed`,
    `${checks.filter((c) => c.ok).length} of ${checks.length} check(s) held`,
    ...input.equivalence.map((e) => `${e.title}: ${summarizeEquiv(e.report)}`),
  ];
  const page = createHtmlReport(
    input.title,
    {
      ok,
      headline: ok
        ? "every dry run wrote nothing, every gate held, every rollback restored the tree byte for byte"
        : input.failures.join("; "),
      facts,
    },
    input.generatedAt,
  );
  page.subtitle = "graft's end-to-end demo on temp copies of the bundled fixtures";
  page.steps.push(...input.steps);
  page.equivalence.push(...input.equivalence);
  page.statesPlots.push(...input.statesPlots);
  page.patches.push(
    ...input.patches.map((p) => ({
      name: p.name,
      bytes: typeof p.text === "string" ? Buffer.from(p.text, "utf8") : p.text,
    })),
  );
  page.log.push(...input.sections);
  return renderReportHtml(page);
}
