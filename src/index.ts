/** graft's library API: the CLI calls only what is exported here. */
export { ExitCode, GraftError, InvalidInputError, RefusedError, CheckFailedError, isGraftError } from "./shared/errors.js";
export { graftVersion } from "./shared/version.js";
export { applyEdits } from "./codemod/edit.js";
export type { Edit } from "./codemod/edit.js";
export type * from "./plan/types.js";
export type { Manifest } from "./manifest/types.js";
export type { ManifestData, MoveSpec, ExperimentSpec, StepSpec } from "./manifest/schema.js";
export { loadManifest } from "./manifest/load.js";
export { classifyTrees, planMigration } from "./plan/plan-migration.js";
export type { PlanOptions } from "./plan/plan-migration.js";
export { renderPatch } from "./plan/render-patch.js";
export { createTreeReader } from "./scan/tree-reader.js";
export { writeOutputFile } from "./shared/write-output.js";
export { classificationJson, renderClassificationText } from "./report/classification-text.js";
export { renderPlanText } from "./report/plan-text.js";
