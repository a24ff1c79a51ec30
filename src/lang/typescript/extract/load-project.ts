import type ts from "typescript";
import { InvalidInputError } from "../../../shared/errors.js";
import { loadTypeScript } from "../../../shared/typescript.js";
import { createResolver } from "../create-resolver.js";
import { scriptKindOf } from "../find-specifiers.js";
import { collectNeedles, mayMentionMoved } from "../moved-needles.js";
import { isScriptFile } from "../script-files.js";
import { readAliasConfig, type AliasConfig } from "../specifier-style.js";
import { createTreeView, type TreeView } from "../tree-view.js";
import type { SpecifierKind } from "../types.js";
import { sourceTextOf, type SourceText } from "./source-text.js";
import type { ExtractRequest } from "./types.js";

/** The parsed project an extraction works on, addressed by root-relative path. */
export interface LoadedProject {
  /** The request's compiler options, as the extraction uses them. */
  options: ts.CompilerOptions;
  /** The tree before the step (every file of the request). */
  view: TreeView;
  aliases: AliasConfig;
  /** Resolves names inside the parsed sources (the old module's references, namespace uses). */
  checker: ts.TypeChecker;
  /** Root-relative POSIX paths of every parsed source, in the caller's order. */
  sources: string[];
  /** The parsed file at a root-relative path, if it is a source in scope. */
  fileOf(relPath: string): ts.SourceFile | undefined;
  /** The original text of a parsed file (as read, before any edit). */
  textOf(relPath: string): SourceText;
  /** Root-relative path of the project file `specifier` (written in `file`) resolves to; undefined for packages and misses. */
  resolvePath(file: string, specifier: string, kind: SpecifierKind): string | undefined;
  /** Root-relative path of the project file an import or re-export declaration of `file` resolves to. */
  resolveDeclaration(file: string, declaration: ts.ImportDeclaration | ts.ExportDeclaration): string | undefined;
}

/** The options the extraction parses and resolves with: NodeNext ESM (what graft itself uses) unless the request says otherwise. */
export function extractCompilerOptions(request: ExtractRequest): ts.CompilerOptions {
  const ts = loadTypeScript();
  return {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    strict: true,
    ...request.compilerOptions,
    allowJs: true,
    noEmit: true,
    // Only names inside the project matter here; skipping the default libraries keeps planning fast.
    noLib: true,
    types: [],
  };
}

/** A read-only tree of the request's files (nothing outside them exists: the codemod never touches disk). */
export function requestTreeView(request: ExtractRequest, extraFiles: readonly string[] = []): TreeView {
  return createTreeView({
    root: request.root,
    files: [...request.files, ...extraFiles],
    readFile: (rel) => {
      const content = request.readFile(rel);
      return typeof content === "string" ? Buffer.from(content, "utf8") : content;
    },
    exists: () => false,
  });
}

/**
 * Parses the module, the target and every source that may import the module (the moved-path pre-filter of the move
 * rewriter decides which) into one program of the project's compiler, and resolves specifiers as the move rewriter
 * and import verifier do.
 */
export function loadProject(request: ExtractRequest): LoadedProject {
  const ts = loadTypeScript();
  const options = extractCompilerOptions(request);
  const view = requestTreeView(request);
  const aliases = readAliasConfig(options, view);
  const resolver = createResolver(view, options);
  const moves = [{ from: request.from, to: request.to }];
  const needles = collectNeedles(moves, new Map([[request.from, request.to]]), aliases);
  const texts = new Map<string, SourceText>();
  const sources: string[] = [];
  for (const rel of request.files) {
    if (!isScriptFile(rel) || rel.split("/").includes("node_modules")) continue;
    const text = String(request.readFile(rel));
    if (rel !== request.from && rel !== request.to && !mayMentionMoved(text, needles)) continue;
    texts.set(rel, sourceTextOf(text));
    sources.push(rel);
  }
  const relativeByFileName = new Map(sources.map((rel) => [view.absoluteOf(rel), rel]));
  // The program holds the parsed sources only; imports are resolved by `resolver`, so it follows none of them.
  const programOptions = { ...options, noResolve: true };
  const host: ts.CompilerHost = {
    getSourceFile: (fileName, languageVersion) => {
      const rel = relativeByFileName.get(fileName);
      const text = rel === undefined ? undefined : texts.get(rel)?.text;
      return text === undefined
        ? undefined
        : ts.createSourceFile(fileName, text, languageVersion, true, scriptKindOf(fileName));
    },
    getDefaultLibFileName: () => "lib.d.ts",
    writeFile: () => undefined,
    getCurrentDirectory: () => view.root,
    getCanonicalFileName: (fileName) => fileName,
    useCaseSensitiveFileNames: () => true,
    getNewLine: () => "\n",
    fileExists: (fileName) => view.isFile(view.relativeOf(fileName)),
    readFile: (fileName) => view.readText(view.relativeOf(fileName)),
    directoryExists: (directory) => view.isDirectory(view.relativeOf(directory)),
  };
  const program = ts.createProgram({ rootNames: [...relativeByFileName.keys()], options: programOptions, host });
  const resolvePath = (file: string, specifier: string, kind: SpecifierKind): string | undefined => {
    const target = resolver.resolve(file, specifier, kind);
    return target && !target.isExternal ? target.path : undefined;
  };
  return {
    options,
    view,
    aliases,
    checker: program.getTypeChecker(),
    sources,
    fileOf: (rel) => (texts.has(rel) ? program.getSourceFile(view.absoluteOf(rel)) : undefined),
    textOf: (rel) => {
      const text = texts.get(rel);
      if (text === undefined)
        throw new InvalidInputError(`extract: ${rel} is not a TypeScript/JavaScript file in scope`);
      return text;
    },
    resolvePath,
    resolveDeclaration: (file, declaration) => {
      const specifier = declaration.moduleSpecifier;
      if (!specifier || !ts.isStringLiteral(specifier)) return undefined;
      return resolvePath(file, specifier.text, specifierKindOf(declaration));
    },
  };
}

/** The form the module specifier of an import or re-export declaration is written in. */
export function specifierKindOf(declaration: ts.ImportDeclaration | ts.ExportDeclaration): SpecifierKind {
  const ts = loadTypeScript();
  if (ts.isExportDeclaration(declaration)) return "export";
  return declaration.importClause?.phaseModifier === ts.SyntaxKind.TypeKeyword ? "import-type" : "import";
}
