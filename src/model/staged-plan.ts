import type { PlannedStage } from "./stage.js";

/** The files one step changes, by what happens to them (root-relative paths as the tree is before the step). */
export interface StageFiles {
  created: string[];
  edited: string[];
  moved: { from: string; to: string }[];
  deleted: string[];
  /** Byte edits by kind (ts-import, py-import, codemod:<name>, …). */
  editsByKind: Record<string, number>;
}

/** One step of a staged dry run: its plan, made on the tree the steps before it would leave, and its files. */
export interface StagedPlanStep extends PlannedStage {
  files: StageFiles;
}

/** Counts over every planned step. */
export interface StagedPlanTotals {
  steps: number;
  created: number;
  edited: number;
  moved: number;
  deleted: number;
  editsByKind: Record<string, number>;
  /** Files written with conflict markers (apply needs --accept-markers), as `step N: path`. */
  markers: string[];
  /** Why some step cannot be applied (unresolved conflicts, failing transforms), as `step N: reason`. */
  blockers: string[];
}

/**
 * A dry run of a manifest's steps: each planned on the tree the previous ones would leave, pinned to what it read
 * there. Plain JSON: `graft plan --out` saves it and `graft apply` applies exactly these edits, step by step.
 */
export interface StagedPlan {
  format: "graft-staged-plan";
  version: 1;
  graftVersion: string;
  manifest: { path: string; sha256: string; name: string };
  /** Absolute root the paths are relative to. */
  root: string;
  /** The steps planned, in order (from the first selected step; planning stops at a step that cannot be applied). */
  steps: StagedPlanStep[];
  /** Steps selected but not planned because an earlier one cannot be applied. */
  notPlanned: { index: number; name: string }[];
  totals: StagedPlanTotals;
}
