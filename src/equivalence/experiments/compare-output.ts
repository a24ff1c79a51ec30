import { readFile, stat } from "node:fs/promises";
import type { ExperimentSpec } from "../../model/manifest-schema.js";
import { compareTableFiles } from "../diff/compare-tables.js";
import type { DiffOptions } from "../diff/diff-types.js";
import type { OutputResult } from "./experiment-types.js";
import { tableReaders } from "../diff/table-readers.js";
import type { TableFormat } from "../diff/table.js";

/** One declared output of a command experiment. */
export type OutputSpec = NonNullable<ExperimentSpec["outputs"]>[number];

/** Diff options of an output: its own settings over the experiment's. */
export function outputDiffOptions(
  experiment: ExperimentSpec,
  output: OutputSpec,
  overrides: Partial<DiffOptions> = {},
): DiffOptions {
  return {
    rtol: output.rtol ?? experiment.rtol,
    atol: output.atol ?? experiment.atol,
    symmetric: output.symmetric ?? experiment.symmetric,
    exact: output.exact,
    key: output.key,
    columns: output.columns,
    ignoreColumns: output.ignoreColumns,
    ignoreColumnOrder: output.ignoreColumnOrder,
    trim: output.trim,
    columnTolerances: output.columnTolerances,
    format: output.format,
    maxReport: 10,
    ...overrides,
  };
}

/** Compares an output file of both sides: as a table when its format is known, else byte for byte. */
export async function compareOutputFiles(
  file: string,
  legacyPath: string,
  migratedPath: string,
  options: DiffOptions,
): Promise<OutputResult> {
  const missing: string[] = [];
  if (!(await isFile(legacyPath))) missing.push("legacy");
  if (!(await isFile(migratedPath))) missing.push("migrated");
  if (missing.length > 0) {
    return {
      file,
      diff: null,
      bytesEqual: null,
      equal: false,
      error: `${missing.join(" and ")} did not write ${file}`,
    };
  }
  if (options.format === undefined && formatOf(file) === null) {
    const [legacy, migrated] = await Promise.all([readFile(legacyPath), readFile(migratedPath)]);
    const bytesEqual = legacy.equals(migrated);
    return { file, diff: null, bytesEqual, equal: bytesEqual, error: null };
  }
  try {
    const diff = await compareTableFiles(legacyPath, migratedPath, options);
    return { file, diff, bytesEqual: null, equal: diff.equal, error: null };
  } catch (error) {
    return {
      file,
      diff: null,
      bytesEqual: null,
      equal: false,
      error: error instanceof Error ? error.message : String(error),
    };
  }
}

function formatOf(file: string): TableFormat | null {
  const extension = file.slice(file.lastIndexOf(".") + 1).toLowerCase();
  return Object.values(tableReaders).find((reader) => reader.extensions.includes(extension))?.format ?? null;
}

async function isFile(file: string): Promise<boolean> {
  return stat(file).then(
    (s) => s.isFile(),
    () => false,
  );
}
