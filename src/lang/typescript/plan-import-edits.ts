import path from "node:path";
import picomatch from "picomatch";
import type { Edit } from "../../model/edit.js";
import type { MoveRewriteContext, MoveRewriteResult } from "../../model/move-rewriter.js";
import { isSameOrInside } from "../../shared/paths.js";
import { getModuleFormatKey } from "./create-resolver.js";
import { findSpecifiers, isRelativeSpecifier } from "./find-specifiers.js";
import { collectNeedles, createReachTest, mayMentionMoved, mayReferenceMoved, type Needles } from "./moved-needles.js";
import {
  planAliasConfigEdits,
  planPackageJsonEdits,
  planPathsEdits,
  planProjectFileEdits,
} from "./plan-config-edits.js";
import { describeFallback, type FallbackKind, type ProjectConfig } from "./project-configs.js";
import { createResolverPool, type ResolverPool } from "./resolver-pool.js";
import { respellSpecifier, type RespellInput } from "./respell-specifier.js";
import { isScriptFile } from "./script-files.js";
import { relativeSpecifier, type SpecifierStyle } from "./specifier-style.js";
import { createTreeView } from "./tree-view.js";
import type { FoundSpecifier } from "./types.js";
import { findWorkspacePackages } from "./workspace-packages.js";

/** Files whose imports a move reads: the manifest's `imports.scope` globs, or every TS/JS source. */
export function selectScopeFiles(files: readonly string[], scope: readonly string[] | undefined): string[] {
  if (!scope || scope.length === 0) return files.filter(isScriptFile);
  const isInScope = picomatch([...scope], { dot: true });
  return files.filter((file) => isScriptFile(file) && isInScope(file));
}

/**
 * Plans byte-range edits re-pointing every TS/JS specifier a set of moves breaks (importers and movers alike), each
 * file resolved with its own project's options; the package.json entry fields, tsconfig `paths` and bundler aliases
 * whose targets move are re-pointed too, so bare and alias specifiers stay as written. A specifier into the moved set
 * that cannot be rewritten blocks the plan.
 */
export function planImportEdits(context: MoveRewriteContext): MoveRewriteResult {
  const moved = new Map<string, string>();
  for (const file of context.files) {
    const next = context.newPathOf(file);
    if (next !== file) moved.set(file, next);
  }
  const result: Required<MoveRewriteResult> = { edits: [], reported: [], warnings: [], blockers: [] };
  if (moved.size === 0) return result;

  const before = createTreeView(context);
  const input = { view: before, files: context.files, moves: context.moves };
  const workspace = findWorkspacePackages(before, context.files);
  const paths = planPathsEdits(input);
  const configEdits = [
    ...planPackageJsonEdits(input),
    ...planProjectFileEdits(input),
    ...paths.edits,
    ...planAliasConfigEdits(input),
  ];
  result.edits.push(...configEdits);

  const ownerNames = packageNamesNear(
    before,
    context.files,
    context.moves,
    collectNeedles(context.moves, moved, { paths: [] }),
  );
  const needles =
    paths.baseUrls.some((base) => context.moves.some((move) => isSameOrInside(base, move.from))) ||
    paths.hasRootDirs ||
    paths.hasUnseenOptions
      ? null
      : collectNeedles(context.moves, moved, { paths: paths.substitutions }, ownerNames);
  let pool: ResolverPool | undefined;
  const poolOf = (): ResolverPool => {
    pool ??= createResolverPool({ context, moved, workspace, configEdits, before });
    return pool;
  };
  let mayReachMoved: ((literal: string) => boolean) | undefined;
  const respell = createRespellCache();
  const fallbackFiles = new Map<FallbackKind, string[]>();

  for (const file of selectScopeFiles(context.files, context.manifest.imports?.scope)) {
    const isMover = moved.has(file);
    const text = context.readFile(file).toString("utf8");
    if (!isMover && !mayMentionMoved(text, needles)) continue;
    const { project, resolver } = poolOf().before(file);
    mayReachMoved ??= createReachTest(context.moves, moved, before);
    // tsc's rootDirs make a relative specifier reach other folders than the one it spells (see below).
    const isReachTestSound = !project.options.rootDirs?.length;
    if (!isMover && isReachTestSound && !mayReferenceMoved(text, needles, file, mayReachMoved)) continue;
    const newFile = moved.get(file) ?? file;
    const changes = result.edits.length + result.blockers.length;
    for (const specifier of findSpecifiers(text, file)) {
      const literal = path.posix.join(path.posix.dirname(file), specifier.text);
      const isPath = specifier.kind === "reference-path" || isRelativeSpecifier(specifier.text);
      // tsc's rootDirs make a relative specifier reach other folders than the one it spells: resolve everything then.
      if (!isMover && isPath && isReachTestSound && !mayReachMoved(literal)) continue;
      // A bare specifier (a package, a `paths` or `baseUrl` name, `#imports`) reaches a moved file only by spelling
      // a needle (collectNeedles argues it); one that spells none resolves where it did and needs no resolution.
      if (!isMover && !isPath && !mayMentionMoved(specifier.text, needles)) continue;
      const target = resolver.resolve(file, specifier.text, specifier.kind);
      if (!target) {
        if (isPath) planUnresolved({ file, newFile, specifier, literal, isMover, project, moved, context, result });
        continue;
      }
      if (target.isExternal) continue;
      const newTarget = moved.get(target.path) ?? target.path;
      if (newFile === file && newTarget === target.path) continue;
      const respelled = respell({
        file,
        newFile,
        specifier,
        target: target.path,
        newTarget,
        aliases: project.aliases,
        aliasesAfter: poolOf().aliasesAfter(project),
        after: () => poolOf().after(project),
        warnings: result.warnings,
        configId: project.id,
      });
      if (respelled === undefined) {
        // A bare specifier (workspace package, self-reference, `#imports`) reaches the moved file through a
        // package.json: it stays as written when that package.json, re-pointed above, still leads there.
        if (
          newTarget !== target.path &&
          poolOf().after(project).resolve(newFile, specifier.text, specifier.kind)?.path !== newTarget
        )
          result.blockers.push(
            `${file}:${specifier.line}:${specifier.column}: "${specifier.text}" reaches ${target.path} through a package.json that does not lead to ${newTarget} after the move; update its exports/imports`,
          );
        continue;
      }
      if (respelled !== specifier.text) result.edits.push(editOf(file, specifier, respelled));
    }
    if (project.fallback && result.edits.length + result.blockers.length > changes) {
      const list =
        fallbackFiles.get(project.fallback) ?? fallbackFiles.set(project.fallback, []).get(project.fallback)!;
      list.push(file);
    }
  }
  if (pool) result.warnings.push(...pool.warnings());
  for (const [kind, files] of fallbackFiles) result.warnings.push(describeFallback(kind, files));
  return result;
}

interface UnresolvedInput {
  file: string;
  newFile: string;
  specifier: FoundSpecifier;
  /** The root-relative path the specifier spells. */
  literal: string;
  isMover: boolean;
  project: ProjectConfig;
  moved: ReadonlyMap<string, string>;
  context: MoveRewriteContext;
  result: Required<MoveRewriteResult>;
}

/**
 * A path specifier that does not resolve with its file's options may still name a moved file by its path: it is
 * re-pointed by the same path arithmetic when that names one place after the move, and blocks the plan when it could
 * name several. One that names nothing moved is left as it is (a mover's is reported: its meaning changes).
 */
function planUnresolved(input: UnresolvedInput): void {
  const { file, newFile, specifier, literal, context, result } = input;
  const where = `${file}:${specifier.line}:${specifier.column}`;
  const places = placesAfterMove(literal, input.moved, context);
  if (places.length === 0) {
    if (input.isMover && newFile !== file && !isSameOrInsideAnyMove(literal, context))
      result.warnings.push(`${where}: "${specifier.text}" does not resolve before the move; left as is`);
    return;
  }
  if (places.length > 1) {
    result.blockers.push(
      `${where}: "${specifier.text}" does not resolve and may name several moved files (${places.join(", ")}); rewrite it by hand`,
    );
    return;
  }
  const style: SpecifierStyle =
    specifier.kind === "reference-path"
      ? { form: "reference", literal, dotPrefix: isRelativeSpecifier(specifier.text) }
      : {
          form: "relative",
          literal,
          trailingSlash: specifier.text.endsWith("/"),
          dotBeforeParent: specifier.text.startsWith("./.."),
        };
  const next = relativeSpecifier(path.posix.dirname(newFile), places[0]!, style);
  if (next === specifier.text) return;
  if (specifier.hasEscapes) {
    result.blockers.push(
      `${where}: "${specifier.text}" is written with escapes and names a moved path; rewrite it by hand`,
    );
    return;
  }
  result.edits.push(editOf(file, specifier, next));
  result.warnings.push(
    `${where}: "${specifier.text}" does not resolve with ${input.project.tsconfig ?? "the fallback"} options; rewritten by its path to "${next}"`,
  );
}

/**
 * Where the path `literal` is after the moves: inside a moved folder it moves with it; the exact path of a moved file
 * or the stem of moved files (an extensionless specifier) follows them — unless files with that stem go to different
 * places or one stays behind, when every candidate is returned. Empty when it names nothing moved.
 */
function placesAfterMove(literal: string, moved: ReadonlyMap<string, string>, context: MoveRewriteContext): string[] {
  const path_ = literal.endsWith("/") ? literal.slice(0, -1) : literal;
  for (const move of context.moves) {
    if (isSameOrInside(path_, move.from) && (path_ !== move.from || !moved.has(move.from)))
      return [move.to + path_.slice(move.from.length)];
  }
  const exact = moved.get(path_);
  if (exact !== undefined) return [exact];
  const places = new Set<string>();
  let staysBehind = false;
  const folder = path.posix.dirname(path_);
  const prefix = `${path_}.`;
  for (const file of context.files) {
    if (!file.startsWith(prefix) || path.posix.dirname(file) !== folder || !isScriptFile(file)) continue;
    const next = moved.get(file);
    if (next === undefined) staysBehind = true;
    else
      places.add(
        path.posix.join(
          path.posix.dirname(next),
          path_
            .slice(folder.length + 1)
            .split("/")
            .pop()!,
        ),
      );
  }
  if (places.size === 0) return [];
  return staysBehind ? [...places, path_] : [...places];
}

function isSameOrInsideAnyMove(literal: string, context: MoveRewriteContext): boolean {
  return context.moves.some((move) => isSameOrInside(literal, move.from));
}

/**
 * The names packages whose folder holds or lies in a moved path are imported by (self-references, workspace siblings).
 * A package above a move reaches into it by name only through what its package.json writes: a target spelling the
 * moved folder's name (`main`, `exports`, `imports`, `typesVersions`, `browser`: one of `folderNeedles`), or a `*`
 * pattern, which takes that name from the specifier (so the specifier spells it). A package.json with neither adds
 * no name: date-fns' `"name": "date-fns"`, in the JSDoc of half its files, does not make them needle hits.
 */
function packageNamesNear(
  view: ReturnType<typeof createTreeView>,
  files: readonly string[],
  moves: readonly { from: string }[],
  folderNeedles: Needles,
): string[] {
  const names: string[] = [];
  for (const file of files) {
    if (file !== "package.json" && !file.endsWith("/package.json")) continue;
    if (file.includes("node_modules/")) continue;
    const folder = file === "package.json" ? "" : file.slice(0, -"/package.json".length);
    const isMovedOrInside = moves.some((move) => isSameOrInside(folder, move.from));
    if (!isMovedOrInside && !moves.some((move) => isSameOrInside(move.from, folder))) continue;
    const text = view.readText(file) ?? "{}";
    if (!isMovedOrInside && folderNeedles !== null && !text.includes("*") && !mayMentionMoved(text, folderNeedles))
      continue;
    try {
      const json = JSON.parse(text) as { name?: unknown; imports?: unknown };
      if (typeof json.name === "string" && json.name !== "") names.push(json.name);
      if (json.imports && typeof json.imports === "object") names.push("#");
    } catch {
      // A package.json that is not JSON names nothing.
    }
  }
  return names;
}

/**
 * respellSpecifier, memoized: its answer depends on the importer only through its folder, its project and the
 * module format of its new place (getModuleFormatKey), so importers side by side share it. Answers that warned are
 * not kept.
 */
function createRespellCache(): (input: RespellInput & { configId: string }) => string | undefined {
  const answers = new Map<string, string | undefined>();
  return (input) => {
    const { file, newFile, specifier } = input;
    const key = [
      path.posix.dirname(file),
      input.configId,
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
