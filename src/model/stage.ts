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
}

/** What happened to one step. */
export interface StageOutcome {
  index: number;
  name: string;
  kind: StageKind;
  detail: string;
  status: "applied" | "failed" | "not-run";
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
