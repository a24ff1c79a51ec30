import type Parser from "tree-sitter";
import {
  buildModuleIndex,
  moduleNameOf,
  normalizeRoots,
  resolveRelative,
  type PythonModuleIndex,
} from "../module-index.js";
import { importStatementsOf } from "../import-statements-of.js";
import { parsePython, type PythonNode } from "../parse-python.js";
import { packageOfFile } from "../plan-file-edits.js";
import { isPythonSource } from "../python-move-rewriter.js";

/** A parsed Python file of the project. */
export interface ParsedFile {
  path: string;
  text: string;
  tree: Parser.Tree;
  /** Dotted module name (undefined outside every root). */
  module?: string;
  /** Package its relative imports start from. */
  package?: string;
}

/** The project's Python files as modules: names, files, parses (cached), and what each imports while it loads. */
export interface ProjectModules {
  roots: string[];
  index: PythonModuleIndex;
  pythonFiles: string[];
  parse(path: string): ParsedFile | undefined;
  /** A file's text, decoded (undefined when it is not in the project or not UTF-8). */
  readText(path: string): string | undefined;
  /** The file that runs when a module is imported (`__init__.py` for packages), if the project has it. */
  fileOfModule(name: string): string | undefined;
  /** Modules a file imports while it loads (top level, not under `if TYPE_CHECKING:`), packages included. */
  loadTimeImports(path: string): string[];
}

/** Decodes UTF-8 strictly; undefined for bytes that are not UTF-8. */
export function decodeUtf8(bytes: Buffer | string): string | undefined {
  if (typeof bytes === "string") return bytes;
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

/** `a.b.c` and every package above it (`a`, `a.b`), the order Python imports them in. */
export function withPackages(name: string): string[] {
  const parts = name.split(".");
  return parts.map((_, i) => parts.slice(0, i + 1).join("."));
}

/** True when an import runs only for type checkers (`if TYPE_CHECKING:`) or only when a function is called. */
function isDeferredImport(node: PythonNode): boolean {
  for (let parent = node.parent; parent; parent = parent.parent) {
    if (parent.type === "function_definition" || parent.type === "lambda") return true;
    if (parent.type === "if_statement" && /\bTYPE_CHECKING\b/.test(parent.childForFieldName("condition")?.text ?? ""))
      return true;
  }
  return false;
}

/** Absolute module a from-import names, seen from `packageName`; undefined when it climbs past the top. */
export function absoluteFromModule(statement: PythonNode, packageName: string | undefined): string | undefined {
  const moduleNode = statement.childForFieldName("module_name");
  if (!moduleNode) return undefined;
  if (moduleNode.type !== "relative_import") return moduleNode.text.replace(/\s+/g, "");
  const level = moduleNode.namedChildren.find((c) => c.type === "import_prefix")?.text.length ?? 0;
  const rest = moduleNode.namedChildren.find((c) => c.type === "dotted_name")?.text.replace(/\s+/g, "") ?? "";
  return packageName === undefined ? undefined : resolveRelative(packageName, level, rest);
}

/** Indexes the project's Python files under `python.roots`; parses them lazily. */
export function createProjectModules(
  files: readonly string[],
  readFile: (path: string) => Buffer | string,
  roots: readonly string[] | undefined,
): ProjectModules {
  const normalized = normalizeRoots(roots);
  const pythonFiles = files.filter(isPythonSource);
  const index = buildModuleIndex(pythonFiles, normalized);
  const fileSet = new Set(files);
  const texts = new Map<string, string | undefined>();
  const readText = (path: string): string | undefined => {
    if (!texts.has(path)) texts.set(path, fileSet.has(path) ? decodeUtf8(readFile(path)) : undefined);
    return texts.get(path);
  };
  const parsed = new Map<string, ParsedFile | undefined>();
  const parse = (path: string): ParsedFile | undefined => {
    if (parsed.has(path)) return parsed.get(path);
    const text = readText(path);
    let result: ParsedFile | undefined;
    if (text !== undefined) {
      const module = moduleNameOf(path, normalized, false)?.name;
      result = { path, text, tree: parsePython(text), module, package: packageOfFile(path, module) };
    }
    parsed.set(path, result);
    return result;
  };
  const fileOfModule = (name: string): string | undefined => {
    const module = index.modules.get(name);
    if (!module) return undefined;
    if (!module.isPackage) return module.path;
    const init = module.path === "" ? "__init__.py" : `${module.path}/__init__.py`;
    return fileSet.has(init) ? init : undefined;
  };
  const importsCache = new Map<string, string[]>();
  const loadTimeImports = (path: string): string[] => {
    const cached = importsCache.get(path);
    if (cached) return cached;
    const file = parse(path);
    const out = new Set<string>();
    for (const node of file ? importStatementsOf(file.tree.rootNode, file.text) : []) {
      if (isDeferredImport(node)) continue;
      if (node.type === "import_statement") {
        for (const name of node.childrenForFieldName("name")) {
          const dotted = (name.type === "aliased_import" ? name.childForFieldName("name") : name)?.text ?? "";
          for (const m of withPackages(dotted.replace(/\s+/g, ""))) if (index.modules.has(m)) out.add(m);
        }
        continue;
      }
      const absolute = absoluteFromModule(node, file!.package);
      if (!absolute) continue;
      for (const m of withPackages(absolute)) if (index.modules.has(m)) out.add(m);
      for (const name of node.childrenForFieldName("name")) {
        const base = (name.type === "aliased_import" ? name.childForFieldName("name") : name)?.text ?? "";
        if (index.modules.has(`${absolute}.${base}`)) out.add(`${absolute}.${base}`);
      }
    }
    const list = [...out];
    importsCache.set(path, list);
    return list;
  };
  return { roots: normalized, index, pythonFiles, parse, readText, fileOfModule, loadTimeImports };
}
