import { InvalidInputError } from "../../shared/errors.js";
import type { DiffOptions, StructureProblem } from "./diff-types.js";
import { defaultTolerance } from "./tolerance.js";

/** One column compared on both sides, with its tolerance. */
export interface ColumnPair {
  name: string;
  legacyIndex: number;
  migratedIndex: number;
  rtol: number;
  atol: number;
  exact: boolean;
}

/** Which columns are compared, and the structural problems of the headers. */
export interface ColumnPlan {
  pairs: ColumnPair[];
  problems: StructureProblem[];
  legacyKeyIndexes: number[];
  migratedKeyIndexes: number[];
}

/** Matches the headers by name, applies column selection and tolerances, and reports header problems. */
export function planColumns(legacy: string[], migrated: string[], options: DiffOptions): ColumnPlan {
  const known = new Set([...legacy, ...migrated]);
  const checkNames = (names: string[] | undefined, flag: string): void => {
    for (const name of names ?? []) {
      if (!known.has(name)) throw new InvalidInputError(`${flag} ${name}: no such column in either file`);
    }
  };
  checkNames(options.columns, "--columns");
  checkNames(options.ignoreColumns, "--ignore-columns");
  checkNames(options.exact, "--exact");
  checkNames(Object.keys(options.columnTolerances ?? {}), "column tolerance for");
  const key = options.key ?? [];
  for (const name of key) {
    if (!legacy.includes(name) || !migrated.includes(name)) {
      throw new InvalidInputError(`--key ${name}: the key column must exist in both files`);
    }
  }

  const ignored = new Set([...(options.ignoreColumns ?? []), ...key]);
  const selected = (options.columns ?? unionInOrder(legacy, migrated)).filter((name) => !ignored.has(name));
  const selectedSet = new Set(selected);
  const problems: StructureProblem[] = [];
  const pairs: ColumnPair[] = [];
  const exact = new Set(options.exact ?? []);
  for (const name of selected) {
    const legacyIndex = legacy.indexOf(name);
    const migratedIndex = migrated.indexOf(name);
    if (migratedIndex === -1) {
      problems.push({ kind: "missing-column", column: name, message: `column "${name}" is missing from migrated` });
      continue;
    }
    if (legacyIndex === -1) {
      problems.push({ kind: "extra-column", column: name, message: `column "${name}" is only in migrated` });
      continue;
    }
    const own = options.columnTolerances?.[name];
    const isExact = exact.has(name);
    pairs.push({
      name,
      legacyIndex,
      migratedIndex,
      rtol: isExact ? 0 : (own?.rtol ?? options.rtol ?? defaultTolerance.rtol),
      atol: isExact ? 0 : (own?.atol ?? options.atol ?? defaultTolerance.atol),
      exact: isExact,
    });
  }
  if (!options.ignoreColumnOrder) {
    const legacyOrder = legacy.filter((name) => selectedSet.has(name) && migrated.includes(name));
    const migratedOrder = migrated.filter((name) => selectedSet.has(name) && legacy.includes(name));
    if (legacyOrder.join("\u0000") !== migratedOrder.join("\u0000")) {
      problems.push({
        kind: "column-order",
        legacy: legacyOrder,
        migrated: migratedOrder,
        message: `column order differs: legacy [${legacyOrder.join(", ")}], migrated [${migratedOrder.join(", ")}] (--ignore-column-order to allow)`,
      });
    }
  }
  return {
    pairs,
    problems,
    legacyKeyIndexes: key.map((name) => legacy.indexOf(name)),
    migratedKeyIndexes: key.map((name) => migrated.indexOf(name)),
  };
}

function unionInOrder(first: string[], second: string[]): string[] {
  const seen = new Set(first);
  return [...first, ...second.filter((name) => !seen.has(name))];
}
