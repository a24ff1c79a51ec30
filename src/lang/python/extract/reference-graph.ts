import type { PythonNode } from "../parse-python.js";
import type { PyBinding, PyOutline, PyUnit } from "./outline-module.js";
import { collectNameRefs, type NameRef } from "./resolve-names.js";

/** A use of a module-level name, resolved to what binds it. */
export interface Reference extends NameRef {
  /** The top-level statement the use is in. */
  statement: PythonNode;
  target: { kind: "unit"; unit: PyUnit } | { kind: "binding"; bindings: PyBinding[] } | { kind: "free" };
}

/** Module-level references of every top-level statement of one module. */
export interface ReferenceGraph {
  refsOf(statement: PythonNode): Reference[];
  refsOfUnit(unit: PyUnit): Reference[];
  /** Units a unit's statements reference (itself excluded). */
  depsOf(unit: PyUnit): PyUnit[];
}

/** Resolves the names every top-level statement uses against the module's units and import bindings. */
export function buildReferenceGraph(outline: PyOutline): ReferenceGraph {
  const cache = new Map<number, Reference[]>();
  const refsOf = (statement: PythonNode): Reference[] => {
    const cached = cache.get(statement.startIndex);
    if (cached) return cached;
    const refs = collectNameRefs(statement, outline.lazyAnnotations).map((ref): Reference => {
      const unit = outline.unitByName.get(ref.name);
      const bindings = outline.bindingsByName.get(ref.name);
      const target: Reference["target"] = unit
        ? { kind: "unit", unit }
        : bindings
          ? { kind: "binding", bindings }
          : { kind: "free" };
      return { ...ref, statement, target };
    });
    cache.set(statement.startIndex, refs);
    return refs;
  };
  const refsOfUnit = (unit: PyUnit): Reference[] => unit.statements.flatMap(refsOf);
  const depsOf = (unit: PyUnit): PyUnit[] => {
    const deps = new Set<PyUnit>();
    for (const ref of refsOfUnit(unit))
      if (ref.target.kind === "unit" && ref.target.unit !== unit) deps.add(ref.target.unit);
    return [...deps];
  };
  return { refsOf, refsOfUnit, depsOf };
}
