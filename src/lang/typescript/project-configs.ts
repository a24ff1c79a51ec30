import path from "node:path";
import type ts from "typescript";
import { InvalidInputError } from "../../shared/errors.js";
import { loadTypeScript } from "../../shared/typescript.js";
import { fallbackOptions, parseConfigFile, type ParsedConfig } from "./load-compiler-options.js";
import { readAliasConfig, type AliasConfig } from "./specifier-style.js";
import type { TreeView } from "./tree-view.js";

/** The compiler options one file is resolved with, and where they come from. */
export interface ProjectConfig {
  /** Stable key: the root-relative tsconfig/jsconfig path, or `fallback:<kind>` for files no config includes. */
  id: string;
  /** Root-relative config path; absent for a fallback. */
  tsconfig?: string;
  options: ts.CompilerOptions;
  aliases: AliasConfig;
  /** For files no config includes: which options they were given instead. */
  fallback?: FallbackKind;
}

/** Options for files no tsconfig/jsconfig includes: bundler-style for ESM and TypeScript, node10 for CommonJS. */
export type FallbackKind = "bundler" | "node10";

/** Which project each file belongs to (issue: a repository holds several projects, each with its own options). */
export interface ProjectIndex {
  configFor(file: string): ProjectConfig;
  /** Problems reading configs that did not stop graft (one line each), collected as configs are read. */
  warnings: string[];
}

const configName = /^(tsconfig|jsconfig)(\.[^/]*)?\.json$/;

/**
 * Indexes a tree's projects: a file is resolved with the nearest tsconfig.json/jsconfig.json (or `tsconfig.*.json`,
 * as project references name them) whose program includes it, walking up from its folder, like an editor does; the
 * manifest's `typescript.tsconfig` is asked first. Files no config includes get fallback options that fit them.
 * Configs are read lazily, on the first file that needs them.
 */
export function createProjectIndex(view: TreeView, manifestTsconfig?: string): ProjectIndex {
  const warnings: string[] = [];
  const configs = new Map<string, (ProjectConfig & { files: ReadonlySet<string> }) | null>();
  const byFolder = new Map<string, string[]>();
  const fallbacks = new Map<FallbackKind, ProjectConfig>();
  const packageTypes = new Map<string, boolean>();
  const extendedConfigs = new Map<string, ts.ExtendedConfigCacheEntry>();

  if (manifestTsconfig !== undefined && view.readText(manifestTsconfig) === undefined)
    throw new InvalidInputError(`typescript.tsconfig: ${manifestTsconfig} does not exist`);

  const load = (configPath: string) => {
    let known = configs.get(configPath);
    if (known !== undefined) return known;
    const parsed: ParsedConfig | undefined = parseConfigFile(view, configPath, true, extendedConfigs);
    if (!parsed) known = null;
    else {
      warnings.push(...parsed.warnings);
      known = { ...configProject(view, configPath, parsed), files: parsed.files };
    }
    configs.set(configPath, known);
    return known;
  };
  const configsIn = (folder: string): string[] => {
    let names = byFolder.get(folder);
    if (!names) {
      names = listConfigsIn(view, folder);
      byFolder.set(folder, names);
    }
    return names;
  };
  const isModulePackage = (folder: string): boolean => {
    const known = packageTypes.get(folder);
    if (known !== undefined) return known;
    const manifest = folder === "" ? "package.json" : `${folder}/package.json`;
    let answer: boolean;
    if (view.isFile(manifest)) {
      try {
        answer = (JSON.parse(view.readText(manifest) ?? "{}") as { type?: unknown }).type === "module";
      } catch {
        answer = false;
      }
    } else answer = folder === "" ? false : isModulePackage(parentOf(folder));
    packageTypes.set(folder, answer);
    return answer;
  };
  const fallbackFor = (file: string): ProjectConfig => {
    const kind = fallbackKindOf(file, () => isModulePackage(parentOf(file)));
    let config = fallbacks.get(kind);
    if (!config) {
      config = fallbackProject(view, kind);
      fallbacks.set(kind, config);
    }
    return config;
  };

  return {
    warnings,
    configFor(file) {
      if (manifestTsconfig !== undefined) {
        const named = load(manifestTsconfig);
        if (named?.files.has(file)) return named;
      }
      for (let folder = parentOf(file); ; folder = parentOf(folder)) {
        for (const configPath of configsIn(folder)) {
          const config = load(configPath);
          if (config?.files.has(file)) return config;
        }
        if (folder === "") return fallbackFor(file);
      }
    },
  };
}

/**
 * Every project `configFor` can give one of `files`, read for its options alone: the configs in the files' folders
 * and the folders above them (configFor picks only among those, and the manifest's), and both fallbacks — a superset
 * of what configFor hands out. Without file lists: listing what a config includes is most of reading it, and a
 * caller that needs only the options of all of them (the post-apply check's filter) would otherwise pay that for
 * every package of a monorepo (0.5 s of a 50k-file check).
 */
export function listPossibleProjects(
  view: TreeView,
  files: readonly string[],
  manifestTsconfig?: string,
): ProjectConfig[] {
  const folders = new Set<string>([""]);
  for (const file of files)
    for (let folder = parentOf(file); folder !== "" && !folders.has(folder); folder = parentOf(folder))
      folders.add(folder);
  const configPaths = new Set<string>(manifestTsconfig === undefined ? [] : [manifestTsconfig]);
  for (const folder of folders) for (const configPath of listConfigsIn(view, folder)) configPaths.add(configPath);
  const projects: ProjectConfig[] = [];
  const extendedConfigs = new Map<string, ts.ExtendedConfigCacheEntry>();
  for (const configPath of configPaths) {
    const parsed = parseConfigFile(view, configPath, false, extendedConfigs);
    if (parsed) projects.push(configProject(view, configPath, parsed));
  }
  for (const kind of ["bundler", "node10"] as const) projects.push(fallbackProject(view, kind));
  return projects;
}

/** The config files of one folder, in the order configFor asks them (tsconfig.json, jsconfig.json, then by name). */
function listConfigsIn(view: TreeView, folder: string): string[] {
  const found = view.listFolder(folder).files.filter((name) => configName.test(name));
  found.sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
  return found.map((name) => (folder === "" ? name : `${folder}/${name}`));
}

function configProject(view: TreeView, configPath: string, parsed: ParsedConfig): ProjectConfig {
  return {
    id: configPath,
    tsconfig: configPath,
    options: parsed.options,
    aliases: readAliasConfig(parsed.options, view),
  };
}

function fallbackProject(view: TreeView, kind: FallbackKind): ProjectConfig {
  const options = fallbackOptions(kind);
  return { id: `fallback:${kind}`, options, aliases: readAliasConfig(options, view), fallback: kind };
}

/** bundler for TypeScript and ESM JavaScript (`.mjs`, `.js` in a `"type": "module"` package), node10 for CommonJS. */
export function fallbackKindOf(file: string, isInModulePackage: () => boolean): FallbackKind {
  if (/\.c[jt]s$/.test(file)) return "node10";
  if (/\.m[jt]s$/.test(file) || /\.tsx?$/.test(file)) return "bundler";
  return isInModulePackage() ? "bundler" : "node10";
}

/** One line for the plan: which options files outside every tsconfig were resolved with. */
export function describeFallback(kind: FallbackKind, files: readonly string[]): string {
  const ts = loadTypeScript();
  const options = fallbackOptions(kind);
  const resolution = ts.ModuleResolutionKind[options.moduleResolution ?? ts.ModuleResolutionKind.Bundler];
  const what = kind === "bundler" ? "TypeScript and ESM JavaScript" : "CommonJS JavaScript";
  return `${files.length} file(s) no tsconfig or jsconfig includes were resolved with ${what} options (moduleResolution ${resolution.toLowerCase()}), e.g. ${files[0]}`;
}

function rank(name: string): number {
  if (name === "tsconfig.json") return 0;
  if (name === "jsconfig.json") return 1;
  return 2;
}

function parentOf(relative: string): string {
  const folder = path.posix.dirname(relative);
  return folder === "." ? "" : folder;
}
