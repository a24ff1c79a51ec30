/**
 * Table comparison on its own: the part of the API `graft diff` needs, whose module graph holds none of the
 * migration pipeline (manifests, tree scans, parsers, the TypeScript compiler), so a comparison starts about as
 * fast as Node does. The comparison itself, its types, tolerances and reporters are also in the main entry point
 * (index.ts); the text summary, the GitHub summary, flag parsing helpers and `writeOutputFile`, which the command
 * prints and writes with, are also in internal.ts.
 */
export { compareTableFiles, compareTables, defaultMaxReport } from "./equivalence/diff/compare-tables.js";
export type {
  CellMismatch,
  ColumnStats,
  DiffOptions,
  DiffResult,
  StructureProblem,
} from "./equivalence/diff/diff-types.js";
export { isTableFormat, parseDelimiter } from "./equivalence/diff/table-readers.js";
export { defaultTolerance, describeFormula, isWithinTolerance } from "./equivalence/diff/tolerance.js";
export { diffReporters } from "./report/diff-reporters.js";
export { summarizeDiff } from "./report/diff-text.js";
export { renderDiffMarkdown } from "./report/github-summary.js";
export { CheckFailedError, InvalidInputError } from "./shared/errors.js";
export { writeOutputFile } from "./shared/write-output.js";
