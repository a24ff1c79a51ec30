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
  // Positions by name (first occurrence, as indexOf), so planning stays linear in the column count.
  const legacyAt = firstIndexes(legacy);
  const migratedAt = firstIndexes(migrated);
  const checkNames = (names: string[] | undefined, flag: string): void => {
    for (const name of names ?? []) {
      if (!legacyAt.has(name) && !migratedAt.has(name))
        throw new InvalidInputError(`${flag} ${name}: no such column in either file`);
    }
  };
  checkNames(options.columns, "--columns");
  checkNames(options.ignoreColumns, "--ignore-columns");
  checkNames(options.exact, "--exact");
  checkNames(Object.keys(options.columnTolerances ?? {}), "column tolerance for");
  const key = options.key ?? [];
  for (const name of key) {
    if (!legacyAt.has(name) || !migratedAt.has(name)) {
      throw new InvalidInputError(`--key ${name}: the key column must exist in both files`);
    }
  }

  const ignored = new Set([...(options.ignoreColumns ?? []), ...key]);
  const union = options.columns ?? unionInOrder(legacy, migrated, legacyAt);
  const selected = ignored.size === 0 ? union : union.filter((name) => !ignored.has(name));
  const selectedSet = options.columns === undefined ? null : new Set(selected);
  // Without --columns every column not ignored is selected.
  const isSelected = (name: string): boolean => (selectedSet === null ? !ignored.has(name) : selectedSet.has(name));
  const problems: StructureProblem[] = [];
  const pairs: ColumnPair[] = [];
  const exact = new Set(options.exact ?? []);
  for (const name of selected) {
    const legacyIndex = legacyAt.get(name) ?? -1;
    const migratedIndex = migratedAt.get(name) ?? -1;
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
    const legacyOrder = legacy.filter((name) => isSelected(name) && migratedAt.has(name));
    const migratedOrder = migrated.filter((name) => isSelected(name) && legacyAt.has(name));
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
    legacyKeyIndexes: key.map((name) => legacyAt.get(name)!),
    migratedKeyIndexes: key.map((name) => migratedAt.get(name)!),
  };
}

function firstIndexes(names: string[]): Map<string, number> {
  const at = new Map<string, number>();
  names.forEach((name, index) => {
    if (!at.has(name)) at.set(name, index);
  });
  return at;
}

function unionInOrder(first: string[], second: string[], firstAt: Map<string, number>): string[] {
  return first.concat(second.filter((name) => !firstAt.has(name)));
}
