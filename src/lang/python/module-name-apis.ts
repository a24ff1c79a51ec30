/**
 * The Python APIs that take a dotted module name as a string, so a move must rewrite those strings: dynamic imports,
 * resource anchors, mock targets, `sys.modules` keys, and the module-level lists tools read (`pytest_plugins`,
 * Sphinx `extensions`).
 */

/** Calls whose first argument starts with a module (or module + attribute) path, by their last one or two parts. */
const callTails = new Set([
  "import_module",
  "__import__",
  "find_spec",
  "patch",
  "patch.dict",
  "patch.multiple",
  "monkeypatch.setattr",
  "monkeypatch.delattr",
]);

/** Functions of `importlib.resources` (and its backport) whose first argument is an anchor package. */
const resourceFunctions = new Set([
  "files",
  "read_text",
  "read_binary",
  "open_text",
  "open_binary",
  "path",
  "contents",
  "is_resource",
  "as_file",
]);
const resourceModules = new Set(["importlib.resources", "importlib_resources", "resources"]);

/** `pkg_resources` functions whose first argument is a package or requirement name. */
const pkgResourcesFunctions = new Set([
  "resource_filename",
  "resource_string",
  "resource_stream",
  "resource_exists",
  "resource_listdir",
  "resource_isdir",
]);

/** Words a file must contain before its calls are worth walking (cheaper than walking every call). */
export const moduleNameApiHints = [
  "import_module",
  "__import__",
  "find_spec",
  "patch",
  "setattr",
  "delattr",
  "resources",
  "get_data",
  "modules",
];

/**
 * The API a call names when its first argument is a module name, or undefined. `parts` is the call's function as
 * written (`["importlib", "resources", "files"]`); `bindings` maps names the file imports to what they bind
 * (`files` → `importlib.resources.files`, `ir` → `importlib_resources`).
 */
export function moduleNameCall(parts: readonly string[], bindings: ReadonlyMap<string, string>): string | undefined {
  const written = parts.join(".");
  const bound = bindings.get(parts[0]);
  const full = bound ? [bound, ...parts.slice(1)].join(".") : written;
  const dot = full.lastIndexOf(".");
  const last = full.slice(dot + 1);
  const qualifier = dot < 0 ? "" : full.slice(0, dot);
  const shortQualifier = qualifier.slice(qualifier.lastIndexOf(".") + 1);
  if (callTails.has(parts[parts.length - 1]) || callTails.has(parts.slice(-2).join("."))) return written;
  if (resourceFunctions.has(last) && (resourceModules.has(qualifier) || resourceModules.has(shortQualifier)))
    return full;
  if (last === "get_data" && qualifier === "pkgutil") return full;
  if (pkgResourcesFunctions.has(last) && qualifier === "pkg_resources") return full;
  if ((last === "get" || last === "pop" || last === "setdefault") && qualifier === "sys.modules") return full;
  return undefined;
}

/** True when a subscript's value is `sys.modules` (as written or through `from sys import modules`). */
export function isSysModules(parts: readonly string[], bindings: ReadonlyMap<string, string>): boolean {
  const bound = bindings.get(parts[0]);
  return (bound ? [bound, ...parts.slice(1)].join(".") : parts.join(".")) === "sys.modules";
}

/** Module-level names whose assigned strings (one, or a list/tuple of them) are module names. */
export function moduleListName(name: string, sphinxConf: boolean): string | undefined {
  if (name === "pytest_plugins") return name;
  if (name === "extensions" && sphinxConf) return "sphinx extensions";
  return undefined;
}

/**
 * Words a file must contain before one of its strings can be an import the verifier checks (isImportingCall): the
 * API's last part or module name is spelled in the call or in the import that binds it, and `pytest_plugins` is
 * spelled where it is assigned. Narrower than `moduleNameApiHints`, which also covers mock targets and `sys.modules`.
 */
export const importingCallHints = ["import_module", "__import__", "pytest_plugins", "get_data", "resources"];

/** Calls whose string argument is checked as an import by the verifier (the others name attributes or anything). */
export function isImportingCall(via: string): boolean {
  return (
    via.endsWith("import_module") ||
    via.endsWith("__import__") ||
    via === "pytest_plugins" ||
    via === "pkgutil.get_data" ||
    /(^|\.)(importlib\.resources|importlib_resources|resources)\.[a-z_]+$/.test(via)
  );
}
