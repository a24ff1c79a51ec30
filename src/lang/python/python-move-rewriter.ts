import picomatch from "picomatch";
import type { Edit } from "../../model/edit.js";
import type { MoveRewriteContext, MoveRewriteResult, MoveRewriter } from "../../model/move-rewriter.js";
import { collectPythonReferences } from "./find-references.js";
import { findStringMentions } from "./find-string-mentions.js";
import { buildModuleIndex, moduleNameOf, normalizeRoots } from "./module-index.js";
import { createByteOffsetMap } from "../../model/edit.js";
import { parsePython } from "./parse-python.js";
import { packageOfFile, planFileEdits } from "./plan-file-edits.js";
import { createModuleRenamer, normalizeMoves } from "./rename-modules.js";
import { spellsName } from "./spells-name.js";

/** True for files the Python rewriter parses. */
export function isPythonSource(path: string): boolean {
  return path.endsWith(".py") || path.endsWith(".pyi");
}

/**
 * Names every reference into a moved tree must spell as a whole word (the moved folder or module's own name): a
 * renamed module's dotted name has a moved one as a prefix, whose last part is that name.
 */
function movedNames(moves: readonly { from: string }[]): string[] {
  const names = new Set<string>();
  for (const move of moves) {
    const base = move.from.split("/").pop() ?? move.from;
    names.add(base.replace(/\.pyi?$/, ""));
  }
  return [...names].filter((n) => n.length > 0);
}

/** Decodes UTF-8 strictly; undefined for files that are not valid UTF-8 (their byte offsets could not be trusted). */
function decodeUtf8(bytes: Buffer): string | undefined {
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

/** Drops edits that overlap an earlier one (the same bytes reached through two references). */
function dropOverlaps(edits: Edit[]): Edit[] {
  const sorted = [...edits].sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: Edit[] = [];
  for (const edit of sorted) {
    const last = kept[kept.length - 1];
    if (last && edit.start < last.end) continue;
    kept.push(edit);
  }
  return kept;
}

/** Plans every Python import edit a set of moves needs (importers and moved files alike). */
export function planPythonMoveEdits(context: MoveRewriteContext): MoveRewriteResult {
  const result: MoveRewriteResult = { edits: [], reported: [], warnings: [] };
  // Everything below comes from the Python sources: a tree without one (a TypeScript monorepo) needs no module index.
  if (context.moves.length === 0 || !context.files.some(isPythonSource)) return result;
  const roots = normalizeRoots(context.manifest.python?.roots);
  const index = buildModuleIndex(context.files, roots);
  const moves = normalizeMoves(context.moves);
  const renamer = createModuleRenamer(index, moves, (p) => context.newPathOf(p));
  const names = movedNames(moves);
  const moved = {
    modules: moves
      .map((move) => moduleNameOf(move.from, roots, !/\.pyi?$/.test(move.from))?.name)
      .filter((name): name is string => name !== undefined),
    paths: moves.map((move) => move.from),
  };
  const rewriteStrings = context.manifest.python?.strings === "rewrite";
  const scope = context.manifest.imports?.scope;
  const inScope = scope && scope.length > 0 ? picomatch(scope, { dot: true }) : () => true;
  const warnings = new Set<string>();
  for (const file of context.files) {
    if (!isPythonSource(file) || !inScope(file)) continue;
    const newPath = context.newPathOf(file);
    const bytes = context.readFile(file);
    if (newPath === file && !names.some((name) => spellsName(bytes, name))) continue;
    const source = decodeUtf8(bytes);
    if (source === undefined) {
      warnings.add(`${file}: not valid UTF-8; its imports were not rewritten`);
      continue;
    }
    const oldModule = moduleNameOf(file, roots, false);
    const newModule = moduleNameOf(newPath, roots, false, oldModule?.rootIndex ?? 0);
    const location = {
      path: file,
      oldPackage: packageOfFile(file, oldModule?.name),
      newPackage: packageOfFile(newPath, newModule?.name),
    };
    const tree = parsePython(source);
    const refs = collectPythonReferences(tree, source, {
      chains: true,
      strings: true,
      docstrings: true,
      sphinxConf: file === "conf.py" || file.endsWith("/conf.py"),
      mentioning: names,
    });
    const mentions = findStringMentions(tree, source, moved);
    if (rewriteStrings)
      for (const mention of mentions)
        if (mention.dotted)
          refs.push({ kind: "string", via: "string", line: mention.line, column: mention.column, ...mention.dotted });
    const plan = planFileEdits(refs, source, location, renamer);
    plan.warnings.forEach((w) => {
      warnings.add(w.includes(file) ? w : `${file}: ${w}`);
    });
    // Strings and comments naming a moved module or path that no rule rewrote (prose, config values) are listed, not guessed at.
    for (const mention of mentions) {
      if (plan.edits.some((edit) => edit.start < mention.end && mention.start < edit.end)) continue;
      result.reported.push({ path: file, line: mention.line, column: mention.column, text: mention.text });
    }
    if (plan.edits.length === 0) continue;
    const toByte = createByteOffsetMap(source);
    const edits = plan.edits.map((edit): Edit => {
      const start = toByte(edit.start);
      const end = toByte(edit.end);
      return {
        file,
        start,
        end,
        text: edit.text,
        kind: "py-import",
        before: bytes.subarray(start, end).toString("utf8"),
      };
    });
    result.edits.push(...dropOverlaps(edits).filter((edit) => edit.before !== edit.text));
  }
  result.warnings.push(...warnings);
  return result;
}

/** The Python import rewriter: absolute, relative, parent-package, attribute-chain, string-target and docstring references. */
export const pythonImportRewriter: MoveRewriter = {
  name: "python-imports",
  description:
    "Rewrites Python imports, import_module/mock.patch targets, doctests and Sphinx roles that a move breaks",
  planEdits: planPythonMoveEdits,
};
