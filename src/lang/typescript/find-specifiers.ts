import type ts from "typescript";
import { createByteOffsetMap } from "../../model/edit.js";
import { loadTypeScript } from "../../shared/typescript.js";
import { mockMethods, scanSpecifiers } from "./scan-specifiers.js";
import type { FoundSpecifier, SpecifierKind } from "./types.js";

const mockObjects = new Set(["jest", "vi", "vitest"]);

/** Script kind the parser needs for a file name (JSX only where the extension allows it). */
export function scriptKindOf(fileName: string): ts.ScriptKind {
  const ts = loadTypeScript();
  if (fileName.endsWith(".tsx")) return ts.ScriptKind.TSX;
  if (fileName.endsWith(".jsx")) return ts.ScriptKind.JSX;
  if (fileName.endsWith(".js") || fileName.endsWith(".mjs") || fileName.endsWith(".cjs")) return ts.ScriptKind.JS;
  if (fileName.endsWith(".json")) return ts.ScriptKind.JSON;
  return ts.ScriptKind.TS;
}

/** Finds every module specifier of `text` (all import forms of IMPORT-FORMS.md) with byte ranges of the text inside its quotes. */
export function findSpecifiers(text: string, fileName: string): FoundSpecifier[] {
  return scanModuleReferences(text, fileName).specifiers;
}

/** Specifiers of a file plus the package-style names it declares ambiently (`declare module "pkg"`, `"*.css"`). */
export function scanModuleReferences(text: string, fileName: string): ModuleReferences {
  const isJsx = fileName.endsWith(".tsx") || fileName.endsWith(".jsx");
  const scanned = isJsx ? undefined : scanSpecifiers(text);
  if (!scanned) return parseModuleReferences(text, fileName);
  const toByte = createByteOffsetMap(text);
  const lineStarts = scanned.specifiers.length > 0 ? computeLineStarts(text) : [];
  const specifiers = scanned.specifiers.map(({ text: value, kind, innerStart, innerEnd }) => {
    const { line, character } = lineAndCharacterOf(lineStarts, innerStart);
    const specifier: FoundSpecifier = {
      text: value,
      kind,
      start: toByte(innerStart),
      end: toByte(innerEnd),
      line: line + 1,
      column: character + 1,
    };
    if (text.slice(innerStart, innerEnd) !== value) specifier.hasEscapes = true;
    return specifier;
  });
  return { specifiers, ambientModules: scanned.ambientModules };
}

/** What a file's module references are. */
export interface ModuleReferences {
  specifiers: FoundSpecifier[];
  ambientModules: string[];
}

/** The reference implementation of scanModuleReferences: a full parse (setParentNodes off) and a tree walk. */
export function parseModuleReferences(text: string, fileName: string): ModuleReferences {
  const ts = loadTypeScript();
  const ambientModules: string[] = [];
  const sourceFile = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false, scriptKindOf(fileName));
  const toByte = createByteOffsetMap(text);
  const found: FoundSpecifier[] = [];

  const addRange = (value: string, innerStart: number, innerEnd: number, kind: SpecifierKind): void => {
    const { line, character } = sourceFile.getLineAndCharacterOfPosition(innerStart);
    const specifier: FoundSpecifier = {
      text: value,
      kind,
      start: toByte(innerStart),
      end: toByte(innerEnd),
      line: line + 1,
      column: character + 1,
    };
    if (text.slice(innerStart, innerEnd) !== value) specifier.hasEscapes = true;
    found.push(specifier);
  };
  const addLiteral = (node: ts.Node | undefined, kind: SpecifierKind): void => {
    if (!node || !(ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node))) return;
    addRange(node.text, node.getStart(sourceFile) + 1, node.end - 1, kind);
  };

  for (const reference of sourceFile.referencedFiles)
    addRange(reference.fileName, reference.pos, reference.end, "reference-path");

  const visit = (node: ts.Node): void => {
    switch (node.kind) {
      case ts.SyntaxKind.ImportDeclaration:
        addLiteral(
          (node as ts.ImportDeclaration).moduleSpecifier,
          isTypeOnlyImport(ts, node as ts.ImportDeclaration) ? "import-type" : "import",
        );
        return;
      case ts.SyntaxKind.ExportDeclaration: {
        const declaration = node as ts.ExportDeclaration;
        addLiteral(declaration.moduleSpecifier, "export");
        return;
      }
      case ts.SyntaxKind.ImportEqualsDeclaration: {
        const reference = (node as ts.ImportEqualsDeclaration).moduleReference;
        if (ts.isExternalModuleReference(reference)) addLiteral(reference.expression, "import-equals");
        return;
      }
      case ts.SyntaxKind.ModuleDeclaration: {
        const name = (node as ts.ModuleDeclaration).name;
        // Only relative names are augmentations of a file; `declare module "pkg"` names a package.
        if (ts.isStringLiteral(name)) {
          if (isRelativeSpecifier(name.text)) addLiteral(name, "module-augmentation");
          else ambientModules.push(name.text);
        }
        break;
      }
      case ts.SyntaxKind.ImportType: {
        const argument = (node as ts.ImportTypeNode).argument;
        if (ts.isLiteralTypeNode(argument)) addLiteral(argument.literal, "import-type");
        break;
      }
      case ts.SyntaxKind.CallExpression: {
        const call = node as ts.CallExpression;
        const kind = callSpecifierKind(ts, call.expression);
        if (kind && call.arguments.length > 0) addLiteral(call.arguments[0], kind);
        break;
      }
    }
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(sourceFile, visit);
  return { specifiers: found.sort((a, b) => a.start - b.start), ambientModules };
}

/** True for `./x`, `../x`, `.` and `..`. */
export function isRelativeSpecifier(specifier: string): boolean {
  if (!specifier.startsWith(".")) return false;
  return specifier === "." || specifier === ".." || specifier.startsWith("./") || specifier.startsWith("../");
}

/**
 * The path part of a relative specifier with a bundler resource query (`./shader.glsl?raw`, `./worker.ts?worker`,
 * `./logo.svg?url`): Vite and webpack load the file without the query; tsc knows such imports only through the
 * bundler's ambient `*?raw` declarations. Undefined for specifiers without a query.
 */
export function withoutResourceQuery(specifier: string): string | undefined {
  const query = specifier.indexOf("?");
  return query > 0 && isRelativeSpecifier(specifier) ? specifier.slice(0, query) : undefined;
}

function isTypeOnlyImport(ts: typeof import("typescript"), declaration: ts.ImportDeclaration): boolean {
  return declaration.importClause?.phaseModifier === ts.SyntaxKind.TypeKeyword;
}

function callSpecifierKind(ts: typeof import("typescript"), callee: ts.Expression): SpecifierKind | undefined {
  if (callee.kind === ts.SyntaxKind.ImportKeyword) return "dynamic-import";
  if (ts.isIdentifier(callee)) return callee.text === "require" ? "require" : undefined;
  if (!ts.isPropertyAccessExpression(callee) || !ts.isIdentifier(callee.expression) || !ts.isIdentifier(callee.name))
    return undefined;
  const object = callee.expression.text;
  const method = callee.name.text;
  if (object === "require" && method === "resolve") return "require-resolve";
  if (mockObjects.has(object) && mockMethods.has(method)) return "mock";
  return undefined;
}

function lineAndCharacterOf(lineStarts: readonly number[], position: number): { line: number; character: number } {
  let low = 0;
  let high = lineStarts.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (lineStarts[middle]! <= position) low = middle;
    else high = middle - 1;
  }
  return { line: low, character: position - lineStarts[low]! };
}

// The line terminators ECMAScript (and tsc's line map) counts: LF, CR, CRLF, LS, PS.
function computeLineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 13) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    } else if (code === 10 || code === 0x2028 || code === 0x2029) starts.push(i + 1);
  }
  return starts;
}
