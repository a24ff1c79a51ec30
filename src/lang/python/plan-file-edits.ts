import type { ChainRef, DottedTextRef, FromImportRef, FromName, ImportRef, PythonRef } from "./find-references.js";
import { packageOfModule, relativeFormOf, resolveRelative } from "./module-index.js";
import type { ModuleRenamer } from "./rename-modules.js";
import { formatSplitImport } from "./split-from-import.js";

/** Where one file sits before and after the moves, as Python sees it. */
export interface FileLocation {
  /** Root-relative path before the migration (what edits are keyed by). */
  path: string;
  /** Package its relative imports start from, before and after; undefined outside every root. */
  oldPackage?: string;
  newPackage?: string;
}

/** Edits (UTF-16 indices, converted by the caller) and warnings for one file. */
export interface FileEditPlan {
  edits: { start: number; end: number; text: string }[];
  warnings: string[];
}

/** Package of a file path given its module name (undefined outside roots). */
export function packageOfFile(path: string, moduleName: string | undefined): string | undefined {
  if (moduleName === undefined) return undefined;
  return packageOfModule(moduleName, /(^|\/)__init__\.pyi?$/.test(path));
}

type Group = { from: string; names: { name: FromName; base: string }[] };

/** Works out the module each name of a from-import comes from after the moves; undefined when nothing of it is in the tree. */
function regroupFromImport(
  absolute: string,
  ref: FromImportRef,
  renamer: ModuleRenamer,
  warn: (m: string) => void,
): Group[] | undefined {
  const moduleRenamed = renamer.renameDotted(absolute);
  if (moduleRenamed && "error" in moduleRenamed) {
    warn(moduleRenamed.error);
    return undefined;
  }
  if (ref.wildcard || ref.names.length === 0)
    return moduleRenamed ? [{ from: moduleRenamed.name, names: [] }] : undefined;
  const groups: Group[] = [];
  let touchesTree = moduleRenamed !== undefined;
  for (const name of ref.names) {
    const submodule = renamer.index.modules.get(`${absolute}.${name.name}`);
    let from = moduleRenamed?.name ?? absolute;
    let base = name.name;
    if (submodule) {
      touchesTree = true;
      const renamed = renamer.renameModule(submodule);
      if ("error" in renamed) {
        warn(renamed.error);
        return undefined;
      }
      const dot = renamed.name.lastIndexOf(".");
      if (dot < 0) {
        warn(
          `${submodule.name} becomes the top-level module ${renamed.name}; "from … import ${name.name}" cannot name it`,
        );
        return undefined;
      }
      from = renamed.name.slice(0, dot);
      base = renamed.name.slice(dot + 1);
    }
    const group = groups.find((g) => g.from === from);
    if (group) group.names.push({ name, base });
    else groups.push({ from, names: [{ name, base }] });
  }
  return touchesTree ? groups : undefined;
}

/** Text of one imported name, renamed to `base` (keeping what the code binds) when the module's own name changed. */
function nameText(entry: { name: FromName; base: string }, source: string): string {
  const written = source.slice(entry.name.start, entry.name.end);
  if (entry.base === entry.name.name) return entry.name.alias ? `${written} as ${entry.name.alias}` : written;
  return `${entry.base} as ${entry.name.alias ?? entry.name.name}`;
}

/** Module text for `from <here> import …`: absolute as is, relative re-computed only when the written one no longer fits. */
function moduleTextFor(target: string, ref: FromImportRef, location: FileLocation, warn: (m: string) => void): string {
  if (ref.level === 0) return target;
  const newPackage = location.newPackage;
  if (newPackage !== undefined && resolveRelative(newPackage, ref.level, ref.module) === target) {
    return ".".repeat(ref.level) + ref.module;
  }
  const relative = newPackage === undefined ? undefined : relativeFormOf(newPackage, target);
  if (relative === undefined) {
    warn(
      `${location.path}:${ref.line}: no relative form reaches ${target} from the new location; written as an absolute import`,
    );
    return target;
  }
  return relative;
}

function planFromImport(
  ref: FromImportRef,
  source: string,
  location: FileLocation,
  renamer: ModuleRenamer,
  plan: FileEditPlan,
): void {
  const warn = (m: string) => plan.warnings.push(m);
  let absolute = ref.module;
  if (ref.level > 0) {
    if (location.oldPackage === undefined) return;
    const resolved = resolveRelative(location.oldPackage, ref.level, ref.module);
    if (resolved === undefined) return;
    absolute = resolved;
  }
  const groups = regroupFromImport(absolute, ref, renamer, warn);
  if (!groups) return;
  const fileMoved = location.oldPackage !== location.newPackage;
  const unchanged =
    groups.length === 1 && groups[0].from === absolute && groups[0].names.every((n) => n.base === n.name.name);
  if (unchanged && (ref.level === 0 || !fileMoved)) return;
  if (groups.length === 1) {
    const moduleText = moduleTextFor(groups[0].from, ref, location, warn);
    if (moduleText !== source.slice(ref.moduleStart, ref.moduleEnd))
      plan.edits.push({ start: ref.moduleStart, end: ref.moduleEnd, text: moduleText });
    for (const entry of groups[0].names) {
      // The edit covers only the name, so an existing alias stays where it is.
      const text = entry.name.alias ? entry.base : nameText(entry, source);
      if (entry.base !== entry.name.name) plan.edits.push({ start: entry.name.start, end: entry.name.end, text });
    }
    return;
  }
  // Names now live in different packages: one statement per package, in the original order and shape.
  const text = formatSplitImport(
    source,
    ref,
    groups.map((group) => ({
      module: moduleTextFor(group.from, ref, location, warn),
      names: group.names.map((n) => ({ name: n.name, text: nameText(n, source) })),
    })),
  );
  plan.warnings.push(
    `${location.path}:${ref.line}: split "${source.slice(ref.start, ref.end).replace(/\s+/g, " ")}" into ${groups.length} imports`,
  );
  plan.edits.push({ start: ref.start, end: ref.end, text });
}

function planDotted(ref: ImportRef | DottedTextRef, renamer: ModuleRenamer, plan: FileEditPlan, path: string): void {
  const renamed = renamer.renameDotted(ref.name);
  if (!renamed) return;
  if ("error" in renamed) {
    plan.warnings.push(`${path}:${ref.line}: ${renamed.error}`);
    return;
  }
  if (!renamed.changed) return;
  plan.edits.push({ start: ref.start, end: ref.end, text: renamed.name });
  const oldTop = ref.name.split(".")[0];
  if (ref.kind === "import" && !ref.aliased && renamed.name.split(".")[0] !== oldTop) {
    plan.warnings.push(
      `${path}:${ref.line}: "import ${ref.name}" now binds ${renamed.name.split(".")[0]}; attribute chains on ${oldTop} were rewritten, bare uses of ${oldTop} were not`,
    );
  }
}

function planChain(ref: ChainRef, renamer: ModuleRenamer, plan: FileEditPlan): void {
  for (let count = ref.parts.length; count >= 1; count--) {
    const module = renamer.index.modules.get(ref.parts.slice(0, count).join("."));
    if (!module) continue;
    const renamed = renamer.renameModule(module);
    if (!("error" in renamed) && renamed.changed)
      plan.edits.push({ start: ref.start, end: ref.prefixEnds[count - 1], text: renamed.name });
    return;
  }
}

/** Computes the edits one file needs after the moves, from its collected references. */
export function planFileEdits(
  refs: readonly PythonRef[],
  source: string,
  location: FileLocation,
  renamer: ModuleRenamer,
): FileEditPlan {
  const plan: FileEditPlan = { edits: [], warnings: [] };
  for (const ref of refs) {
    switch (ref.kind) {
      case "import":
      case "string":
      case "doc-role":
        planDotted(ref, renamer, plan, location.path);
        break;
      case "from":
        planFromImport(ref, source, location, renamer, plan);
        break;
      case "chain":
        planChain(ref, renamer, plan);
        break;
    }
  }
  return plan;
}
