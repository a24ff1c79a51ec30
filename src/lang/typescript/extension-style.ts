import path from "node:path";
import type ts from "typescript";
import { loadTypeScript } from "../../shared/typescript.js";
import { isRelativeSpecifier } from "./find-specifiers.js";
import { runtimeExtensionOf, stripModuleExtension } from "./script-files.js";
import { relativeSpecifier } from "./specifier-style.js";

/**
 * How a project writes the extension of relative specifiers, for new ones that have no written example to follow:
 * the output's (`./x.js`), the source's (`./x.ts`) or none (`./x`).
 */
export type ExtensionStyle = "js" | "ts" | "none";

/** The extension style one relative specifier is written in. */
export function extensionStyleOf(specifier: string): ExtensionStyle {
  if (/\.[cm]?jsx?$/.test(specifier)) return "js";
  if (/\.[cm]?tsx?$/.test(specifier) && !specifier.endsWith(".d.ts")) return "ts";
  return "none";
}

/** The project's style: the majority of its relative specifiers, else what its compiler options imply. */
export function detectExtensionStyle(specifiers: readonly string[], options: ts.CompilerOptions): ExtensionStyle {
  const ts = loadTypeScript();
  const counts: Record<ExtensionStyle, number> = { js: 0, ts: 0, none: 0 };
  for (const specifier of specifiers) if (isRelativeSpecifier(specifier)) counts[extensionStyleOf(specifier)]++;
  // `./x.ts` does not compile unless the options allow it (files run by tsx alone may still use it).
  const allowsTs = options.allowImportingTsExtensions === true || options.rewriteRelativeImportExtensions === true;
  if (!allowsTs) counts.ts = 0;
  const best = (Object.keys(counts) as ExtensionStyle[]).sort((a, b) => counts[b] - counts[a])[0]!;
  if (counts[best] > 0) return best;
  if (allowsTs) return "ts";
  const resolution = options.moduleResolution;
  const nodeEsm = resolution === ts.ModuleResolutionKind.Node16 || resolution === ts.ModuleResolutionKind.NodeNext;
  const module = options.module;
  return nodeEsm || module === ts.ModuleKind.Node16 || module === ts.ModuleKind.NodeNext || module === undefined
    ? "js"
    : "none";
}

/** A relative specifier from `fromFile` to `target` (root-relative source paths) with the extension written in `style`. */
export function specifierBetween(fromFile: string, target: string, style: ExtensionStyle): string {
  const stem = stripModuleExtension(target);
  const literal = style === "ts" ? target : style === "none" ? stem : stem + runtimeExtensionOf(target);
  return relativeSpecifier(path.posix.dirname(fromFile), literal);
}
