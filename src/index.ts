/**
 * graft's public library API. Everything here is documented in the README ("Library") and kept stable; the CLI
 * reaches the rest through `internal.ts`. Read top to bottom, it follows a migration: load a manifest, plan it,
 * apply it with checks, verify, prove equivalence, roll back.
 */

// Errors and exit codes: every error graft raises on purpose carries the exit code the CLI uses.
export {
  CheckFailedError,
  ExitCode,
  GraftError,
  InterruptedError,
  InvalidInputError,
  isGraftError,
  RefusedError,
} from "./shared/errors.js";
export { graftVersion } from "./shared/version.js";

// Manifest: load and validate (one-line errors with file:line:col), and the JSON Schema editors use.
export { loadManifest } from "./manifest/load.js";
export { manifestJsonSchema } from "./manifest/json-schema.js";
export type { Manifest } from "./model/manifest.js";
export type { ExperimentSpec, ManifestData, MoveSpec, StageSpec } from "./model/manifest-schema.js";

// Plan (the dry run): classify the trees, compute every operation, render the patch. Writes nothing.
export { classifyTrees, planMigration } from "./pipeline/plan-migration.js";
export type { PlanOptions } from "./pipeline/plan-migration.js";
export { renderPatch } from "./plan/render-patch.js";
export type * from "./model/plan.js";

// Apply: back up, write atomically with a journal, check imports and verify commands, roll back on failure.
export { applyPlan } from "./pipeline/apply-plan.js";
export type { ApplyEvent, ApplyOptions } from "./pipeline/apply-plan.js";
export { loadApplyInput, parseSavedPlan } from "./pipeline/load-apply-input.js";
export type { ApplyInput, PlannedInput } from "./pipeline/load-apply-input.js";
export type { CheckContext, CheckOutcome, PostWriteCheck } from "./model/post-write-check.js";

// Staged migrations: a manifest's steps, each planned on the tree the previous one left, applied and gated.
export { planStage, stageName } from "./pipeline/plan-stage.js";
export { runStages, selectStages } from "./pipeline/run-stages.js";
export type { RunStagesOptions } from "./pipeline/run-stages.js";
export { planStages, renderStagedPatch, renderStepPatches } from "./pipeline/plan-stages.js";
export type { PlanStagesOptions, StagedDryRun } from "./pipeline/plan-stages.js";
export type { StagedPlan, StagedPlanStep, StagedPlanTotals, StageFiles } from "./model/staged-plan.js";
export { finishReview, findRunInReview } from "./pipeline/finish-review.js";
export type { FinishReviewOptions, ReviewOutcome } from "./pipeline/finish-review.js";
export { createGateChecks } from "./pipeline/gate-checks.js";
export type { CodemodSummary, PlannedStage, StagedRunResult, StageKind, StageOutcome } from "./model/stage.js";
export { planExtract } from "./pipeline/plan-extract.js";
export type { ExtractRequest } from "./lang/typescript/extract/types.js";
export type { CreatedFile, ExtractResult } from "./model/extract.js";

// Verify: every import in scope resolves, no conflict markers remain, the project's own checks pass.
export { verifyProject } from "./pipeline/verify-project.js";
export type { VerifyProjectOptions } from "./pipeline/verify-project.js";
export type { VerifyReport } from "./verify/verify-project.js";
export type { CommandOutcome } from "./verify/run-verify-commands.js";

// Rollback and the backup store.
export { isRollbackable, rollbackRun } from "./backup/rollback.js";
export type { RollbackOptions, RollbackResult } from "./backup/rollback.js";
export { getRunOrThrow, listRunHistory, readRunHistory } from "./backup/run-history.js";
export { listBackups, pruneBackups, verifyBackups } from "./backup/maintain-store.js";
export type { BackupListEntry, BackupProblem, BackupVerifyReport, PruneReport } from "./backup/maintain-store.js";
export { materializeRunSnapshot } from "./backup/materialize-snapshot.js";
export type { SnapshotOptions } from "./backup/materialize-snapshot.js";
export type {
  EntryState,
  PathChange,
  RecordProblem,
  RollbackEntry,
  RunAction,
  RunRecord,
  RunReview,
  RunStatus,
  RunSummary,
} from "./backup/types.js";

// Equivalence: compare tables within tolerance (numpy isclose), run experiments, report for CI.
export { compareTableFiles, compareTables } from "./equivalence/diff/compare-tables.js";
export type {
  CellMismatch,
  ColumnStats,
  DiffOptions,
  DiffResult,
  StructureProblem,
} from "./equivalence/diff/diff-types.js";
export { defaultTolerance, describeFormula, isWithinTolerance } from "./equivalence/diff/tolerance.js";
export { runEquivalence } from "./equivalence/experiments/run-experiments.js";
export type { EquivOptions } from "./equivalence/experiments/run-experiments.js";
export { compareValues } from "./equivalence/experiments/compare-values.js";
export type {
  CaseMismatch,
  EquivReport,
  ExperimentUnit,
  JitterNote,
  OutputResult,
  PerformanceVerdict,
  SideMeasure,
  UnitResult,
} from "./equivalence/experiments/experiment-types.js";
export { diffReporters } from "./report/diff-reporters.js";
export { equivReporters } from "./report/equiv-reporters.js";

// Extension points: edits (what codemods and rewriters produce), move rewriters and import verifiers.
export { applyEdits } from "./model/edit.js";
export type { Edit } from "./model/edit.js";
export type {
  MoveRewriteContext,
  MoveRewriter,
  MoveRewriteResult,
  ReportedReference,
} from "./model/move-rewriter.js";
export type { ImportVerifier, ImportVerifyResult, UnresolvedImport, VerifyContext } from "./model/import-verifier.js";
export { moveRewriters } from "./pipeline/move-rewriters.js";

// Codemods: jscodeshift-compatible transforms, and the test helper for their authors (fixture pairs through graft's runner).
export { defineTransformTest, readTransformFixtures, runTransformFixture } from "./codemod/define-transform-test.js";
export type {
  TransformFixture,
  TransformFixtureResult,
  TransformTestSpec,
} from "./codemod/define-transform-test.js";
export type { ParserName, ParserObject, ParserSpec } from "./codemod/choose-parser.js";
export type {
  TransformApi,
  TransformFileInfo,
  TransformFileStatus,
  TransformFunction,
  TransformReport,
} from "./codemod/custom-transform-types.js";
