import { isSameOrInside, joinPosix } from "../../shared/paths.js";

/** One importable module or package of the tree. */
export interface PythonModule {
  /** Dotted module name, e.g. `app.engines.regime`. */
  name: string;
  /** Root-relative path: the `.py`/`.pyi` file, or the package folder. */
  path: string;
  isPackage: boolean;
  /** A package folder without `__init__.py`/`__init__.pyi`: only a namespace portion, which a module of the same name beats. */
  namespace?: boolean;
  /** Index of the `python.roots` entry the name is relative to. */
  rootIndex: number;
}

/** Every module name the tree defines, per `python.roots` (packages and namespace packages included). */
export interface PythonModuleIndex {
  /** Normalized roots ("" for the manifest root). */
  roots: string[];
  modules: Map<string, PythonModule>;
}

const moduleSuffixes = [".py", ".pyi"];
const extensionSuffix = /\.(cpython-[^.]+\.|abi3\.)?(so|pyd)$/;

/** Normalizes manifest roots (`"."`, `"src/"`) to root-relative POSIX folders ("" = the root itself). */
export function normalizeRoots(roots: readonly string[] | undefined): string[] {
  const list = roots && roots.length > 0 ? roots : ["."];
  return list.map((root) => joinPosix(root.replace(/^\.\/?/, "") || "."));
}

/** True when `part` is a valid Python identifier (ASCII subset, which is what packages use). */
export function isIdentifier(part: string): boolean {
  if (part.length === 0) return false;
  const first = part.charCodeAt(0);
  const isStart = (c: number) => c === 95 || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c > 127;
  if (!isStart(first)) return false;
  for (let i = 1; i < part.length; i++) {
    const c = part.charCodeAt(i);
    if (!isStart(c) && !(c >= 48 && c <= 57)) return false;
  }
  return true;
}

/** The root-relative path of `path` under `root`, or undefined when it lies outside. */
function relativeToRoot(path: string, root: string): string | undefined {
  if (root === "") return path;
  if (!isSameOrInside(path, root)) return undefined;
  return path === root ? "" : path.slice(root.length + 1);
}

/** Dotted module name of a `.py`/`.pyi`/extension file or a folder under one root; undefined when not importable. */
export function moduleNameUnder(path: string, root: string, isFolder: boolean): string | undefined {
  const rel = relativeToRoot(path, root);
  if (rel === undefined || rel === "") return undefined;
  const parts = rel.split("/");
  if (!isFolder) {
    const last = parts[parts.length - 1];
    const suffix = moduleSuffixes.find((s) => last.endsWith(s));
    const stem = suffix
      ? last.slice(0, -suffix.length)
      : extensionSuffix.test(last)
        ? last.replace(extensionSuffix, "")
        : undefined;
    if (stem === undefined) return undefined;
    if (stem === "__init__") parts.pop();
    else parts[parts.length - 1] = stem;
    if (parts.length === 0) return undefined;
  }
  return parts.every(isIdentifier) ? parts.join(".") : undefined;
}

/** Finds the module name of `path` under the first root (from `preferredRoot`, then in order) that contains it. */
export function moduleNameOf(
  path: string,
  roots: readonly string[],
  isFolder: boolean,
  preferredRoot = 0,
): { name: string; rootIndex: number } | undefined {
  const order = [preferredRoot, ...roots.keys()].filter((i, at, all) => i < roots.length && all.indexOf(i) === at);
  for (const rootIndex of order) {
    const name = moduleNameUnder(path, roots[rootIndex], isFolder);
    if (name !== undefined) return { name, rootIndex };
  }
  return undefined;
}

/** 2 for a regular package, 1 for a module, 0 for a namespace portion (CPython's finder order within one folder). */
function rank(module: PythonModule): number {
  return !module.isPackage ? 1 : module.namespace ? 0 : 2;
}

/**
 * True when `candidate` is what Python imports rather than `existing` (same name): a regular package or module in
 * the earliest root wins (within one root a package beats a module); a namespace folder counts only when no root
 * has a module or regular package of that name.
 */
function importsBefore(candidate: PythonModule, existing: PythonModule): boolean {
  const definite = rank(candidate) > 0;
  if (definite !== rank(existing) > 0) return definite;
  if (candidate.rootIndex !== existing.rootIndex) return candidate.rootIndex < existing.rootIndex;
  return rank(candidate) > rank(existing);
}

/** Builds the module index of a file list (folders under a root are namespace packages unless they hold `__init__.py`). */
export function buildModuleIndex(files: readonly string[], roots: readonly string[]): PythonModuleIndex {
  const modules = new Map<string, PythonModule>();
  const add = (module: PythonModule) => {
    const existing = modules.get(module.name);
    if (!existing || importsBefore(module, existing)) modules.set(module.name, module);
  };
  const regular = new Set<string>();
  for (const file of files) {
    const slash = file.lastIndexOf("/");
    const base = file.slice(slash + 1);
    if (base === "__init__.py" || base === "__init__.pyi") regular.add(slash < 0 ? "" : file.slice(0, slash));
  }
  for (const file of files) {
    const isModuleFile = moduleSuffixes.some((s) => file.endsWith(s)) || extensionSuffix.test(file);
    roots.forEach((root, rootIndex) => {
      const rel = relativeToRoot(file, root);
      if (rel === undefined || rel === "") return;
      const parts = rel.split("/");
      // Every ancestor folder of a module file is a (possibly namespace) package.
      if (isModuleFile) {
        for (let depth = 1; depth < parts.length; depth++) {
          const folderParts = parts.slice(0, depth);
          if (!folderParts.every(isIdentifier)) break;
          const path = joinPosix(root, ...folderParts);
          add({ name: folderParts.join("."), path, isPackage: true, rootIndex, namespace: !regular.has(path) });
        }
        const name = moduleNameUnder(file, root, false);
        if (name !== undefined && !parts[parts.length - 1].startsWith("__init__.")) {
          add({ name, path: file, isPackage: false, rootIndex });
        }
      }
    });
  }
  return { roots: [...roots], modules };
}

/** The longest prefix of a dotted name that is a module of the index, with the rest (symbol path) after it. */
export function resolveLongestModule(
  index: PythonModuleIndex,
  dotted: string,
): { module: PythonModule; rest: string } | undefined {
  let end = dotted.length;
  for (;;) {
    const candidate = dotted.slice(0, end);
    const module = index.modules.get(candidate);
    if (module) return { module, rest: dotted.slice(end) };
    end = dotted.lastIndexOf(".", end - 1);
    if (end <= 0) return undefined;
  }
}

/** Package a module's relative imports are relative to (`a.b` for `a/b/c.py` and for `a/b/__init__.py`). */
export function packageOfModule(moduleName: string, isPackage: boolean): string {
  if (isPackage) return moduleName;
  const dot = moduleName.lastIndexOf(".");
  return dot < 0 ? "" : moduleName.slice(0, dot);
}

/** Absolute module named by a relative import (`level` dots + `rest`) from `packageName`; undefined when it climbs past the top. */
export function resolveRelative(packageName: string, level: number, rest: string): string | undefined {
  const parts = packageName === "" ? [] : packageName.split(".");
  if (level - 1 > parts.length || (level - 1 === parts.length && rest === "")) return undefined;
  if (level - 1 === parts.length) return undefined;
  const base = parts.slice(0, parts.length - (level - 1));
  return [...base, ...(rest ? rest.split(".") : [])].join(".");
}

/** Shortest relative form (`..x.y`) of `target` seen from `packageName`; undefined when they share no top-level package. */
export function relativeFormOf(packageName: string, target: string): string | undefined {
  const from = packageName === "" ? [] : packageName.split(".");
  const to = target.split(".");
  let common = 0;
  while (common < from.length && common < to.length && from[common] === to[common]) common++;
  if (common === 0) return undefined;
  const dots = ".".repeat(from.length - common + 1);
  return dots + to.slice(common).join(".");
}
