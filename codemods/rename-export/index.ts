import path from "node:path";
import type { API, ASTPath, Collection, FileInfo, JSCodeshift } from "jscodeshift";

/** Options: `module` (root-relative path of the module that exports the symbol), `from` and `to` (the names), `specifiers` (other specifiers naming the module, e.g. a path alias). */
export interface RenameExportOptions {
  module?: unknown;
  from?: unknown;
  to?: unknown;
  specifiers?: unknown;
}

const sourceExtension = /\.(?:[cm]?[jt]sx?|d\.[cm]?ts)$/;

/**
 * Renames an exported symbol and every import of it. In the module that declares it: the declaration, its export
 * and every reference. In importers: `import { from }` becomes `import { to }` with every reference renamed (or
 * `import { to as from }` when `to` is taken in that file), `import { from as x }` becomes `import { to as x }`,
 * `ns.from` of a namespace import becomes `ns.to`; re-exports keep their public name (`export { to as from }
 * from …`), reported, so their own importers do not break. Returns undefined when nothing matched.
 */
export default function transform(file: FileInfo, api: API, options: RenameExportOptions): string | undefined {
  const { module, from, to } = options;
  if (typeof module !== "string" || typeof from !== "string" || typeof to !== "string" || !from || !to)
    throw new Error("options.module, options.from and options.to must be non-empty strings");
  const aliases = Array.isArray(options.specifiers) ? options.specifiers.filter((s) => typeof s === "string") : [];
  const j = api.jscodeshift;
  const root = j(file.source);
  let changed = 0;
  if (stripExtension(file.path) === stripExtension(module)) changed += renameInDeclaringModule(j, root, from, to);
  const namesModule = (specifier: unknown): boolean =>
    typeof specifier === "string" &&
    (aliases.includes(specifier) || (specifier.startsWith(".") && resolvesTo(file.path, specifier, module)));
  root.find(j.ImportDeclaration).forEach((p) => {
    if (!namesModule(p.node.source.value)) return;
    const specifiers = p.node.specifiers ?? [];
    specifiers.forEach((specifier, i) => {
      if (specifier.type === "ImportNamespaceSpecifier" && specifier.local) {
        changed += renameNamespaceMembers(j, root, String(specifier.local.name), from, to);
        return;
      }
      if (specifier.type !== "ImportSpecifier" || specifier.imported.name !== from) return;
      const local: string = String(specifier.local?.name ?? from);
      // A new specifier node: recast reprints a shorthand one's two names from one source range otherwise.
      let renamed = local;
      if (local === from && isNameTaken(j, root, to))
        api.report(`${to} is already a name in this file: imported as ${to} as ${from}`);
      else if (local === from) renamed = to;
      const kind = (specifier as { importKind?: string }).importKind;
      specifiers[i] = Object.assign(
        j.importSpecifier.from({ imported: j.identifier(to), local: j.identifier(renamed) }),
        kind ? { importKind: kind } : {},
      );
      if (renamed !== local) renameModuleScopeReferences(j, root, from, to);
      api.stats("imports renamed");
      changed++;
    });
  });
  root.find(j.ExportNamedDeclaration).forEach((p) => {
    if (!p.node.source || !namesModule(p.node.source.value)) return;
    const specifiers = p.node.specifiers ?? [];
    specifiers.forEach((specifier, i) => {
      if (specifier.type !== "ExportSpecifier" || specifier.local?.name !== from) return;
      const exported = String(specifier.exported.name);
      specifiers[i] = j.exportSpecifier.from({ local: j.identifier(to), exported: j.identifier(exported) });
      api.report(`re-exports ${from} as ${exported}: its public name is kept`);
      api.stats("re-exports kept");
      changed++;
    });
  });
  return changed > 0 ? root.toSource({ quote: quoteOf(file.source) }) : undefined;
}

/** Renames the declaration of `from` at the top of its module, the names it is exported under, and its references. */
function renameInDeclaringModule(j: JSCodeshift, root: Collection, from: string, to: string): number {
  let changed = 0;
  root.find(j.ExportNamedDeclaration).forEach((p) => {
    if (p.node.source) return;
    const specifiers = p.node.specifiers ?? [];
    specifiers.forEach((specifier, i) => {
      if (specifier.type !== "ExportSpecifier" || specifier.exported.name !== from) return;
      // `export { x as from }`: only the public name changes; `export { from }`: the binding is renamed below too.
      const local = String(specifier.local?.name ?? from);
      specifiers[i] = j.exportSpecifier.from({
        local: j.identifier(local === from ? to : local),
        exported: j.identifier(to),
      });
      changed++;
    });
  });
  const declared = root
    .find(j.Program)
    .get("body")
    .value.some((statement: { type: string; declaration?: unknown }) => declares(statement, from));
  if (declared || changed) changed += renameModuleScopeReferences(j, root, from, to, true);
  return changed;
}

/** True when a top-level statement (exported or not) declares `name`. */
function declares(statement: { type: string; declaration?: unknown }, name: string): boolean {
  const node = (statement.type === "ExportNamedDeclaration" ? statement.declaration : statement) as
    | { type: string; id?: { name?: string } | null; declarations?: { id: { type: string; name?: string } }[] }
    | null
    | undefined;
  if (!node) return false;
  if (node.declarations) return node.declarations.some((d) => d.id.type === "Identifier" && d.id.name === name);
  return node.id?.name === name;
}

/** Renames every identifier that names the module-scope binding `from` (declarations too when `declarations`). */
function renameModuleScopeReferences(
  j: JSCodeshift,
  root: Collection,
  from: string,
  to: string,
  declarations = false,
): number {
  let renamed = 0;
  root.find(j.Identifier, { name: from }).forEach((p) => {
    if (!isReference(p, declarations)) return;
    const scope = p.scope?.lookup(from) ?? p.scope?.lookupType?.(from);
    if (scope && !scope.isGlobal) return;
    const parent = p.parent?.node;
    if (parent?.type === "ObjectProperty" && parent.shorthand && parent.value === p.node) {
      parent.shorthand = false;
      parent.key = j.identifier(from);
    }
    p.node.name = to;
    renamed++;
  });
  return renamed;
}

/** `ns.from` → `ns.to` for a namespace import `ns`. */
function renameNamespaceMembers(j: JSCodeshift, root: Collection, ns: string, from: string, to: string): number {
  let renamed = 0;
  root.find(j.MemberExpression, { object: { type: "Identifier", name: ns }, property: { name: from } }).forEach((p) => {
    if (p.node.computed) return;
    p.node.property = j.identifier(to);
    renamed++;
  });
  root.find(j.TSQualifiedName, { left: { name: ns }, right: { name: from } }).forEach((p) => {
    p.node.right = j.identifier(to);
    renamed++;
  });
  return renamed;
}

/** False for identifiers that are names of something else: property keys, member properties, import/export names. */
function isReference(p: ASTPath, declarations: boolean): boolean {
  const parent = p.parent?.node as Record<string, unknown> & { type: string };
  const is = (key: string) => parent[key] === p.node;
  switch (parent.type) {
    case "MemberExpression":
    case "OptionalMemberExpression":
      return !is("property") || parent.computed === true;
    case "ObjectProperty":
    case "ObjectMethod":
    case "ClassProperty":
    case "ClassMethod":
    case "ClassPrivateProperty":
    case "TSPropertySignature":
    case "TSMethodSignature":
    case "Property":
    case "MethodDefinition":
      return !is("key") || parent.computed === true;
    case "TSQualifiedName":
      return !is("right");
    case "ImportSpecifier":
    case "ImportDefaultSpecifier":
    case "ImportNamespaceSpecifier":
    case "ExportSpecifier":
      return is("local") && parent.type === "ExportSpecifier";
    case "LabeledStatement":
    case "BreakStatement":
    case "ContinueStatement":
    case "TSEnumMember":
      return false;
    case "FunctionDeclaration":
    case "ClassDeclaration":
    case "VariableDeclarator":
    case "TSInterfaceDeclaration":
    case "TSTypeAliasDeclaration":
    case "TSEnumDeclaration":
      return !is("id") || declarations;
    default:
      return true;
  }
}

/** True when `name` is bound anywhere in the file (renaming into it would capture or shadow). */
function isNameTaken(j: JSCodeshift, root: Collection, name: string): boolean {
  return root.find(j.Identifier, { name }).some((p) => isReference(p, true));
}

/** Whether a relative specifier in `importer` names `module` (extensions and `/index` aside). */
function resolvesTo(importer: string, specifier: string, module: string): boolean {
  const resolved = stripExtension(path.posix.normalize(path.posix.join(path.posix.dirname(importer), specifier)));
  const target = stripExtension(module);
  return resolved === target || `${resolved}/index` === target;
}

function stripExtension(p: string): string {
  return p.replace(sourceExtension, "");
}

/** The quote style of the file's first import, so reprinted literals keep it. */
function quoteOf(source: string): "single" | "double" {
  const match = /\b(?:from|import)\s*(['"])/.exec(source);
  return match?.[1] === "'" ? "single" : "double";
}
