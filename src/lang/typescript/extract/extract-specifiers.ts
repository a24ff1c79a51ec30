import path from "node:path";
import type ts from "typescript";
import { loadTypeScript } from "../../../shared/typescript.js";
import { createResolver, type ModuleResolver } from "../create-resolver.js";
import { detectExtensionStyle, specifierBetween } from "../extension-style.js";
import { isRelativeSpecifier } from "../find-specifiers.js";
import { respellSpecifier, type RespellInput } from "../respell-specifier.js";
import { describeSpecifier, formatSpecifier } from "../specifier-style.js";
import { requestTreeView, specifierKindOf, type LoadedProject } from "./load-project.js";
import type { ExtractRequest } from "./types.js";

/**
 * How the extraction writes module specifiers. Written ones are respelled as the move rewriter respells them (same
 * style, checked against the tree after the step); new ones follow the project's extension style.
 */
export interface ExtractSpecifiers {
  /** A new relative specifier from `file` to `target` (root-relative) in the project's extension style. */
  between(file: string, target: string): string;
  /** What an import of the old module that the moved code needs says in the new module. */
  carried(declaration: ts.ImportDeclaration): string;
  /** What an importer's declaration that reached the old module says for the moved names; undefined for bare specifiers. */
  repointed(importer: string, declaration: ts.ImportDeclaration | ts.ExportDeclaration): string | undefined;
}

type ModuleDeclaration = ts.ImportDeclaration | ts.ExportDeclaration;

/** The specifiers of one extraction; respelling warnings go to `warnings`. */
export function createExtractSpecifiers(
  request: ExtractRequest,
  loaded: LoadedProject,
  warnings: string[],
): ExtractSpecifiers {
  const { from, to } = request;
  const style = detectExtensionStyle(projectSpecifiers(loaded), loaded.options);
  let after: ModuleResolver | undefined;
  // The tree after the step: the request's files and the new module.
  const afterResolver = (): ModuleResolver =>
    (after ??= createResolver(requestTreeView(request, request.files.includes(to) ? [] : [to]), loaded.options));
  const respell = (
    file: string,
    newFile: string,
    declaration: ModuleDeclaration,
    target: string,
    newTarget: string,
  ): string | undefined =>
    respellSpecifier({
      file,
      newFile,
      specifier: writtenSpecifier(loaded.fileOf(file)!, declaration),
      target,
      newTarget,
      aliases: loaded.aliases,
      after: afterResolver,
      warnings,
    });
  return {
    between: (file, target) => specifierBetween(file, target, style),
    carried: (declaration) => {
      const written = (declaration.moduleSpecifier as ts.StringLiteral).text;
      const target = loaded.resolveDeclaration(from, declaration);
      if (target !== undefined) return respell(from, to, declaration, target, target) ?? written;
      if (!isRelativeSpecifier(written)) return written;
      // Unresolved (a file outside the request, an asset): name the same path from the new place.
      const literal = path.posix.join(path.posix.dirname(from), written);
      const relative = describeSpecifier(written, "import", from, literal, loaded.aliases);
      return relative.form === "bare" ? written : formatSpecifier(relative, to, relative.literal, loaded.aliases);
    },
    repointed: (importer, declaration) => respell(importer, importer, declaration, from, to),
  };
}

/** The module specifier of a declaration as the respelling takes it (text, kind, where it is written). */
function writtenSpecifier(sourceFile: ts.SourceFile, declaration: ModuleDeclaration): RespellInput["specifier"] {
  const literal = declaration.moduleSpecifier as ts.StringLiteral;
  const innerStart = literal.getStart(sourceFile) + 1;
  const { line, character } = sourceFile.getLineAndCharacterOfPosition(innerStart);
  const hasEscapes = sourceFile.text.slice(innerStart, literal.getEnd() - 1) !== literal.text;
  return {
    text: literal.text,
    kind: specifierKindOf(declaration),
    line: line + 1,
    column: character + 1,
    ...(hasEscapes ? { hasEscapes } : {}),
  };
}

/** Every module specifier written in the parsed sources' import and export declarations. */
function projectSpecifiers(loaded: LoadedProject): string[] {
  const ts = loadTypeScript();
  return loaded.sources.flatMap((rel) =>
    loaded
      .fileOf(rel)!
      .statements.flatMap((s) =>
        (ts.isImportDeclaration(s) || ts.isExportDeclaration(s)) &&
        s.moduleSpecifier &&
        ts.isStringLiteral(s.moduleSpecifier)
          ? [s.moduleSpecifier.text]
          : [],
      ),
  );
}
