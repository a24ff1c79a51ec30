import type ts from "typescript";
import { InvalidInputError } from "../../../shared/errors.js";
import type { Reference, ReferenceGraph } from "./collect-references.js";
import type { MoveSelection } from "./select-moved.js";
import type { DeclarationUnit, ModuleOutline } from "./top-level-units.js";

/** Where the two modules stand after the extraction, for the cycle check. */
export interface CycleContext {
  outline: ModuleOutline;
  graph: ReferenceGraph;
  selection: MoveSelection;
  /** The old module re-exports moved values (the shim), which is a run-time import of the new module. */
  hasShim: boolean;
  from: string;
  to: string;
  sourceFile: ts.SourceFile;
}

interface Hazard {
  unit: DeclarationUnit;
  /** Where the uninitialized binding is read. */
  ref: Reference;
  /** The initialization-time reference the chain starts from. */
  root: Reference;
}

const isValueRef = (r: Reference): boolean => !r.isTypeOnly && r.target.kind === "unit" && !r.target.unit.isTypeOnly;

/**
 * Follows what runs while one module initializes (its eager references, and everything a reached unit
 * could run) and returns the first binding of the other module that would still be uninitialized.
 */
function findHazard(
  graph: ReferenceGraph,
  start: readonly Reference[],
  isOther: (u: DeclarationUnit) => boolean,
): Hazard | undefined {
  const seen = new Set<DeclarationUnit>();
  const queue = start.filter((r) => r.isEager && isValueRef(r)).map((r) => ({ ref: r, root: r }));
  while (queue.length > 0) {
    const { ref, root } = queue.shift()!;
    if (ref.target.kind !== "unit") continue;
    const unit = ref.target.unit;
    if (seen.has(unit)) continue;
    seen.add(unit);
    if (isOther(unit) && !unit.isHoisted) return { unit, ref, root };
    queue.push(
      ...graph
        .refsOfUnit(unit)
        .filter(isValueRef)
        .map((r) => ({ ref: r, root })),
    );
  }
  return undefined;
}

/**
 * Refuses an extraction whose two modules would import each other at run time in a way that reads a
 * binding before it is initialized, whichever of them is imported first.
 */
export function checkInitCycle(context: CycleContext): void {
  const { graph, selection, outline } = context;
  const moved = new Set(selection.moved);
  const movedRefs = selection.moved.flatMap((u) => graph.refsOfUnit(u));
  const newImportsOld = movedRefs.some((r) => isValueRef(r) && r.target.kind === "unit" && !moved.has(r.target.unit));
  const stayingStatements = [
    ...outline.units.filter((u) => !moved.has(u)).flatMap((u) => u.statements),
    ...outline.otherStatements,
  ];
  const stayingRefs = stayingStatements.flatMap((s) => graph.refsOf(s));
  const shimsValues = context.hasShim && selection.moved.some((u) => u.isExported && !u.isTypeOnly);
  const oldImportsNew =
    shimsValues || stayingRefs.some((r) => isValueRef(r) && r.target.kind === "unit" && moved.has(r.target.unit));
  if (!newImportsOld || !oldImportsNew) return;
  // Importing the old module first evaluates the new one first, while the old one is uninitialized.
  const newFirst = findHazard(graph, movedRefs, (u) => !moved.has(u));
  if (newFirst) {
    const name = newFirst.unit.names[0]!;
    throw cycleError(
      context,
      newFirst,
      context.to,
      context.from,
      `extract ${name} too, or move it to a module both can import`,
    );
  }
  // Importing the new module first evaluates the old one first; entry-point blocks do not run then.
  const eagerStaying = stayingStatements.filter((s) => !graph.isEntryGuarded(s)).flatMap((s) => graph.refsOf(s));
  const oldFirst = findHazard(graph, eagerStaying, (u) => moved.has(u));
  if (oldFirst) {
    const remedy = `${context.from} runs moved code while it loads, so extract that load-time code too or leave the moved code in ${context.from}`;
    throw cycleError(context, oldFirst, context.from, context.to, remedy);
  }
}

function cycleError(
  context: CycleContext,
  hazard: Hazard,
  first: string,
  other: string,
  remedy: string,
): InvalidInputError {
  const name = hazard.unit.names[0]!;
  const where = (ref: Reference): string => {
    const at = context.sourceFile.getLineAndCharacterOfPosition(ref.node.getStart());
    return `${context.from}:${at.line + 1}:${at.character + 1}`;
  };
  const chain =
    hazard.root === hazard.ref
      ? `read at ${where(hazard.ref)}`
      : `read at ${where(hazard.ref)}, reached from ${where(hazard.root)}`;
  return new InvalidInputError(
    `extract: ${context.from} and ${context.to} would import each other, and ${first} would use ${name} from ${other} ` +
      `before ${other} has initialized (${chain}); ${remedy}`,
  );
}
