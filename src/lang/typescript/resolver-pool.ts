import type ts from "typescript";
import { applyEdits, type Edit } from "../../model/edit.js";
import type { MoveRewriteContext } from "../../model/move-rewriter.js";
import { isSameOrInside, rebasePath } from "../../shared/paths.js";
import { createResolver, type ModuleResolver } from "./create-resolver.js";
import { rebaseSubstitution } from "./plan-config-edits.js";
import { createProjectIndex, type ProjectConfig } from "./project-configs.js";
import { readAliasConfig, type AliasConfig } from "./specifier-style.js";
import { createTreeView, type TreeView } from "./tree-view.js";
import type { WorkspacePackages } from "./workspace-packages.js";

/** Resolvers of a move, one per project: over the tree before the moves and over the tree after them. */
export interface ResolverPool {
  /** The project `file` (before the moves) belongs to, and its resolver over the tree before. */
  before(file: string): { project: ProjectConfig; resolver: ModuleResolver };
  /** The project's resolver over the tree after the moves, with its `paths` and package.json edits applied. */
  after(project: ProjectConfig): ModuleResolver;
  /** The project's `paths`/`baseUrl` after the moves. */
  aliasesAfter(project: ProjectConfig): AliasConfig;
  /** Problems reading configs, one line each. */
  warnings(): string[];
}

/** What the pool is built from. */
export interface ResolverPoolInput {
  context: MoveRewriteContext;
  moved: ReadonlyMap<string, string>;
  workspace: WorkspacePackages;
  /** Edits of package.json files (entry fields) the move makes: the tree after reads them applied. */
  configEdits: readonly Edit[];
  before: TreeView;
}

/** Creates the pool; every project's options are read on first use. */
export function createResolverPool(input: ResolverPoolInput): ResolverPool {
  const { context, moved, workspace, before } = input;
  const projects = createProjectIndex(before, context.manifest.typescript?.tsconfig);
  const beforeResolvers = new Map<string, ModuleResolver>();
  const afterResolvers = new Map<string, ModuleResolver>();
  const afterAliases = new Map<string, { options: ts.CompilerOptions; aliases: AliasConfig }>();
  let afterView: TreeView | undefined;
  const mapPath = (relative: string): string => {
    const move = context.moves.find((m) => isSameOrInside(relative, m.from));
    return move ? rebasePath(relative, move.from, move.to) : relative;
  };
  const afterWorkspace: WorkspacePackages = {
    byName: workspace.byName,
    holdsLinks: workspace.holdsLinks,
    linkTarget: (relative) => {
      const target = workspace.linkTarget(relative);
      return target === undefined ? undefined : mapPath(target);
    },
  };
  const optionsAfter = (project: ProjectConfig) => {
    let known = afterAliases.get(project.id);
    if (!known) {
      const options = rebaseOptions(project.options, before, context.moves, mapPath);
      known = { options, aliases: readAliasConfig(options, before) };
      afterAliases.set(project.id, known);
    }
    return known;
  };
  return {
    before(file) {
      const project = projects.configFor(file);
      let resolver = beforeResolvers.get(project.id);
      if (!resolver) beforeResolvers.set(project.id, (resolver = createResolver(before, project.options, workspace)));
      return { project, resolver };
    },
    after(project) {
      let resolver = afterResolvers.get(project.id);
      if (!resolver) {
        afterView ??= createMovedTreeView(context, moved, input.configEdits);
        resolver = createResolver(afterView, optionsAfter(project).options, afterWorkspace);
        afterResolvers.set(project.id, resolver);
      }
      return resolver;
    },
    aliasesAfter: (project) => optionsAfter(project).aliases,
    warnings: () => projects.warnings,
  };
}

/**
 * A project's options after the moves: `paths` substitutions whose targets move re-pointed (as the config edit does),
 * and `baseUrl`/the `paths` base moved with their config's folder.
 */
function rebaseOptions(
  options: ts.CompilerOptions,
  view: TreeView,
  moves: readonly { from: string; to: string }[],
  mapPath: (relative: string) => string,
): ts.CompilerOptions {
  const rebased: ts.CompilerOptions = { ...options };
  const absolute = (value: unknown): string | undefined =>
    typeof value === "string" ? view.absoluteOf(mapPath(view.relativeOf(value))) : undefined;
  if (options.baseUrl !== undefined) rebased.baseUrl = absolute(options.baseUrl);
  const pathsBasePath = options.pathsBasePath;
  if (typeof pathsBasePath === "string") rebased.pathsBasePath = absolute(pathsBasePath);
  if (options.paths) {
    const base = view.relativeOf(options.baseUrl ?? (typeof pathsBasePath === "string" ? pathsBasePath : view.root));
    const paths: ts.MapLike<string[]> = {};
    for (const [key, substitutions] of Object.entries(options.paths))
      paths[key] = substitutions.map((value) => rebaseSubstitution(value, base, moves) ?? value);
    rebased.paths = paths;
  }
  return rebased;
}

/** The tree as it will be after the moves, for checking that a new specifier resolves where it should. */
function createMovedTreeView(
  context: MoveRewriteContext,
  moved: ReadonlyMap<string, string>,
  configEdits: readonly Edit[],
): TreeView {
  const oldOf = new Map<string, string>();
  for (const [from, to] of moved) oldOf.set(to, from);
  const editsOf = new Map<string, Edit[]>();
  for (const edit of configEdits) editsOf.set(edit.file, [...(editsOf.get(edit.file) ?? []), edit]);
  const files = context.files.map((file) => moved.get(file) ?? file);
  const isMovedAway = (relative: string): boolean =>
    moved.has(relative) ||
    context.moves.some((move) => isSameOrInside(relative, move.from) && !isSameOrInside(relative, move.to));
  return createTreeView(
    {
      root: context.root,
      files,
      readFile: (relative) => {
        const old = oldOf.get(relative) ?? relative;
        const edits = editsOf.get(old);
        return edits ? applyEdits(context.readFile(old), edits) : context.readFile(old);
      },
      exists: (relative) => context.exists(relative),
    },
    isMovedAway,
  );
}
