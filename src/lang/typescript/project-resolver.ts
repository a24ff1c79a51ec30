import { createResolver, type ModuleResolver } from "./create-resolver.js";
import { loadCompilerOptions } from "./load-compiler-options.js";
import { createProjectIndex } from "./project-configs.js";
import type { AliasConfig } from "./specifier-style.js";
import type { TreeView } from "./tree-view.js";
import { findWorkspacePackages, type WorkspacePackages } from "./workspace-packages.js";

/** A resolver that reads each file with its own project's options; `options` are the root project's. */
export interface ProjectResolver extends ModuleResolver {
  /** The workspace packages of the tree (resolved to their folders, installed or not). */
  workspace: WorkspacePackages;
  /** The `paths`/`baseUrl` of the project `file` belongs to. */
  aliasesOf(file: string): AliasConfig;
  /** True when a tsconfig/jsconfig includes `file` (so tsc checks it), false when it is resolved with fallback options. */
  isTypeChecked(file: string): boolean;
  /** Problems reading configs, one line each. */
  warnings: string[];
}

/**
 * Creates a resolver that resolves each file with the options of the nearest tsconfig/jsconfig that includes it (or
 * fallback options that fit it; see createProjectIndex), workspace packages linked to their own folders, as the
 * move planner does, so the check after a move judges a specifier the way the plan did.
 */
export function createProjectResolver(view: TreeView, files: readonly string[], tsconfig?: string): ProjectResolver {
  const root = loadCompilerOptions(view, tsconfig);
  const projects = createProjectIndex(view, tsconfig);
  const workspace = findWorkspacePackages(view, files);
  const resolvers = new Map<string, ModuleResolver>();
  const resolverOf = (file: string): ModuleResolver => {
    const project = projects.configFor(file);
    let resolver = resolvers.get(project.id);
    if (!resolver) resolvers.set(project.id, (resolver = createResolver(view, project.options, workspace)));
    return resolver;
  };
  return {
    options: root.options,
    view,
    workspace,
    resolve: (file, specifier, kind) => resolverOf(file).resolve(file, specifier, kind),
    aliasesOf: (file) => projects.configFor(file).aliases,
    isTypeChecked: (file) => projects.configFor(file).fallback === undefined,
    warnings: projects.warnings,
  };
}
