import { InvalidInputError } from "../../../shared/errors.js";
import type { PythonNode } from "../parse-python.js";
import { entryGuardName, type PyOutline, type PyUnit } from "./outline-module.js";
import type { ReferenceGraph } from "./reference-graph.js";

/** Which units move, which come along, and which stay but are needed by the moved code. */
export interface PySelection {
  requested: PyUnit[];
  /** Requested and carried units, in source order. */
  moved: PyUnit[];
  carried: PyUnit[];
  /** Units that stay and that moved code references (the new module imports them from the old one). */
  shared: PyUnit[];
  /** Moved units that code staying in the old module still references. */
  usedByOld: PyUnit[];
}

const bySource = (a: PyUnit, b: PyUnit): number => a.statements[0]!.startIndex - b.statements[0]!.startIndex;

function where(from: string, node: PythonNode): string {
  return `${from}:${node.startPosition.row + 1}`;
}

const blockNames: Record<string, string> = {
  if_statement: "an if statement",
  for_statement: "a for loop",
  while_statement: "a while loop",
  try_statement: "a try statement",
  with_statement: "a with statement",
  match_statement: "a match statement",
};

/** Looks up the requested names and refuses what cannot be moved, with a one-line reason. */
export function resolveRequested(outline: PyOutline, symbols: readonly string[], from: string): PyUnit[] {
  const requested: PyUnit[] = [];
  for (const name of symbols) {
    if (name === "__all__")
      throw new InvalidInputError(`extract: __all__ is updated on both sides, not moved; list the names instead`);
    const unit = outline.unitByName.get(name);
    if (!unit) {
      if (name === entryGuardName)
        throw new InvalidInputError(`extract: ${from} has no \`if __name__ == "__main__":\` block`);
      if (outline.bindingsByName.has(name))
        throw new InvalidInputError(`extract: ${name} is imported into ${from}, not defined there`);
      throw new InvalidInputError(`extract: ${from} has no top-level definition named ${name}`);
    }
    if (!unit.movable) {
      const statement = unit.statements[0]!;
      throw new InvalidInputError(
        `extract: ${name} is defined inside ${blockNames[statement.type] ?? statement.type} at ${where(from, statement)}; only top-level definitions and assignments can be extracted`,
      );
    }
    const others = unit.names.filter((n) => !symbols.includes(n));
    if (others.length > 0)
      throw new InvalidInputError(
        `extract: ${name} is bound in one statement with ${others.join(", ")} in ${from}; extract them together`,
      );
    if (!requested.includes(unit)) requested.push(unit);
  }
  return requested;
}

/** `seeds` that `canEnter` accepts, and every unit reachable from them through such units. */
function closure(
  seeds: readonly PyUnit[],
  deps: (u: PyUnit) => PyUnit[],
  canEnter: (u: PyUnit) => boolean,
): Set<PyUnit> {
  const seen = new Set<PyUnit>();
  const queue = [...seeds];
  while (queue.length > 0) {
    const unit = queue.pop()!;
    if (seen.has(unit) || !canEnter(unit)) continue;
    seen.add(unit);
    queue.push(...deps(unit));
  }
  return seen;
}

/** Statements that stay in the old module: other statements and the statements of units that do not move. */
export function stayingStatements(outline: PyOutline, moved: ReadonlySet<PyUnit>): PythonNode[] {
  return [...outline.otherStatements, ...outline.units.filter((u) => !moved.has(u)).flatMap((u) => u.statements)];
}

/**
 * Splits the module's units: the requested ones move, private helpers reachable only from them come
 * along, and whatever else they use stays and is shared.
 */
export function selectMoved(outline: PyOutline, graph: ReferenceGraph, requested: readonly PyUnit[]): PySelection {
  const isRequested = new Set(requested);
  const deps = (u: PyUnit): PyUnit[] => graph.depsOf(u);
  const isCandidate = (u: PyUnit): boolean => !isRequested.has(u) && u.isPrivate && u.movable;
  const reachable = closure(requested.flatMap(deps), deps, isCandidate);
  // Code that stays: other statements, public units, and private units the moved code never reaches.
  const roots = outline.units.filter((u) => !isRequested.has(u) && (!reachable.has(u) || !isCandidate(u)));
  const rootDeps = outline.otherStatements.flatMap((s) =>
    graph.refsOf(s).flatMap((r) => (r.target.kind === "unit" ? [r.target.unit] : [])),
  );
  // Names listed in `__all__` are used by the module's interface.
  const listed = (outline.all?.names ?? []).flatMap((n) => {
    const unit = outline.unitByName.get(n);
    return unit ? [unit] : [];
  });
  const stays = closure(
    [...roots, ...rootDeps, ...listed.filter((u) => !isRequested.has(u))],
    deps,
    (u) => !isRequested.has(u),
  );
  const carried = closure(requested.flatMap(deps), deps, (u) => isCandidate(u) && !stays.has(u));
  const moved = new Set([...requested, ...carried]);
  const shared = new Set<PyUnit>();
  for (const unit of moved) for (const dep of deps(unit)) if (!moved.has(dep)) shared.add(dep);
  const usedByOld = new Set<PyUnit>();
  for (const statement of stayingStatements(outline, moved))
    for (const ref of graph.refsOf(statement))
      if (ref.target.kind === "unit" && moved.has(ref.target.unit)) usedByOld.add(ref.target.unit);
  return {
    requested: [...requested].sort(bySource),
    moved: [...moved].sort(bySource),
    carried: [...carried].sort(bySource),
    shared: [...shared].sort(bySource),
    usedByOld: [...usedByOld].sort(bySource),
  };
}

/** Refuses a split across which a name would be assigned: the module that imports it could not assign the other's binding. */
export function checkCrossWrites(
  outline: PyOutline,
  graph: ReferenceGraph,
  selection: PySelection,
  paths: { from: string; to: string },
): void {
  const moved = new Set(selection.moved);
  const statements = [...outline.otherStatements, ...outline.units.flatMap((u) => u.statements)];
  for (const statement of statements) {
    const writer = outline.unitOfStatement.get(statement.startIndex);
    const writerMoves = writer !== undefined && moved.has(writer);
    for (const ref of graph.refsOf(statement)) {
      if (!ref.isWrite || ref.target.kind !== "unit" || ref.target.unit === writer) continue;
      if (moved.has(ref.target.unit) === writerMoves) continue;
      const at = `${paths.from}:${ref.node.startPosition.row + 1}:${ref.node.startPosition.column + 1}`;
      const name = ref.name;
      throw new InvalidInputError(
        writerMoves
          ? `extract: ${at} (moving to ${paths.to}) assigns the global ${name}, which stays in ${paths.from}; in ${paths.to} it would assign a global of its own, so extract ${name} too or assign it through a function`
          : `extract: ${at} assigns the global ${name}, which moves to ${paths.to}; ${paths.from} would assign a global of its own, so extract the code that assigns it too or assign it through a function`,
      );
    }
  }
}
