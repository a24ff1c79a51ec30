import path from "node:path";
import picomatch from "picomatch";
import type { Edit } from "../../model/edit.js";
import type { MoveRewriteContext, MoveRewriteResult } from "../../model/move-rewriter.js";
import { isSameOrInside } from "../../shared/paths.js";
import { createResolver, getModuleFormatKey } from "./create-resolver.js";
import { findSpecifiers, isRelativeSpecifier } from "./find-specifiers.js";
import { loadCompilerOptions } from "./load-compiler-options.js";
import { collectNeedles, createReachTest, mayMentionMoved } from "./moved-needles.js";
import { isScriptFile } from "./script-files.js";
import { respellSpecifier, type RespellInput } from "./respell-specifier.js";
import { readAliasConfig } from "./specifier-style.js";
import { createTreeView, type TreeView } from "./tree-view.js";
import type { FoundSpecifier } from "./types.js";

/** Files whose imports a move reads: the manifest's `imports.scope` globs, or every TS/JS source. */
export function selectScopeFiles(files: readonly string[], scope: readonly string[] | undefined): string[] {
  if (!scope || scope.length === 0) return files.filter(isScriptFile);
  const isInScope = picomatch([...scope], { dot: true });
  return files.filter((file) => isScriptFile(file) && isInScope(file));
}

/** Plans byte-range edits re-pointing every TS/JS specifier a set of moves breaks (importers and movers alike). */
export function planImportEdits(context: MoveRewriteContext): MoveRewriteResult {
  const moved = new Map<string, string>();
  for (const file of context.files) {
    const next = context.newPathOf(file);
    if (next !== file) moved.set(file, next);
  }
  const result: MoveRewriteResult = { edits: [], reported: [], warnings: [] };
  if (moved.size === 0) return result;

  const before = createTreeView(context);
  const project = loadCompilerOptions(before, context.manifest.typescript?.tsconfig);
  result.warnings.push(...project.warnings);
  const resolver = createResolver(before, project.options);
  const aliases = readAliasConfig(project.options, before);
  const after = lazy(() => createResolver(createMovedTreeView(context, moved), project.options));
  const needles = collectNeedles(context.moves, moved, aliases);
  // tsc's rootDirs make a relative specifier reach other folders than the one it spells: resolve everything then.
  const mayReachMoved = project.options.rootDirs?.length ? () => true : createReachTest(context.moves, moved, before);
  const respell = createRespellCache();

  for (const file of selectScopeFiles(context.files, context.manifest.imports?.scope)) {
    const isMover = moved.has(file);
    const bytes = context.readFile(file);
    const text = bytes.toString("utf8");
    if (!isMover && !mayMentionMoved(text, needles)) continue;
    for (const specifier of findSpecifiers(text, file)) {
      if (
        !isMover &&
        (specifier.kind === "reference-path" || isRelativeSpecifier(specifier.text)) &&
        !mayReachMoved(path.posix.join(path.posix.dirname(file), specifier.text))
      )
        continue;
      const target = resolver.resolve(file, specifier.text, specifier.kind);
      if (!target || target.isExternal) {
        if (!target && isMover && specifier.text.startsWith("."))
          result.warnings.push(
            `${file}:${specifier.line}:${specifier.column}: "${specifier.text}" does not resolve before the move; left as is`,
          );
        continue;
      }
      const newFile = moved.get(file) ?? file;
      const newTarget = moved.get(target.path) ?? target.path;
      if (newFile === file && newTarget === target.path) continue;
      const respelled = respell({
        file,
        newFile,
        specifier,
        target: target.path,
        newTarget,
        aliases,
        after,
        warnings: result.warnings,
      });
      if (respelled === undefined) {
        // Package self-references and `#imports` reach the moved file through package.json, which graft does not edit.
        if (newTarget !== target.path)
          result.reported.push({
            path: file,
            line: specifier.line,
            column: specifier.column,
            text: `${specifier.text} → ${newTarget} (via package.json; update its exports/imports)`,
          });
        continue;
      }
      if (respelled !== specifier.text) result.edits.push(editOf(file, specifier, respelled));
    }
  }
  return result;
}

/**
 * respellSpecifier, memoized: its answer depends on the importer only through its folder and the module format
 * of its new place (getModuleFormatKey), so importers side by side share it. Answers that warned are not kept.
 */
function createRespellCache(): (input: RespellInput) => string | undefined {
  const answers = new Map<string, string | undefined>();
  return (input) => {
    const { file, newFile, specifier } = input;
    const key = [
      path.posix.dirname(file),
      getModuleFormatKey(newFile),
      specifier.kind,
      specifier.text,
      input.target,
      input.newTarget,
    ].join("\0");
    if (!specifier.hasEscapes && answers.has(key)) return answers.get(key);
    const warned = input.warnings.length;
    const answer = respellSpecifier(input);
    if (input.warnings.length === warned) answers.set(key, answer);
    return answer;
  };
}

function editOf(file: string, specifier: FoundSpecifier, text: string): Edit {
  return { file, start: specifier.start, end: specifier.end, text, kind: "ts-import", before: specifier.text };
}

/** The tree as it will be after the moves, for checking that a new specifier resolves where it should. */
function createMovedTreeView(context: MoveRewriteContext, moved: ReadonlyMap<string, string>): TreeView {
  const oldOf = new Map<string, string>();
  for (const [from, to] of moved) oldOf.set(to, from);
  const files = context.files.map((file) => moved.get(file) ?? file);
  const isMovedAway = (relative: string): boolean =>
    moved.has(relative) ||
    context.moves.some((move) => isSameOrInside(relative, move.from) && !isSameOrInside(relative, move.to));
  return createTreeView(
    {
      root: context.root,
      files,
      readFile: (relative) => context.readFile(oldOf.get(relative) ?? relative),
      exists: (relative) => context.exists(relative),
    },
    isMovedAway,
  );
}

function lazy<T>(create: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= create());
}
