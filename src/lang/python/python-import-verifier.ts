import type {
  ImportVerifier,
  ImportVerifyResult,
  UnresolvedImport,
  VerifyContext,
  VerifyScope,
} from "../../model/import-verifier.js";
import type { FromImportRef, PythonRef } from "./find-references.js";
import { collectPythonReferences } from "./find-references.js";
import type { PythonModule, PythonModuleIndex } from "./module-index.js";
import { buildModuleIndex, moduleNameUnder, normalizeRoots, packageOfModule, resolveRelative } from "./module-index.js";
import type { ModuleSymbols } from "./module-symbols.js";
import { importingCallHints, isImportingCall } from "./module-name-apis.js";
import { moduleSymbolsOf } from "./module-symbols-of.js";
import { parsePython } from "./parse-python.js";
import { isPythonSource } from "./python-move-rewriter.js";
import { createPythonVerifyFilter } from "./python-verify-scope.js";
import { type ScannedImport, scanPythonImports } from "./scan-python-imports.js";
import { stdlibModulesFor } from "./stdlib-for-version.js";

type Resolution =
  | { kind: "local"; module: PythonModule }
  | { kind: "stdlib" }
  | { kind: "third-party" }
  | { kind: "missing"; reason: string };

/** Lazily built lookups shared by every file of one verification run. */
interface VerifyState {
  context: VerifyContext;
  roots: string[];
  stdlib: Set<string>;
  indexes: Map<string, PythonModuleIndex>;
  symbols: Map<string, ModuleSymbols | undefined>;
}

/** Folder a file's own absolute imports also resolve from: the nearest ancestor without `__init__.py` (script dir / pytest rootdir insertion). */
function baseDirOf(file: string, state: VerifyState): string {
  const parts = file.split("/").slice(0, -1);
  while (parts.length > 0 && state.context.exists([...parts, "__init__.py"].join("/"))) parts.pop();
  return parts.join("/");
}

function indexFor(roots: string[], state: VerifyState): PythonModuleIndex {
  const key = roots.join("\n");
  let index = state.indexes.get(key);
  if (!index) {
    index = buildModuleIndex(state.context.files, roots);
    state.indexes.set(key, index);
  }
  return index;
}

function resolveAbsolute(name: string, index: PythonModuleIndex, state: VerifyState): Resolution {
  const parts = name.split(".");
  const top = index.modules.get(parts[0]);
  const isNamespace =
    top?.isPackage &&
    !state.context.exists(`${top.path}/__init__.py`) &&
    !state.context.exists(`${top.path}/__init__.pyi`);
  // A folder without __init__.py is only a namespace portion: a regular stdlib module of that name wins.
  if (!top || (isNamespace && state.stdlib.has(parts[0])))
    return state.stdlib.has(parts[0]) ? { kind: "stdlib" } : { kind: "third-party" };
  let module = top;
  for (let i = 1; i < parts.length; i++) {
    // A module is not a package: a folder beside it with the same name (and no __init__.py) is never searched.
    if (!module.isPackage)
      return {
        kind: "missing",
        reason: `no module ${parts.slice(0, i + 1).join(".")} (${module.path} is a module, not a package${index.modules.has(parts.slice(0, i + 1).join(".")) ? `; it shadows the folder ${module.path.slice(0, module.path.lastIndexOf("/") + 1)}${parts[i - 1]}/` : ""})`,
      };
    const next = index.modules.get(parts.slice(0, i + 1).join("."));
    if (!next)
      return {
        kind: "missing",
        reason: `no module ${parts.slice(0, i + 1).join(".")} (${module.path} has no ${parts[i]})`,
      };
    module = next;
  }
  return { kind: "local", module };
}

function symbolsOf(module: PythonModule, state: VerifyState): ModuleSymbols | undefined {
  const file = module.isPackage ? `${module.path}/__init__.py` : module.path;
  if (state.symbols.has(file)) return state.symbols.get(file);
  let symbols: ModuleSymbols | undefined;
  if (file.endsWith(".py") && state.context.exists(file)) {
    const source = state.context.readFile(file).toString("utf8");
    symbols = moduleSymbolsOf(source);
  } else if (module.isPackage && !state.context.exists(`${module.path}/__init__.pyi`)) {
    // A namespace package has only the implicit module attributes.
    symbols = {
      names: new Set(["__name__", "__path__", "__doc__", "__spec__", "__loader__", "__package__", "__file__"]),
      open: false,
    };
  }
  state.symbols.set(file, symbols);
  return symbols;
}

function checkFromImport(
  ref: Pick<FromImportRef, "level" | "module" | "wildcard"> & { names: readonly { name: string }[] },
  file: string,
  packageName: string | undefined,
  index: PythonModuleIndex,
  state: VerifyState,
): { failure?: string; specifier: string; thirdParty?: boolean } {
  const written = ".".repeat(ref.level) + ref.module;
  let absolute = ref.module;
  if (ref.level > 0) {
    const resolved = packageName === undefined ? undefined : resolveRelative(packageName, ref.level, ref.module);
    if (resolved === undefined)
      return { failure: `relative import climbs above the top-level package of ${file}`, specifier: written };
    absolute = resolved;
  }
  const resolution = resolveAbsolute(absolute, index, state);
  if (resolution.kind === "missing") return { failure: resolution.reason, specifier: written };
  if (resolution.kind === "third-party") return { specifier: written, thirdParty: true };
  if (resolution.kind === "stdlib" || ref.wildcard) return { specifier: written };
  for (const name of ref.names) {
    if (resolution.module.isPackage && index.modules.has(`${absolute}.${name.name}`)) continue;
    const symbols = symbolsOf(resolution.module, state);
    if (!symbols || symbols.open || symbols.names.has(name.name)) continue;
    return {
      failure: `${resolution.module.path} defines no ${name.name} and has no submodule of that name`,
      specifier: `${written}${ref.module ? "." : ""}${name.name}`,
    };
  }
  return { specifier: written };
}

function verifyFile(file: string, source: string, state: VerifyState, result: ImportVerifyResult): void {
  if (!source.includes("import") && !source.includes("pytest_plugins")) return;
  const baseDir = baseDirOf(file, state);
  const candidates = state.roots.includes(baseDir) ? state.roots : [...state.roots, baseDir];
  let moduleName: string | undefined;
  let nameRoot: string | undefined;
  for (const root of candidates) {
    moduleName = moduleNameUnder(file, root, false);
    nameRoot = root;
    if (moduleName !== undefined) break;
  }
  // The folder the file's own name comes from is on sys.path ahead of the others when that is how it runs (a
  // script's folder; the folder pytest inserts, in its default prepend mode): names resolve there first, so
  // pydantic-core/tests/x.py's `..conftest` is pydantic-core/tests/conftest.py, not the repository's tests/conftest.py.
  const roots =
    moduleName === undefined || nameRoot === candidates[0]
      ? candidates
      : [nameRoot!, ...candidates.filter((root) => root !== nameRoot)];
  const index = indexFor(roots, state);
  const packageName =
    moduleName === undefined ? undefined : packageOfModule(moduleName, /(^|\/)__init__\.pyi?$/.test(file));
  // Without an importing call or pytest_plugins in the text, import statements are all there is: scan, not parse.
  const mayNameModules = importingCallHints.some((hint) => source.includes(hint));
  const refs: (PythonRef | ScannedImport)[] =
    (!mayNameModules && scanPythonImports(source)) ||
    collectPythonReferences(parsePython(source), source, { strings: true });
  for (const ref of refs) {
    let outcome: { failure?: string; specifier: string; thirdParty?: boolean };
    if (ref.kind === "from") outcome = checkFromImport(ref, file, packageName, index, state);
    else if (ref.kind === "import" || (ref.kind === "string" && isImportingCall(ref.via))) {
      const resolution = resolveAbsolute(ref.name, index, state);
      outcome = {
        specifier: ref.name,
        failure: resolution.kind === "missing" ? resolution.reason : undefined,
        thirdParty: resolution.kind === "third-party",
      };
    } else continue;
    result.checked++;
    const entry: UnresolvedImport = {
      file,
      line: ref.line,
      column: ref.column,
      specifier: outcome.specifier,
      language: "python",
    };
    if (outcome.failure) result.unresolved.push({ ...entry, reason: outcome.failure });
    else if (outcome.thirdParty)
      result.reported.push({ ...entry, reason: "third-party (not in the tree or the standard library)" });
  }
}

/**
 * Resolves every Python import of the tree against its module tree, namespace packages and the stdlib list; given a
 * run's scope, only those of the files whose references can resolve differently after it (python-verify-scope.ts).
 */
export function verifyPythonImports(context: VerifyContext, scope?: VerifyScope): ImportVerifyResult {
  const result: ImportVerifyResult = { unresolved: [], reported: [], checked: 0 };
  const files = context.files.filter((file) => file.endsWith(".py"));
  if (files.length === 0) return result;
  const state: VerifyState = {
    context,
    roots: normalizeRoots(context.manifest.python?.roots),
    stdlib: stdlibModulesFor(context.manifest.python?.version),
    indexes: new Map(),
    symbols: new Map(),
  };
  const mustVerify = scope && createPythonVerifyFilter(context.files, state.roots, scope);
  for (const file of files) {
    if (!isPythonSource(file)) continue;
    const bytes = context.readFile(file);
    if (mustVerify && !mustVerify(file, bytes)) continue;
    verifyFile(file, bytes.toString("utf8"), state, result);
  }
  return result;
}

/** The Python import verifier registered for `graft verify`. */
export const pythonImportVerifier: ImportVerifier = {
  language: "python",
  verify: verifyPythonImports,
};
