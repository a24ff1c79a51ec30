import path from "node:path";
import type ts from "typescript";
import { loadTypeScript } from "../../shared/typescript.js";
import { InvalidInputError } from "../../shared/errors.js";
import type { TreeView } from "./tree-view.js";

/** Compiler options a project resolves modules with, and where they came from. */
export interface ProjectOptions {
  options: ts.CompilerOptions;
  /** Root-relative tsconfig path, absent when the project has none. */
  tsconfig?: string;
  /** Problems reading the tsconfig that did not stop graft (one line each). */
  warnings: string[];
}

/**
 * Values of TypeScript's public enums the fallback options use, written out so that options for files no tsconfig
 * includes need no compiler load (a Python move whose tree holds a stray script must not pay ~0.25 s and ~45 MB for
 * it). They are part of the compiler API's stable surface; a unit test compares them with the loaded compiler's.
 */
export const compilerEnums = {
  moduleCommonJS: 1 as ts.ModuleKind.CommonJS,
  moduleESNext: 99 as ts.ModuleKind.ESNext,
  resolutionNode10: 2 as ts.ModuleResolutionKind.Node10,
  resolutionBundler: 100 as ts.ModuleResolutionKind.Bundler,
} as const;

// Used when a project has no tsconfig: the most permissive resolution a bundler-based JS/TS project expects.
function defaultOptions(): ts.CompilerOptions {
  return {
    module: compilerEnums.moduleESNext,
    moduleResolution: compilerEnums.resolutionBundler,
    allowImportingTsExtensions: true,
    noEmit: true,
  };
}

/** Options for files no tsconfig includes: bundler-style (as a project without tsconfig), or node10 for CommonJS. */
export function fallbackOptions(kind: "bundler" | "node10"): ts.CompilerOptions {
  if (kind === "bundler") return withResolutionDefaults(defaultOptions());
  return withResolutionDefaults({
    module: compilerEnums.moduleCommonJS,
    moduleResolution: compilerEnums.resolutionNode10,
    noEmit: true,
  });
}

/** Reads the tsconfig named by the manifest (default `tsconfig.json` at root when present), following `extends`. */
export function loadCompilerOptions(view: TreeView, tsconfig?: string): ProjectOptions {
  const configPath = tsconfig ?? (view.isFile("tsconfig.json") ? "tsconfig.json" : undefined);
  if (configPath === undefined) return { options: withResolutionDefaults(defaultOptions()), warnings: [] };
  const parsed = parseConfigFile(view, configPath, false);
  if (!parsed) throw new InvalidInputError(`typescript.tsconfig: ${configPath} does not exist`);
  return { options: parsed.options, tsconfig: configPath, warnings: parsed.warnings };
}

/** A tsconfig/jsconfig read with `extends` followed: resolution options and (when asked) the files its program includes. */
export interface ParsedConfig {
  options: ts.CompilerOptions;
  /** Root-relative files the config's program includes (`files`, `include`, `exclude`, allowJs), when asked. */
  files: ReadonlySet<string>;
  warnings: string[];
}

/**
 * Parses one config over the view; undefined when it cannot be read. `extendedConfigs`, shared by the calls over one
 * view, keeps each base config parsed once (a monorepo's packages all extend one).
 */
export function parseConfigFile(
  view: TreeView,
  configPath: string,
  withFiles: boolean,
  extendedConfigs?: Map<string, ts.ExtendedConfigCacheEntry>,
): ParsedConfig | undefined {
  const ts = loadTypeScript();
  const text = view.readText(configPath);
  if (text === undefined) return undefined;
  const absolute = view.absoluteOf(configPath);
  const parsed = ts.parseJsonText(absolute, text);
  const host: ts.ParseConfigHost = {
    useCaseSensitiveFileNames: true,
    // File lists are computed from the scanned tree only when the caller needs to know which files a config holds.
    readDirectory: withFiles
      ? (root, extensions, excludes, includes, depth) =>
          matchScannedFiles(view, root, extensions, excludes, includes, depth)
      : () => [],
    // A base config in node_modules may lie outside the scanned tree: being readable is enough.
    fileExists: (file) => view.isFile(view.relativeOf(file)) || view.readText(view.relativeOf(file)) !== undefined,
    readFile: (file) => view.readText(view.relativeOf(file)),
  };
  const result = ts.parseJsonSourceFileConfigFileContent(
    parsed,
    host,
    path.posix.dirname(absolute),
    undefined,
    absolute,
    undefined,
    undefined,
    extendedConfigs,
  );
  const warnings = result.errors
    .filter((diagnostic) => diagnostic.code !== 18003 && diagnostic.code !== 18002)
    .map((diagnostic) => `${configPath}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, " ")}`);
  const files = new Set(withFiles ? result.fileNames.map((file) => view.relativeOf(file)) : []);
  return { options: withResolutionDefaults(result.options), files, warnings };
}

type MatchFiles = (
  path: string,
  extensions: readonly string[] | undefined,
  excludes: readonly string[] | undefined,
  includes: readonly string[] | undefined,
  useCaseSensitiveFileNames: boolean,
  currentDirectory: string,
  depth: number | undefined,
  getFileSystemEntries: (path: string) => { files: readonly string[]; directories: readonly string[] },
  realpath: (path: string) => string,
) => string[];

/** tsc's own include/exclude matching (its `matchFiles`), over the scanned tree instead of the disk. */
function matchScannedFiles(
  view: TreeView,
  root: string,
  extensions: readonly string[] | undefined,
  excludes: readonly string[] | undefined,
  includes: readonly string[],
  depth: number | undefined,
): string[] {
  const matchFiles = (loadTypeScript() as unknown as { matchFiles?: MatchFiles }).matchFiles;
  if (!matchFiles) throw new Error("this TypeScript has no matchFiles; graft needs typescript@5");
  return matchFiles(
    root,
    extensions,
    excludes,
    includes,
    true,
    view.root,
    depth,
    (folder) => {
      const relative = view.relativeOf(folder);
      if (relative.startsWith("../")) return { files: [], directories: [] };
      const listed = view.listFolder(relative === "." ? "" : relative);
      return { files: [...listed.files].sort(), directories: [...listed.directories].sort() };
    },
    (file) => file,
  );
}

function withResolutionDefaults(options: ts.CompilerOptions): ts.CompilerOptions {
  // JS and JSON files are import targets for a move whether or not tsc type-checks them.
  return { ...options, allowJs: true, resolveJsonModule: true };
}

/** True when relative ESM imports must name their extension (Node16/NodeNext resolution). */
export function isNodeNextResolution(options: ts.CompilerOptions): boolean {
  const ts = loadTypeScript();
  const kind = options.moduleResolution ?? moduleResolutionFromModule(options.module);
  return kind === ts.ModuleResolutionKind.Node16 || kind === ts.ModuleResolutionKind.NodeNext;
}

function moduleResolutionFromModule(module: ts.ModuleKind | undefined): ts.ModuleResolutionKind | undefined {
  const ts = loadTypeScript();
  if (module === ts.ModuleKind.Node16 || module === ts.ModuleKind.Node18 || module === ts.ModuleKind.Node20)
    return ts.ModuleResolutionKind.Node16;
  if (module === ts.ModuleKind.NodeNext) return ts.ModuleResolutionKind.NodeNext;
  return undefined;
}
