import { type DiffOptions, InvalidInputError, isTableFormat, parseDelimiter } from "../diff.js";

/** graft diff's flags as commander hands them over. */
export interface DiffFlags {
  rtol?: string[];
  atol?: string[];
  symmetric?: boolean;
  key?: string[];
  allowDuplicateKeys?: boolean;
  ignoreColumnOrder?: boolean;
  columns?: string[];
  ignoreColumns?: string[];
  exact?: string[];
  maxReport?: string;
  format?: string;
  delimiter?: string;
  trim?: boolean;
  /** False with --no-parallel. */
  parallel?: boolean;
}

/** Turns flags into DiffOptions; `--rtol 1e-6` sets the default, `--rtol price=1e-6` one column. */
export function parseDiffFlags(flags: DiffFlags): DiffOptions {
  const options: DiffOptions = {};
  const columnTolerances: NonNullable<DiffOptions["columnTolerances"]> = {};
  for (const which of ["rtol", "atol"] as const) {
    for (const value of splitList(flags[which])) {
      const at = value.lastIndexOf("=");
      const tolerance = parseTolerance(`--${which}`, at === -1 ? value : value.slice(at + 1));
      if (at === -1) options[which] = tolerance;
      else (columnTolerances[value.slice(0, at)] ??= {})[which] = tolerance;
    }
  }
  if (Object.keys(columnTolerances).length > 0) options.columnTolerances = columnTolerances;
  if (flags.symmetric) options.symmetric = true;
  if (flags.trim) options.trim = true;
  if (flags.parallel === false) options.parallel = false;
  if (flags.ignoreColumnOrder) options.ignoreColumnOrder = true;
  if (flags.allowDuplicateKeys) options.allowDuplicateKeys = true;
  if (flags.key) options.key = splitList(flags.key);
  if (flags.columns) options.columns = splitList(flags.columns);
  if (flags.ignoreColumns) options.ignoreColumns = splitList(flags.ignoreColumns);
  if (flags.exact) options.exact = splitList(flags.exact);
  if (flags.maxReport !== undefined) options.maxReport = parseCount("--max-report", flags.maxReport);
  if (flags.delimiter !== undefined) {
    parseDelimiter(flags.delimiter);
    options.delimiter = flags.delimiter;
  }
  if (flags.format !== undefined) {
    if (!isTableFormat(flags.format))
      throw new InvalidInputError(`--format ${flags.format}: expected csv, tsv, json or ndjson`);
    options.format = flags.format;
  }
  return options;
}

/** Lists are given as repeated flags or comma-separated values. */
export function splitList(values: string[] | undefined): string[] {
  return (values ?? []).flatMap((value) => value.split(",")).filter((value) => value !== "");
}

/** A whole number ≥ 0 given to `flag`. */
export function parseCount(flag: string, text: string): number {
  const n = Number(text);
  if (text.trim() === "" || !Number.isInteger(n) || n < 0)
    throw new InvalidInputError(`${flag} ${text}: expected a whole number`);
  return n;
}

/** Collects a repeatable option's values (`--key a --key b`); values may also be comma-separated. */
export const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

function parseTolerance(flag: string, text: string): number {
  const value = Number(text);
  if (text.trim() === "" || !Number.isFinite(value) || value < 0)
    throw new InvalidInputError(`${flag} ${text}: expected a non-negative number`);
  return value;
}
