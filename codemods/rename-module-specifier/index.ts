import type { API, ASTPath, FileInfo, Node } from "jscodeshift";

/** Options: `from` (exact specifier or prefix ending in "/") and `to` (its replacement). */
export interface RenameModuleSpecifierOptions {
  from?: unknown;
  to?: unknown;
}

/**
 * Rewrites module specifiers equal to `from` (or starting with it, when it ends in "/") to `to`: static imports,
 * `export … from`, `require()`, `import()` and `jest.mock`/`vi.mock`. Returns undefined when nothing matched.
 */
export default function transform(file: FileInfo, api: API, options: RenameModuleSpecifierOptions): string | undefined {
  const { from, to } = options;
  if (typeof from !== "string" || typeof to !== "string" || from === "")
    throw new Error("options.from and options.to must be strings");
  const renamed = (value: string): string | undefined => {
    if (value === from) return to;
    if (from.endsWith("/") && value.startsWith(from)) return to + value.slice(from.length);
    return undefined;
  };
  const j = api.jscodeshift;
  const root = j(file.source);
  let changed = 0;
  // recast reprints changed string literals with one quote style: take the first rewritten literal's.
  let quote: "single" | "double" = "double";
  const rewrite = (literal: Node | null | undefined): void => {
    if (!literal || (literal.type !== "StringLiteral" && literal.type !== "Literal")) return;
    const node = literal as unknown as { value: unknown; extra?: { raw?: string } };
    if (typeof node.value !== "string") return;
    const next = renamed(node.value);
    if (next === undefined) return;
    node.value = next;
    if (changed === 0 && node.extra?.raw?.startsWith("'")) quote = "single";
    changed++;
  };
  root.find(j.ImportDeclaration).forEach((p) => {
    rewrite(p.node.source);
  });
  root.find(j.ExportNamedDeclaration).forEach((p) => {
    rewrite(p.node.source);
  });
  root.find(j.ExportAllDeclaration).forEach((p) => {
    rewrite(p.node.source);
  });
  root.find(j.CallExpression).forEach((p: ASTPath<import("jscodeshift").CallExpression>) => {
    if (isModuleCall(p.node.callee)) rewrite(p.node.arguments[0] as Node | undefined);
  });
  return changed > 0 ? root.toSource({ quote }) : undefined;
}

function isModuleCall(callee: Node): boolean {
  if (callee.type === "Import") return true;
  if (callee.type === "Identifier") return (callee as unknown as { name: string }).name === "require";
  if (callee.type !== "MemberExpression") return false;
  const member = callee as unknown as {
    object: { type: string; name?: string };
    property: { type: string; name?: string };
  };
  return (
    member.object.type === "Identifier" &&
    ["jest", "vi"].includes(member.object.name ?? "") &&
    ["mock", "doMock", "unmock", "requireActual", "importActual"].includes(member.property.name ?? "")
  );
}
