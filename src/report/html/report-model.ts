import type { EquivReport } from "../../equivalence/experiments/experiment-types.js";

/** What an HTML report shows, built from a run's results (never from terminal text). */
export interface HtmlReport {
  title: string;
  /** One line under the title: what ran, on what. */
  subtitle?: string;
  generatedAt: string;
  verdict: ReportVerdict;
  /** The steps of the run, in order (empty when the run has none). */
  steps: ReportStep[];
  /** Warnings and blockers worth reading before the details. */
  notes: ReportNote[];
  /** Equivalence runs, each with a heading. */
  equivalence: { title: string; report: EquivReport }[];
  /** The states plot(s) of the HMM pipeline's outputs. */
  statesPlots: StatesSeries[];
  /** Patches (git-style unified diffs) as bytes: paths and contents are decoded by the viewer. */
  patches: { name: string; bytes: Uint8Array }[];
  /** The run's log, by titled section (plain text), shown folded at the end. */
  log: { title: string; body: string }[];
}

/** The answer at the top of a report. */
export interface ReportVerdict {
  ok: boolean;
  /** One sentence: "Migration safe: …" or what failed. */
  headline: string;
  /** Counts that back the headline ("7 of 7 steps applied"). */
  facts: string[];
}

/** One row of the steps table. */
export interface ReportStep {
  /** Which part of the run the step belongs to ("HMM", "consolidation"), when there are several. */
  part?: string;
  name: string;
  status: "passed" | "failed" | "not run";
  /** Checks run after the step, with their verdicts. */
  checks: { name: string; ok: boolean; text?: string }[];
  durationMs: number | null;
  filesChanged: number | null;
  /** What the step did, in a line. */
  detail?: string;
}

/** A warning or a blocker. */
export interface ReportNote {
  level: "warning" | "error";
  text: string;
}

/** A close-price series with the HMM state of each day, as the pipeline's states CSV holds it. */
export interface StatesSeries {
  title: string;
  /** Where the numbers come from (a file name). */
  source: string;
  close: number[];
  states: number[];
}

/** A report with nothing in it yet but its title and verdict. */
export function createHtmlReport(title: string, verdict: ReportVerdict, generatedAt: string): HtmlReport {
  return { title, generatedAt, verdict, steps: [], notes: [], equivalence: [], statesPlots: [], patches: [], log: [] };
}
