import type ts from "typescript";
import { InvalidInputError } from "../../../shared/errors.js";
import type { ReferenceGraph } from "./collect-references.js";
import type { DeclarationUnit, ModuleOutline } from "./top-level-units.js";

/** Which declarations move, which come along, and which stay but are needed by the moved code. */
export interface MoveSelection {
  /** Requested and carried units, in source order. */
  moved: DeclarationUnit[];
  carried: DeclarationUnit[];
  /** Units that stay in the old module and that moved code references (the new module imports them). */
  shared: DeclarationUnit[];
  /** Moved units that code staying in the old module still references. */
  usedByOld: DeclarationUnit[];
}

function unitDeps(graph: ReferenceGraph, unit: DeclarationUnit): DeclarationUnit[] {
  return graph.refsOfUnit(unit).flatMap((r) => (r.target.kind === "unit" ? [r.target.unit] : []));
}

function statementDeps(graph: ReferenceGraph, statement: ts.Statement): DeclarationUnit[] {
  return graph.refsOf(statement).flatMap((r) => (r.target.kind === "unit" ? [r.target.unit] : []));
}

/** `seeds` that `canEnter` accepts, and every unit reachable from them through such units. */
function closure(
  seeds: readonly DeclarationUnit[],
  deps: (u: DeclarationUnit) => DeclarationUnit[],
  canEnter: (u: DeclarationUnit) => boolean,
): Set<DeclarationUnit> {
  const seen = new Set<DeclarationUnit>();
  const queue = [...seeds];
  while (queue.length > 0) {
    const unit = queue.pop()!;
    if (seen.has(unit) || !canEnter(unit)) continue;
    seen.add(unit);
    queue.push(...deps(unit));
  }
  return seen;
}

/** Looks up the requested names and refuses what the codemod cannot move, with a one-line reason. */
export function resolveRequested(outline: ModuleOutline, symbols: readonly string[], from: string): DeclarationUnit[] {
  const requested: DeclarationUnit[] = [];
  for (const name of symbols) {
    if (name === "default")
      throw new InvalidInputError(`extract: cannot move the default export of ${from}; name a declaration instead`);
    const unit = outline.unitByName.get(name);
    if (!unit) {
      const imported = outline.bindings.some((b) => b.localName === name);
      throw new InvalidInputError(
        imported
          ? `extract: ${name} is imported into ${from}, not declared there`
          : `extract: ${from} has no top-level declaration named ${name}`,
      );
    }
    if (unit.isDefaultExport)
      throw new InvalidInputError(
        `extract: ${name} is the default export of ${from}; default exports cannot be extracted`,
      );
    if (unit.isDestructuring)
      throw new InvalidInputError(
        `extract: ${name} is declared by a destructuring pattern in ${from}; split it into plain declarations first`,
      );
    const listed = unit.names.find((n) => outline.exportListed.has(n));
    if (listed)
      throw new InvalidInputError(
        `extract: ${listed} is exported through an \`export { … }\` list in ${from}; put \`export\` on its declaration first`,
      );
    const others = unit.names.filter((n) => !symbols.includes(n));
    if (others.length > 0)
      throw new InvalidInputError(
        `extract: ${name} is declared in one statement with ${others.join(", ")} in ${from}; extract them together`,
      );
    if (!requested.includes(unit)) requested.push(unit);
  }
  return requested;
}

/**
 * Splits the module's units: the requested ones move, private helpers reachable only from them come
 * along, and whatever else they use stays and is shared.
 */
export function selectMoved(
  outline: ModuleOutline,
  graph: ReferenceGraph,
  requested: readonly DeclarationUnit[],
): MoveSelection {
  const isRequested = new Set(requested);
  const deps = (u: DeclarationUnit): DeclarationUnit[] => unitDeps(graph, u);
  const isPrivateCandidate = (u: DeclarationUnit): boolean =>
    !isRequested.has(u) && !u.isExported && !u.isDefaultExport;
  const reachable = closure(requested.flatMap(deps), deps, isPrivateCandidate);
  // Code that stays: other statements, exported units, and private units the moved code never reaches.
  const roots = outline.units.filter(
    (u) => !isRequested.has(u) && (!reachable.has(u) || u.isExported || u.isDefaultExport),
  );
  const rootDeps = outline.otherStatements.flatMap((s) => statementDeps(graph, s));
  const stays = closure([...roots, ...rootDeps], deps, (u) => !isRequested.has(u));
  const carriedSet = closure(requested.flatMap(deps), deps, (u) => isPrivateCandidate(u) && !stays.has(u));
  const movedSet = new Set([...requested, ...carriedSet]);
  const bySource = (a: DeclarationUnit, b: DeclarationUnit): number => a.id - b.id;
  const shared = new Set<DeclarationUnit>();
  for (const unit of movedSet) for (const dep of deps(unit)) if (!movedSet.has(dep)) shared.add(dep);
  const usedByOld = new Set<DeclarationUnit>();
  const stayingStatements = [
    ...outline.otherStatements,
    ...outline.units.filter((u) => !movedSet.has(u)).flatMap((u) => u.statements),
  ];
  for (const statement of stayingStatements)
    for (const dep of statementDeps(graph, statement)) if (movedSet.has(dep)) usedByOld.add(dep);
  return {
    moved: [...movedSet].sort(bySource),
    carried: [...carriedSet].sort(bySource),
    shared: [...shared].sort(bySource),
    usedByOld: [...usedByOld].sort(bySource),
  };
}

/** Refuses a split across which a variable would be assigned: the side that imports it could not assign it any more. */
export function checkCrossWrites(
  outline: ModuleOutline,
  graph: ReferenceGraph,
  selection: MoveSelection,
  paths: { from: string; to: string },
  sourceFile: ts.SourceFile,
): void {
  const { from, to } = paths;
  const moved = new Set(selection.moved);
  const statements = [...outline.otherStatements, ...outline.units.flatMap((u) => u.statements)];
  for (const statement of statements) {
    const writerMoves = moved.has(outline.unitByStatement.get(statement)!);
    for (const ref of graph.refsOf(statement)) {
      if (!ref.isWrite || ref.target.kind !== "unit" || moved.has(ref.target.unit) === writerMoves) continue;
      const at = sourceFile.getLineAndCharacterOfPosition(ref.node.getStart());
      const name = ref.node.text;
      const where = `${from}:${at.line + 1}:${at.character + 1}`;
      throw new InvalidInputError(
        writerMoves
          ? `extract: ${where} (moving to ${to}) assigns ${name}, which stays in ${from}; an imported binding cannot be assigned, so extract ${name} too or assign it through a function`
          : `extract: ${where} assigns ${name}, which moves to ${to}; an imported binding cannot be assigned, so extract the code that assigns it too or assign it through a function`,
      );
    }
  }
}
