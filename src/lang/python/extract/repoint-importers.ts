import { collectPythonReferences, type FromImportRef, type PythonRef } from "../find-references.js";
import { relativeFormOf, resolveRelative } from "../module-index.js";
import type { PythonNode } from "../parse-python.js";
import type { CharEdit } from "./char-edits.js";
import { isBlank, lineStartOf, nextLineStartOf } from "../../../shared/text-lines.js";
import type { ParsedFile, ProjectModules } from "./project-modules.js";
import { spellModule } from "./render-imports.js";
import { removeListElements } from "./statement-ranges.js";

/** The extraction as importers see it. */
export interface RepointContext {
  project: ProjectModules;
  from: string;
  to: string;
  fromModule: string;
  toModule: string;
  /** Every name that moves (requested and carried). */
  movedNames: ReadonlySet<string>;
  /** Moved names the old module keeps importing (its own code uses them). */
  usedByOldNames: ReadonlySet<string>;
  /** Moved names that other moved code uses (looked up in the new module from now on). */
  usedByMovedNames: ReadonlySet<string>;
  /** Names the old module imports that only moved code used: patches of them follow the lookups to the new module. */
  lookupsMoved: ReadonlySet<string>;
  shim: boolean;
  /** Character ranges of the old module that move to the new one. */
  movedRanges: readonly { start: number; end: number }[];
  /** Package of the new module (what relative imports inside moved code start from). */
  newPackage: string | undefined;
  eol: string;
}

/** Edits (character ranges of each file before the step) re-pointing references to the moved names, and warnings. */
export interface RepointResult {
  editsByFile: Map<string, CharEdit[]>;
  warnings: string[];
}

/** Drops edits overlapping an earlier one (the same bytes reached through two references). */
function dropOverlaps(edits: CharEdit[]): CharEdit[] {
  const sorted = [...edits].sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: CharEdit[] = [];
  for (const edit of sorted) {
    const last = kept[kept.length - 1];
    if (last && edit.start < last.end && edit.end > edit.start) continue;
    kept.push(edit);
  }
  return kept;
}

function nameText(name: FromImportRef["names"][number], text: string): string {
  const written = text.slice(name.start, name.end);
  return name.alias ? `${written} as ${name.alias}` : written;
}

/** The import statement node a from-import reference of the file's own code stands for. */
function statementAt(file: ParsedFile, ref: FromImportRef): PythonNode | undefined {
  let node: PythonNode | null = file.tree.rootNode.descendantForIndex(ref.moduleStart, ref.moduleEnd);
  while (node && node.type !== "import_from_statement") node = node.parent;
  return node?.startIndex === ref.start ? node : undefined;
}

/** Plans the edits of one file: imports of moved names re-pointed, strings, doctests and Sphinx roles following them. */
function repointFile(file: ParsedFile, context: RepointContext, warnings: string[]): CharEdit[] {
  const { text } = file;
  const edits: CharEdit[] = [];
  const isOld = file.path === context.from;
  const isTarget = file.path === context.to;
  const inMoved = (index: number): boolean =>
    isOld && context.movedRanges.some((r) => r.start <= index && index < r.end);
  const where = (ref: PythonRef): string => `${file.path}:${ref.line}`;
  const movedIn = (dotted: string): string | undefined => {
    if (!dotted.startsWith(`${context.fromModule}.`)) return undefined;
    const name = dotted.slice(context.fromModule.length + 1).split(".")[0]!;
    return context.movedNames.has(name) ? name : undefined;
  };
  // Names the old module imported only for the moved code: that code now looks them up in the new module.
  const lookupMovedIn = (dotted: string): string | undefined => {
    if (!dotted.startsWith(`${context.fromModule}.`)) return undefined;
    const name = dotted.slice(context.fromModule.length + 1);
    return context.lookupsMoved.has(name) ? name : undefined;
  };
  const refs = collectPythonReferences(file.tree, text, { chains: true, strings: true, docstrings: true });
  for (const ref of refs) {
    // Code that moves reads its relative imports from the new package.
    const placePackage = inMoved(ref.start) ? context.newPackage : file.package;
    if (ref.kind === "from") {
      const absolute =
        ref.level > 0
          ? file.package === undefined
            ? undefined
            : resolveRelative(file.package, ref.level, ref.module)
          : ref.module;
      if (absolute === undefined) continue;
      if (absolute !== context.fromModule) {
        if (
          ref.level > 0 &&
          inMoved(ref.start) &&
          resolveRelative(placePackage ?? "", ref.level, ref.module) !== absolute
        ) {
          const relative = placePackage ? relativeFormOf(placePackage, absolute) : undefined;
          edits.push({ start: ref.moduleStart, end: ref.moduleEnd, text: relative ?? absolute });
        }
        continue;
      }
      if (ref.wildcard) {
        if (!context.shim)
          warnings.push(
            `${where(ref)}: "from ${ref.module || "."} import *" no longer brings ${[...context.movedNames].join(", ")} with shim: false; import them from ${context.toModule}`,
          );
        continue;
      }
      const moved = ref.names.filter((n) => context.movedNames.has(n.name));
      if (moved.length === 0) continue;
      const newModule = ref.level > 0 ? spellModule(context.toModule, placePackage, true) : context.toModule;
      const kept = ref.names.filter((n) => !context.movedNames.has(n.name));
      const statement = statementAt(file, ref);
      if (isTarget && statement) {
        // The new module defines these names itself now.
        const elements = statement.childrenForFieldName("name");
        const removed = new Set(elements.flatMap((e, i) => (moved.some((m) => m.start === e.startIndex) ? [i] : [])));
        const ranges = removeListElements(elements, removed, text);
        if (ranges === "all")
          edits.push({
            start: lineStartOf(text, statement.startIndex),
            end: nextLineStartOf(text, statement.endIndex),
            text: "",
          });
        else edits.push(...ranges);
        continue;
      }
      if (kept.length === 0) {
        edits.push({ start: ref.moduleStart, end: ref.moduleEnd, text: newModule });
        continue;
      }
      const movedImport = `from ${newModule} import ${moved.map((n) => nameText(n, text)).join(", ")}`;
      const lineStart = lineStartOf(text, ref.start);
      if (statement && isBlank(text, lineStart, ref.start)) {
        // The moved names leave the list and get their own statement on the next line, indented the same.
        const elements = statement.childrenForFieldName("name");
        const removed = new Set(elements.flatMap((e, i) => (moved.some((m) => m.start === e.startIndex) ? [i] : [])));
        const ranges = removeListElements(elements, removed, text);
        if (ranges !== "all") edits.push(...ranges);
        const indent = text.slice(lineStart, ref.start);
        let lineEnd = nextLineStartOf(text, statement.endIndex);
        const trailing = statement.nextSibling;
        if (trailing?.type === "comment" && trailing.startPosition.row === statement.endPosition.row)
          lineEnd = nextLineStartOf(text, trailing.endIndex);
        const needsEol = lineEnd === text.length && !text.endsWith("\n");
        edits.push({
          start: lineEnd,
          end: lineEnd,
          text: `${needsEol ? context.eol : ""}${indent}${movedImport}${needsEol ? "" : context.eol}`,
        });
      } else {
        // Doctest lines and one-line compound statements: both imports on the same line.
        const module = text.slice(ref.moduleStart, ref.moduleEnd);
        edits.push({
          start: ref.start,
          end: ref.end,
          text: `from ${module} import ${kept.map((n) => nameText(n, text)).join(", ")}; ${movedImport}`,
        });
      }
      continue;
    }
    if (ref.kind === "chain") {
      const name = movedIn(ref.parts.join("."));
      if (name && !context.shim)
        warnings.push(
          `${where(ref)}: ${ref.parts.join(".")} reaches ${name} through ${context.fromModule}, which no longer has it with shim: false; import it from ${context.toModule}`,
        );
      continue;
    }
    if (ref.kind === "string" || ref.kind === "doc-role") {
      // A patch replaces the name where it is looked up: the old module still looks it up when it imports it.
      const isPatch = ref.kind === "string" && /patch|setattr|delattr/.test(ref.via);
      const looked = isPatch ? lookupMovedIn(ref.name) : undefined;
      if (looked) {
        edits.push({ start: ref.start, end: ref.start + context.fromModule.length, text: context.toModule });
        continue;
      }
      const name = movedIn(ref.name);
      if (!name) continue;
      if (isPatch && context.usedByOldNames.has(name)) {
        if (context.usedByMovedNames.has(name))
          warnings.push(
            `${where(ref)}: ${ref.via}("${ref.name}") still patches ${context.from}'s ${name}; the moved code now looks ${name} up in ${context.toModule}, which that patch does not replace`,
          );
        continue;
      }
      edits.push({ start: ref.start, end: ref.start + context.fromModule.length, text: context.toModule });
    }
  }
  return dropOverlaps(edits);
}

/** Re-points every reference to the moved names across the project (imports, mock.patch strings, doctests, Sphinx roles). */
export function repointImporters(context: RepointContext): RepointResult {
  const editsByFile = new Map<string, CharEdit[]>();
  const warnings: string[] = [];
  const needle = context.fromModule.split(".").pop()!;
  for (const path of context.project.pythonFiles) {
    const raw = context.project.readText(path);
    if (raw === undefined || (!raw.includes(needle) && path !== context.from)) continue;
    const file = context.project.parse(path);
    if (!file) continue;
    const edits = repointFile(file, context, warnings);
    if (edits.length > 0) editsByFile.set(path, edits);
  }
  return { editsByFile, warnings };
}

/** Names other files reach through the old module: `from old import x`, `old.x` chains, `mock.patch("old.x")` strings. */
export function namesOthersUse(project: ProjectModules, from: string, fromModule: string): Set<string> {
  const names = new Set<string>();
  const needle = fromModule.split(".").pop()!;
  const after = (dotted: string): string | undefined =>
    dotted.startsWith(`${fromModule}.`) ? dotted.slice(fromModule.length + 1).split(".")[0] : undefined;
  for (const path of project.pythonFiles) {
    if (path === from || !project.readText(path)?.includes(needle)) continue;
    const file = project.parse(path);
    if (!file) continue;
    for (const ref of collectPythonReferences(file.tree, file.text, {
      chains: true,
      strings: true,
      docstrings: true,
    })) {
      if (ref.kind === "from") {
        const absolute = ref.level > 0 ? resolveRelative(file.package ?? "", ref.level, ref.module) : ref.module;
        if (absolute === fromModule) for (const name of ref.names) names.add(name.name);
      } else if (ref.kind === "chain" || ref.kind === "string") {
        const name = after(ref.kind === "chain" ? ref.parts.join(".") : ref.name);
        if (name) names.add(name);
      }
    }
  }
  return names;
}
