/** graft's library API: the CLI calls only what is exported here. */
export {
  ExitCode,
  GraftError,
  InvalidInputError,
  RefusedError,
  CheckFailedError,
  isGraftError,
} from "./shared/errors.js";
export { graftVersion } from "./shared/version.js";
export { applyEdits } from "./model/edit.js";
export type { Edit } from "./model/edit.js";
export type * from "./model/plan.js";
export type { Manifest } from "./model/manifest.js";
export type { ManifestData, MoveSpec, ExperimentSpec, StepSpec } from "./model/manifest-schema.js";
export { loadManifest } from "./manifest/load.js";
export { manifestJsonSchema, manifestJsonSchemaText } from "./manifest/json-schema.js";
export { classifyTrees, planMigration } from "./pipeline/plan-migration.js";
export type { PlanOptions } from "./pipeline/plan-migration.js";
export { renderPatch } from "./plan/render-patch.js";
export { createTreeReader } from "./scan/tree-reader.js";
export { writeOutputFile } from "./shared/write-output.js";
export { classificationJson, renderClassificationText } from "./report/classification-text.js";
export { renderPlanText } from "./report/plan-text.js";
export { describeStageOutcome, renderStageOutcome } from "./report/stage-text.js";
export { compareTableFiles, compareTables, defaultMaxReport } from "./equivalence/diff/compare-tables.js";
export type {
  DiffOptions,
  DiffResult,
  ColumnStats,
  CellMismatch,
  StructureProblem,
} from "./equivalence/diff/diff-types.js";
export { parseDiffFlags } from "./cli/parse-diff-flags.js";
export type { DiffFlags } from "./cli/parse-diff-flags.js";
export { openTable, tableReaders, detectTableFormat } from "./equivalence/diff/table-readers.js";
export type { TableFormat, TableSource, TableReader } from "./equivalence/diff/table.js";
export { isWithinTolerance, describeFormula, defaultTolerance } from "./equivalence/diff/tolerance.js";
export { diffReporters } from "./report/diff-reporters.js";
export { diffJson } from "./report/diff-json.js";
export { summarizeDiff } from "./report/diff-text.js";
export { runConsolidationDemo } from "./demo/consolidation-demo.js";
export type { DemoSection, ConsolidationDemoResult } from "./demo/consolidation-demo.js";
export { InterruptedError } from "./shared/errors.js";
export { applyPlan } from "./pipeline/apply-plan.js";
export type { ApplyOptions, ApplyEvent } from "./pipeline/apply-plan.js";
export { loadApplyInput, parseSavedPlan } from "./pipeline/load-apply-input.js";
export type { ApplyInput } from "./pipeline/load-apply-input.js";
export type { PostWriteCheck, CheckContext, CheckOutcome } from "./model/post-write-check.js";
export { createImportResolutionCheck } from "./verify/import-resolution-check.js";
export { createVerifyCommandsCheck } from "./verify/verify-commands-check.js";
export { findNewUnresolved } from "./verify/compare-unresolved.js";
export { rollbackRun, isRollbackable } from "./backup/rollback.js";
export type { RollbackOptions, RollbackResult } from "./backup/rollback.js";
export { materializeRunSnapshot } from "./backup/materialize-snapshot.js";
export type { SnapshotOptions } from "./backup/materialize-snapshot.js";
export { verifyBackups, listBackups, pruneBackups, listRunObjects } from "./backup/maintain-store.js";
export type {
  BackupVerifyReport,
  BackupProblem,
  BackupListEntry,
  PruneReport,
  ObjectUse,
} from "./backup/maintain-store.js";
export { listRunHistory, getRunOrThrow, findGraftRoot } from "./backup/run-history.js";
export { getDisplayStatus } from "./backup/run-record.js";
export type {
  RunRecord,
  RunStatus,
  RunStep,
  RunSummary,
  EntryState,
  PathChange,
  RollbackEntry,
} from "./backup/types.js";
export { nodeFsPort, withFailingWrite } from "./shared/fs-port.js";
export type { FsPort } from "./shared/fs-port.js";
export { verifyProject, readVerifyContext, formatVerifyReport } from "./verify/verify-project.js";
export type { VerifyReport, VerifyProjectOptions } from "./verify/verify-project.js";
export type { CommandOutcome } from "./verify/run-verify-commands.js";
export { importVerifiers } from "./pipeline/import-verifiers.js";
export { typescriptImportVerifier, verifyTypeScriptImports } from "./lang/typescript/typescript-import-verifier.js";
export { typescriptMoveRewriter } from "./lang/typescript/typescript-move-rewriter.js";
export { loadManifestForVerify } from "./verify/load-verify-manifest.js";
export type { ExtractRequest, ExtractResult, CreatedFile } from "./lang/typescript/extract/types.js";
export { planExtractLazily as planExtract } from "./pipeline/plan-extract.js";
export { pythonImportRewriter, planPythonMoveEdits } from "./lang/python/python-move-rewriter.js";
export { pythonImportVerifier, verifyPythonImports } from "./lang/python/python-import-verifier.js";
export { textReferenceRewriter, planTextReferenceEdits, textReferenceForms } from "./codemod/text-references.js";
export { mergeExports, isMergeableBarrel } from "./plan/merge-exports.js";
export type { MergeResult, MergeFunction } from "./plan/merge-exports.js";
export { mergeWithMarkers, findConflictMarkers, conflictMarkers } from "./plan/merge-markers.js";
export { runEquivalence } from "./equivalence/experiments/run-experiments.js";
export type { EquivOptions } from "./equivalence/experiments/run-experiments.js";
export type {
  EquivReport,
  UnitResult,
  ExperimentUnit,
  SideMeasure,
  PerformanceVerdict,
  JitterNote,
  OutputResult,
  CaseMismatch,
} from "./equivalence/experiments/experiment-types.js";
export { parseShard, listExperimentUnits, selectShard } from "./equivalence/experiments/list-units.js";
export { compareValues } from "./equivalence/experiments/compare-values.js";
export { equivReporters } from "./report/equiv-reporters.js";
export { summarizeEquiv } from "./report/equiv-text.js";
export { runHmmDemo } from "./demo/hmm-demo.js";
export type { HmmDemoResult, HmmDemoOptions } from "./demo/hmm-demo.js";
export { runStages, selectStages } from "./pipeline/run-stages.js";
export type { StageOutcome, StagedRunResult, RunStagesOptions } from "./pipeline/run-stages.js";
export { planStage, stageName } from "./pipeline/plan-stage.js";
export type { PlannedStage, StageKind } from "./pipeline/plan-stage.js";
export { createGateChecks } from "./pipeline/gate-checks.js";
export { createTypecheckCheck, typecheckProject } from "./verify/typecheck-check.js";
export { planFromEdits } from "./plan/plan-from-edits.js";
export { prepareHmmWorkdir, seedOriginalBaseline } from "./demo/hmm-demo.js";
export { renderDemoHtml, escapeHtml } from "./report/demo-html.js";
export type { DemoHtmlInput, HtmlSection } from "./report/demo-html.js";
