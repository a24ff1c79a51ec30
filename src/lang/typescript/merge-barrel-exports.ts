import type ts from "typescript";
import { loadTypeScript } from "../../shared/typescript.js";
import type { MergeResult } from "../../model/conflict-merger.js";
import { appendMarkedBlock } from "../../shared/merge-text.js";

/** A name a statement introduces (imported local or exported name) and the statement that does it. */
interface Introduced {
  name: string;
  key: string;
}

function isImportExport(statement: ts.Statement): boolean {
  const ts = loadTypeScript();
  return (
    ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement) || ts.isImportEqualsDeclaration(statement)
  );
}

/** Statement text with comments dropped, whitespace collapsed and quotes unified, for comparing versions. */
function statementKey(statement: ts.Statement, file: ts.SourceFile): string {
  const ts = loadTypeScript();
  const printer = ts.createPrinter({ removeComments: true, newLine: ts.NewLineKind.LineFeed });
  return printer.printNode(ts.EmitHint.Unspecified, statement, file).replace(/\s+/g, " ").replace(/'/g, '"').trim();
}

/** Names an import/export statement introduces into the barrel's scope or export list. */
function introducedNames(statement: ts.Statement, key: string): Introduced[] {
  const ts = loadTypeScript();
  const names: string[] = [];
  if (ts.isImportDeclaration(statement)) {
    const clause = statement.importClause;
    if (clause?.name) names.push(clause.name.text);
    const bindings = clause?.namedBindings;
    if (bindings && ts.isNamespaceImport(bindings)) names.push(bindings.name.text);
    if (bindings && ts.isNamedImports(bindings))
      bindings.elements.forEach((e) => {
        names.push(e.name.text);
      });
  } else if (ts.isExportDeclaration(statement)) {
    const clause = statement.exportClause;
    if (clause && ts.isNamespaceExport(clause)) names.push(`export:${clause.name.text}`);
    if (clause && ts.isNamedExports(clause))
      clause.elements.forEach((e) => {
        names.push(`export:${e.name.text}`);
      });
  } else if (ts.isImportEqualsDeclaration(statement)) names.push(statement.name.text);
  return names.map((name) => ({ name, key }));
}

/** Merges two `index.ts`/`index.js` barrels: the target stays; import/export statements only the source has are appended in a marked block. */
export function mergeTypeScriptExports(target: string, source: string, path: string): MergeResult {
  const ts = loadTypeScript();
  const kind = /\.[cm]?jsx?$/.test(path) ? ts.ScriptKind.JS : path.endsWith("x") ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
  const targetFile = ts.createSourceFile(path, target, ts.ScriptTarget.ES2022, true, kind);
  const sourceFile = ts.createSourceFile(path, source, ts.ScriptTarget.ES2022, true, kind);
  const targetKeys = new Set(targetFile.statements.map((s) => statementKey(s, targetFile)));
  const introduced = new Map<string, string>();
  for (const statement of targetFile.statements) {
    const key = statementKey(statement, targetFile);
    if (isImportExport(statement))
      for (const entry of introducedNames(statement, key)) introduced.set(entry.name, entry.key);
  }
  const appended: string[] = [];
  for (const statement of sourceFile.statements) {
    const key = statementKey(statement, sourceFile);
    if (targetKeys.has(key)) continue;
    const line = sourceFile.getLineAndCharacterOfPosition(statement.getStart(sourceFile)).line + 1;
    if (!isImportExport(statement)) {
      return {
        unresolved: `source line ${line} has a statement the target lacks (${ts.SyntaxKind[statement.kind]}: "${key.slice(0, 60)}"); only import/export statements merge`,
      };
    }
    for (const entry of introducedNames(statement, key)) {
      const existing = introduced.get(entry.name);
      if (existing !== undefined && existing !== key) {
        return {
          unresolved: `source line ${line} introduces ${entry.name.replace("export:", "export ")} which the target already has from "${existing}"`,
        };
      }
      introduced.set(entry.name, key);
    }
    targetKeys.add(key);
    appended.push(statement.getText(sourceFile));
  }
  if (appended.length === 0) return { content: Buffer.from(target, "utf8") };
  return { content: Buffer.from(appendMarkedBlock(target, appended, "//"), "utf8") };
}
