import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { isErrorCode } from "../shared/fs-port.js";

/** `@scope/name/sub` or `name/sub` split into the package name and the subpath ("." for the package itself). */
function splitSpecifier(specifier: string): { name: string; subpath: string } | undefined {
  const match = /^((?:@[^/@.][^/]*\/)?[^/@.][^/]*)(\/.*)?$/.exec(specifier);
  if (!match) return undefined;
  return { name: match[1]!, subpath: match[2] ? `.${match[2]}` : "." };
}

/**
 * The file an npm package specifier (`@scope/pkg`, `pkg/sub`) names, resolved from `root` the way Node does (its
 * node_modules and their parents, `exports` included); undefined when no such package is installed. ESM-only
 * `exports` (an `import` condition and no `require`) are resolved too.
 */
export function resolvePackageFrom(specifier: string, root: string): string | undefined {
  const parts = splitSpecifier(specifier);
  if (!parts) return undefined;
  try {
    return createRequire(path.join(root, "package.json")).resolve(specifier);
  } catch (error) {
    if (isErrorCode(error, "ERR_PACKAGE_PATH_NOT_EXPORTED")) return resolveImportExport(parts, root);
    if (isErrorCode(error, "MODULE_NOT_FOUND")) return undefined;
    throw error;
  }
}

/** Resolves a subpath through the package's `exports` with the conditions an ESM import uses. */
function resolveImportExport(parts: { name: string; subpath: string }, root: string): string | undefined {
  for (let dir = path.resolve(root); ; dir = path.dirname(dir)) {
    const folder = path.join(dir, "node_modules", parts.name);
    const manifest = path.join(folder, "package.json");
    if (existsSync(manifest)) {
      const { exports } = JSON.parse(readFileSync(manifest, "utf8")) as { exports?: unknown };
      const map =
        typeof exports === "string" || Array.isArray(exports) || !hasSubpathKeys(exports) ? { ".": exports } : exports;
      const target = pickCondition((map as Record<string, unknown>)[parts.subpath]);
      return target === undefined ? undefined : path.join(folder, target);
    }
    if (path.dirname(dir) === dir) return undefined;
  }
}

function hasSubpathKeys(exports: unknown): boolean {
  return typeof exports === "object" && exports !== null && Object.keys(exports).some((key) => key.startsWith("."));
}

function pickCondition(target: unknown): string | undefined {
  if (typeof target === "string") return target;
  if (Array.isArray(target)) {
    for (const item of target) {
      const found = pickCondition(item);
      if (found) return found;
    }
    return undefined;
  }
  if (typeof target !== "object" || target === null) return undefined;
  const conditions = target as Record<string, unknown>;
  for (const condition of ["import", "node", "default"]) {
    const found = condition in conditions ? pickCondition(conditions[condition]) : undefined;
    if (found) return found;
  }
  return undefined;
}
