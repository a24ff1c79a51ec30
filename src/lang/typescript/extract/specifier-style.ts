import path from "node:path";
import { ts } from "ts-morph";

/** How the project spells relative specifiers: output extension (`./x.js`), source extension (`./x.ts`) or none (`./x`). */
export type SpecifierStyle = "js" | "ts" | "none";

const jsExtension = /\.[cm]?jsx?$/;
const tsExtension = /\.[cm]?tsx?$/;

/** True for `./x` and `../x` specifiers (the ones whose text depends on where the importer sits). */
export function isRelativeSpecifier(specifier: string): boolean {
  return specifier === "." || specifier === ".." || specifier.startsWith("./") || specifier.startsWith("../");
}

/** The style one relative specifier is written in. */
export function styleOfSpecifier(specifier: string): SpecifierStyle {
  if (jsExtension.test(specifier)) return "js";
  if (tsExtension.test(specifier) && !specifier.endsWith(".d.ts")) return "ts";
  return "none";
}

/** The project's style: the majority of its relative specifiers, else what its compiler options imply. */
export function detectSpecifierStyle(specifiers: readonly string[], options: ts.CompilerOptions): SpecifierStyle {
  const counts: Record<SpecifierStyle, number> = { js: 0, ts: 0, none: 0 };
  for (const specifier of specifiers) if (isRelativeSpecifier(specifier)) counts[styleOfSpecifier(specifier)]++;
  // `./x.ts` does not compile unless the options allow it (files run by tsx alone may still use it).
  const allowsTs = options.allowImportingTsExtensions === true || options.rewriteRelativeImportExtensions === true;
  if (!allowsTs) counts.ts = 0;
  const best = (Object.keys(counts) as SpecifierStyle[]).sort((a, b) => counts[b] - counts[a])[0]!;
  if (counts[best] > 0) return best;
  if (allowsTs) return "ts";
  const resolution = options.moduleResolution;
  const nodeEsm = resolution === ts.ModuleResolutionKind.Node16 || resolution === ts.ModuleResolutionKind.NodeNext;
  const module = options.module;
  return nodeEsm || module === ts.ModuleKind.Node16 || module === ts.ModuleKind.NodeNext || module === undefined
    ? "js"
    : "none";
}

/** `to` (a root-relative source path) spelled in `style`, as seen from `fromFile` (root-relative). */
export function specifierBetween(fromFile: string, to: string, style: SpecifierStyle): string {
  let relative = path.posix.relative(path.posix.dirname(fromFile), to);
  if (!relative.startsWith("../")) relative = "./" + relative;
  if (style === "ts") return relative;
  const stem = relative.replace(tsExtension, "");
  if (style === "none") return stem;
  const ext = path.posix.extname(to);
  return stem + (ext === ".mts" ? ".mjs" : ext === ".cts" ? ".cjs" : ".js");
}

/** A relative specifier written in `oldFile`, rewritten to reach the same target from `newFile` (extension kept as written). */
export function repointRelative(specifier: string, oldFile: string, newFile: string): string {
  const target = path.posix.join(path.posix.dirname(oldFile), specifier);
  let relative = path.posix.relative(path.posix.dirname(newFile), target);
  if (relative === "") return ".";
  if (specifier.endsWith("/") && !relative.endsWith("/")) relative += "/";
  return relative.startsWith("../") || relative === ".." ? relative : "./" + relative;
}

/**
 * The `paths` alias spelling of `target` (root-relative) through the pattern `written` already uses
 * (`@app/main.js` → `@app/data/features.js`), when the target lies under that pattern's folder.
 */
export function aliasSpecifierFor(
  written: string,
  target: string,
  options: ts.CompilerOptions,
  root: string,
): string | undefined {
  const base = (options as { pathsBasePath?: string }).pathsBasePath ?? options.baseUrl ?? root;
  const style = styleOfSpecifier(written);
  const spelled = specifierBetween(path.posix.join(root, "file"), path.posix.join(root, target), style).replace(
    /^\.\//,
    "",
  );
  for (const [pattern, substitutions] of Object.entries(options.paths ?? {})) {
    const star = pattern.indexOf("*");
    if (star === -1) continue;
    const [prefix, suffix] = [pattern.slice(0, star), pattern.slice(star + 1)];
    if (!written.startsWith(prefix) || !written.endsWith(suffix)) continue;
    for (const substitution of substitutions) {
      const subStar = substitution.indexOf("*");
      if (subStar === -1) continue;
      const folder = path.posix.relative(root, path.posix.join(base, substitution.slice(0, subStar)));
      const folderPrefix = folder === "" ? "" : folder + "/";
      const tail = substitution.slice(subStar + 1);
      if (folder.startsWith("..") || !spelled.startsWith(folderPrefix) || !spelled.endsWith(tail)) continue;
      return prefix + spelled.slice(folderPrefix.length, spelled.length - tail.length) + suffix;
    }
  }
  return undefined;
}
