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

// Used when a project has no tsconfig: the most permissive resolution a bundler-based JS/TS project expects.
function defaultOptions(): ts.CompilerOptions {
  const ts = loadTypeScript();
  return {
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    allowImportingTsExtensions: true,
    noEmit: true,
  };
}

/** Reads the tsconfig named by the manifest (default `tsconfig.json` at root when present), following `extends`. */
export function loadCompilerOptions(view: TreeView, tsconfig?: string): ProjectOptions {
  const ts = loadTypeScript();
  const configPath = tsconfig ?? (view.isFile("tsconfig.json") ? "tsconfig.json" : undefined);
  if (configPath === undefined) return { options: withResolutionDefaults(defaultOptions()), warnings: [] };
  const text = view.readText(configPath);
  if (text === undefined) throw new InvalidInputError(`typescript.tsconfig: ${configPath} does not exist`);
  const absolute = view.absoluteOf(configPath);
  const parsed = ts.parseJsonText(absolute, text);
  const host: ts.ParseConfigHost = {
    useCaseSensitiveFileNames: true,
    // File lists do not matter for resolution; skipping them keeps this pure and fast.
    readDirectory: () => [],
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
  );
  const warnings = result.errors
    .filter((diagnostic) => diagnostic.code !== 18003 && diagnostic.code !== 18002)
    .map((diagnostic) => `${configPath}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, " ")}`);
  return { options: withResolutionDefaults(result.options), tsconfig: configPath, warnings };
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
