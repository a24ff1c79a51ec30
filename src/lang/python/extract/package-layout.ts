import { isSameOrInside } from "../../../shared/paths.js";
import type { ProjectModules } from "./project-modules.js";

/** How the project's packages are laid out: folders with `__init__.py`, or namespace packages without. */
export type PackageLayout = "regular" | "namespace";

/**
 * Detects the layout from the project's own packages: any `__init__.py` under a root means regular
 * packages; folders whose modules are imported by dotted name but hold no `__init__.py` mean namespace
 * packages; a project with neither gets regular packages (what most tools expect).
 */
export function detectPackageLayout(project: ProjectModules): PackageLayout {
  const underRoot = (file: string): boolean => project.roots.some((root) => root === "" || isSameOrInside(file, root));
  if (project.pythonFiles.some((f) => /(^|\/)__init__\.pyi?$/.test(f) && underRoot(f))) return "regular";
  const namespaces = [...project.index.modules.values()].filter((m) => m.isPackage).map((m) => m.name);
  if (namespaces.length === 0) return "regular";
  for (const file of project.pythonFiles) {
    const imported = project.loadTimeImports(file);
    if (imported.some((name) => namespaces.includes(name))) return "namespace";
  }
  return "regular";
}

/** The `__init__.py` files a new module at `to` needs: one in each folder between its root and it that holds no Python yet. */
export function packageInitsFor(project: ProjectModules, to: string, root: string, layout: PackageLayout): string[] {
  if (layout === "namespace") return [];
  const inside = root === "" ? to : to.slice(root.length + 1);
  const folders = inside.split("/").slice(0, -1);
  const inits: string[] = [];
  for (let depth = 1; depth <= folders.length; depth++) {
    const folder = [root, ...folders.slice(0, depth)].filter((p) => p !== "").join("/");
    // An existing package keeps its own layout; only folders new to Python get an `__init__.py`.
    if (project.pythonFiles.some((f) => isSameOrInside(f, folder))) continue;
    inits.push(`${folder}/__init__.py`);
  }
  return inits;
}
