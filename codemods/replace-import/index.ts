import type { API, ASTPath, FileInfo, ImportDeclaration, JSCodeshift } from "jscodeshift";

/** Options: `from` and `to` (module specifiers, compared exactly) and `names` (the named imports to move). */
export interface ReplaceImportOptions {
  from?: unknown;
  to?: unknown;
  names?: unknown;
}

type Specifier = NonNullable<ImportDeclaration["specifiers"]>[number];

/**
 * Moves named imports from one module to another: `import { a, b } from "from"` with names [a] becomes
 * `import { b } from "from"` plus `a` added to an existing `import { … } from "to"` of the same kind (value or type),
 * or a new declaration right after it (in its place when nothing is left). Aliases, `type` modifiers and comments
 * stay; `export { a } from "from"` re-exports move the same way. Returns undefined when nothing matched.
 */
export default function transform(file: FileInfo, api: API, options: ReplaceImportOptions): string | undefined {
  const { from, to } = options;
  const names = Array.isArray(options.names) ? options.names.filter((n): n is string => typeof n === "string") : [];
  if (typeof from !== "string" || typeof to !== "string" || !from || !to || names.length === 0)
    throw new Error("options.from and options.to must be non-empty strings and options.names a list of names");
  const j = api.jscodeshift;
  const root = j(file.source);
  let moved = 0;
  root.find(j.ImportDeclaration).forEach((p) => {
    if (p.node.source.value !== from) return;
    const moving = (p.node.specifiers ?? []).filter(
      (s) => s.type === "ImportSpecifier" && names.includes(String(s.imported.name)),
    );
    if (moving.length === 0) return;
    p.node.specifiers = (p.node.specifiers ?? []).filter((s) => !moving.includes(s));
    const kind = p.node.importKind ?? "value";
    const target = findTargetImport(j, root.find(j.Program).paths()[0]!, to, kind, p);
    if (target) {
      for (const specifier of moving)
        if (!hasSpecifier(target.node, specifier)) target.node.specifiers!.push(specifier);
      if (p.node.specifiers.length === 0) j(p).remove();
    } else {
      const created = j.importDeclaration(moving, j.stringLiteral(to), kind);
      if (p.node.specifiers.length === 0) {
        created.comments = p.node.comments ?? null;
        j(p).replaceWith(created);
      } else j(p).insertAfter(created);
    }
    api.stats("imports moved", moving.length);
    moved += moving.length;
  });
  root.find(j.ExportNamedDeclaration).forEach((p) => {
    if (p.node.source?.value !== from) return;
    const moving = (p.node.specifiers ?? []).filter(
      (s) => s.type === "ExportSpecifier" && names.includes(String(s.local?.name)),
    );
    if (moving.length === 0) return;
    p.node.specifiers = (p.node.specifiers ?? []).filter((s) => !moving.includes(s));
    const created = j.exportNamedDeclaration(null, moving, j.stringLiteral(to));
    if (p.node.specifiers.length === 0) {
      created.comments = p.node.comments ?? null;
      j(p).replaceWith(created);
    } else j(p).insertAfter(created);
    api.stats("re-exports moved", moving.length);
    moved += moving.length;
  });
  return moved > 0 ? root.toSource({ quote: quoteOf(file.source) }) : undefined;
}

/** An import of `to` of the same kind that named imports can join (not a namespace import), other than `except`. */
function findTargetImport(
  j: JSCodeshift,
  program: ASTPath,
  to: string,
  kind: string,
  except: ASTPath<ImportDeclaration>,
): ASTPath<ImportDeclaration> | undefined {
  return j(program)
    .find(j.ImportDeclaration)
    .filter(
      (q) =>
        q !== except &&
        q.node.source.value === to &&
        (q.node.importKind ?? "value") === kind &&
        !(q.node.specifiers ?? []).some((s) => s.type === "ImportNamespaceSpecifier"),
    )
    .paths()[0];
}

function hasSpecifier(declaration: ImportDeclaration, specifier: Specifier): boolean {
  const key = (s: Specifier) =>
    s.type === "ImportSpecifier" ? `${s.imported.name} as ${s.local?.name ?? s.imported.name}` : s.type;
  return (declaration.specifiers ?? []).some((s) => key(s) === key(specifier));
}

/** The quote style of the file's first import, so new literals match it. */
function quoteOf(source: string): "single" | "double" {
  const match = /\b(?:from|import)\s*(['"])/.exec(source);
  return match?.[1] === "'" ? "single" : "double";
}
