/**
 * What the CLI needs beyond the public API (`index.ts`): renderers for the terminal, the demo, and helpers whose
 * shape may change between versions. Not part of graft's documented library API.
 */
export * from "./index.js";

export { manifestJsonSchemaText } from "./manifest/json-schema.js";
export { createTreeReader } from "./scan/tree-reader.js";
export { writeOutputFile } from "./shared/write-output.js";
export { findGraftRoot } from "./backup/run-history.js";
export { getDisplayStatus } from "./backup/run-record.js";
export { loadManifestForVerify } from "./verify/load-verify-manifest.js";
export { typecheckProject } from "./verify/typecheck-check.js";
export {
  detectTableFormat,
  isTableFormat,
  openTable,
  parseDelimiter,
  tableReaders,
} from "./equivalence/diff/table-readers.js";
export type { TableFormat, TableReader, TableSource } from "./equivalence/diff/table.js";
export { defaultMaxReport } from "./equivalence/diff/compare-tables.js";
export { parseShard } from "./equivalence/experiments/list-units.js";
export { classificationJson, renderClassificationText } from "./report/classification-text.js";
export { renderPlanText } from "./report/plan-text.js";
export { renderStagedPlanText } from "./report/staged-plan-text.js";
export { renderReviewLines } from "./report/review-text.js";
export { checkSavedStages } from "./pipeline/plan-stages.js";
export { loadStagedPlanManifest, parseSavedStagedPlan } from "./pipeline/load-staged-plan.js";
export { describeStageOutcome, renderStageOutcome } from "./report/stage-text.js";
export { renderVerifyLines } from "./report/verify-text.js";
export { summarizeDiff } from "./report/diff-text.js";
export { summarizeEquiv, summarizeSetupErrors } from "./report/equiv-text.js";
export { renderDemoHtml } from "./report/demo-html.js";
export type { DemoHtmlInput } from "./report/demo-html.js";
export { stepOfStage } from "./report/html/report-steps.js";
export { renderEquivHtml } from "./report/equiv-html.js";
export { renderPlanHtml, renderStagedPlanHtml } from "./report/plan-html.js";
export { renderDiffMarkdown, renderEquivMarkdown } from "./report/github-summary.js";
export { defaultMaxAnnotations } from "./report/diff-ci.js";
export { mergeEquivReports, readShardReports } from "./equivalence/experiments/merge-reports.js";
export { runConsolidationDemo } from "./demo/consolidation-demo.js";
export type { ConsolidationDemoResult, DemoSection } from "./demo/consolidation-demo.js";
export { isHmmDemoAvailable, prepareHmmWorkdir, runHmmDemo, seedOriginalBaseline } from "./demo/hmm-demo.js";
export type { HmmDemoOptions, HmmDemoResult } from "./demo/hmm-demo.js";
export { isPyDemoAvailable, preparePyWorkdir, runPyDemo, seedRecordedBaseline } from "./demo/py-demo.js";
export type { PyDemoOptions, PyDemoResult } from "./demo/py-demo.js";
export { buildMoveManifest } from "./pipeline/build-move-manifest.js";
export type { MoveRequest } from "./pipeline/build-move-manifest.js";
export { detectProjectLayout, findManifestFile, findProjectRoot, manifestFileNames } from "./pipeline/find-project.js";
export { renderStarterManifest } from "./pipeline/starter-manifest.js";
export type { StarterLanguage } from "./pipeline/starter-manifest.js";
