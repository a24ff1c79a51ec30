import type { MigrationPlan } from "./plan.js";

/** What kind of change a stage (a manifest step) makes. */
export type StageKind = "move" | "extract" | "codemod";

/** One step of a staged migration, planned against the tree as it is now. */
export interface PlannedStage {
  /** 0-based position in the manifest's steps. */
  index: number;
  name: string;
  kind: StageKind;
  /** Equivalence experiments that must pass after this step. */
  gate: string[];
  plan: MigrationPlan;
  /** One line saying what the step does (symbols moved, helpers carried, importers updated…). */
  detail: string;
  /** Codemod steps: what the transform did, file by file. */
  codemod?: CodemodSummary;
  /** Why the step cannot be applied as planned (a transform threw on some file and `failOnError` holds). */
  failure?: string;
}

/** What a codemod step's transform did, file by file, as jscodeshift's summary says it. */
export interface CodemodSummary {
  transform: string;
  /** The transform's parser or the step's `parser:`; "by extension" when each file's extension chose. */
  parser: string;
  counts: { ok: number; unchanged: number; skipped: number; error: number };
  /** Every file the transform threw on, with its error. */
  errors: { file: string; error: string }[];
  /** `api.report` lines, with their file. */
  reports: { file: string; message: string }[];
  /** `api.stats` counts, summed over the files. */
  stats: Record<string, number>;
}

/** What happened to one step. */
export interface StageOutcome {
  index: number;
  name: string;
  kind: StageKind;
  detail: string;
  /** "needs-review": applied with conflict markers; its checks run once they are resolved (later steps wait). */
  status: "applied" | "needs-review" | "failed" | "not-run";
  runId?: string;
  /** Every check run after the step's writes, in order, with its verdict. */
  checks: { name: string; ok: boolean; text: string }[];
  /** Why the step failed (it was rolled back alone). */
  error?: string;
  /** The step's plan, for reports. */
  planned?: PlannedStage;
}

/** The result of running a manifest's steps. */
export interface StagedRunResult {
  ok: boolean;
  stages: StageOutcome[];
}
