import path from "node:path";
import type ts from "typescript";
import { isRelativeSpecifier } from "./find-specifiers.js";
import { stripModuleExtension } from "./script-files.js";
import type { TreeView } from "./tree-view.js";
import type { SpecifierKind } from "./types.js";

/** How a specifier names its target; `literal` is the root-relative path the text spells (before extension probing). */
export type SpecifierStyle =
  | { form: "relative"; literal: string; trailingSlash: boolean; dotBeforeParent?: boolean }
  | { form: "reference"; literal: string; dotPrefix: boolean }
  | { form: "alias"; key: string; literal: string }
  | { form: "base-url"; literal: string }
  | { form: "bare" };

/** tsconfig `paths` and `baseUrl` as root-relative folders. */
export interface AliasConfig {
  paths: readonly { key: string; substitutions: readonly string[] }[];
  /** Root-relative folder `paths` substitutions are relative to. */
  pathsBase?: string;
  /** Root-relative `baseUrl`, when set. */
  baseUrl?: string;
}

/** Extracts `paths`/`baseUrl` from compiler options (which hold absolute paths) relative to the view's root. */
export function readAliasConfig(options: ts.CompilerOptions, view: TreeView): AliasConfig {
  const baseUrl = options.baseUrl === undefined ? undefined : view.relativeOf(options.baseUrl);
  const pathsBasePath = options.pathsBasePath;
  const pathsBase = baseUrl ?? (typeof pathsBasePath === "string" ? view.relativeOf(pathsBasePath) : undefined);
  const paths = Object.entries(options.paths ?? {}).map(([key, substitutions]) => ({ key, substitutions }));
  return { paths, pathsBase, baseUrl };
}

/** Works out which style `specifier` (written in `fromFile`, resolving to `target`) uses. */
export function describeSpecifier(
  specifier: string,
  kind: SpecifierKind,
  fromFile: string,
  target: string,
  aliases: AliasConfig,
): SpecifierStyle {
  const directory = path.posix.dirname(fromFile);
  if (kind === "reference-path") {
    return {
      form: "reference",
      literal: path.posix.join(directory, specifier),
      dotPrefix: isRelativeSpecifier(specifier),
    };
  }
  if (isRelativeSpecifier(specifier)) {
    const style: SpecifierStyle = {
      form: "relative",
      literal: joinLiteral(directory, specifier),
      trailingSlash: specifier.endsWith("/"),
    };
    // `./../x` is a project's way of writing `../x`: keep it.
    if (specifier.startsWith("./..")) style.dotBeforeParent = true;
    return style;
  }
  if (aliases.pathsBase !== undefined) {
    for (const { key, substitutions } of aliases.paths) {
      const captured = matchPattern(key, specifier);
      if (captured === undefined) continue;
      for (const substitution of substitutions) {
        const literal = path.posix.join(aliases.pathsBase, substitution.replace("*", captured));
        if (mapLiteralToTarget(literal, target, target) !== undefined) return { form: "alias", key, literal };
      }
    }
  }
  if (aliases.baseUrl !== undefined) {
    const literal = path.posix.join(aliases.baseUrl, specifier);
    if (mapLiteralToTarget(literal, target, target) !== undefined) return { form: "base-url", literal };
  }
  return { form: "bare" };
}

/**
 * Given the path a specifier spells (`literal`) and the file it resolved to (`target`), returns the path the same
 * spelling gives for `newTarget`: exact files stay exact, extensionless stays extensionless, `.js` for `.ts` stays
 * `.js`, a folder import stays a folder import. Undefined when the relation does not carry over.
 */
export function mapLiteralToTarget(literal: string, target: string, newTarget: string): string | undefined {
  if (literal === target) return newTarget;
  // The root folder itself (`require('../..')` reaching `index.js` at the root): its tail is the whole target.
  if (literal === "")
    return ("/" + newTarget).endsWith("/" + target) ? path.posix.dirname("/" + newTarget).slice(1) : undefined;
  if (target.startsWith(literal)) {
    const tail = target.slice(literal.length);
    if ((tail.startsWith(".") || tail.startsWith("/")) && newTarget.endsWith(tail))
      return newTarget.slice(0, newTarget.length - tail.length);
    return undefined;
  }
  const base = stripModuleExtension(target);
  if (base !== target && literal.startsWith(base)) {
    const suffix = literal.slice(base.length);
    if (suffix.startsWith(".") && !suffix.includes("/")) return stripModuleExtension(newTarget) + suffix;
  }
  return undefined;
}

/** Spells `newLiteral` as seen from `newFile` in `style`, falling back to a relative specifier when the alias no longer covers it. */
export function formatSpecifier(
  style: Exclude<SpecifierStyle, { form: "bare" }>,
  newFile: string,
  newLiteral: string,
  aliases: AliasConfig,
): string {
  if (style.form === "alias") {
    const ordered = [
      ...aliases.paths.filter((entry) => entry.key === style.key),
      ...aliases.paths.filter((entry) => entry.key !== style.key),
    ];
    for (const entry of ordered) {
      const specifier = aliasFor(entry.key, entry.substitutions, newLiteral, aliases.pathsBase ?? "");
      if (specifier !== undefined) return specifier;
    }
  }
  if (style.form === "base-url" && aliases.baseUrl !== undefined) {
    const inside = aliases.baseUrl === "" ? newLiteral : path.posix.relative(aliases.baseUrl, newLiteral);
    if (inside !== "" && !inside.startsWith("../") && inside !== "..") return inside;
  }
  return relativeSpecifier(path.posix.dirname(newFile), newLiteral, style);
}

/** A relative specifier from `directory` to `literal`, always starting with `./` or `../` (bar triple-slash paths written without one). */
export function relativeSpecifier(directory: string, literal: string, style?: SpecifierStyle): string {
  let relative = path.posix.relative(directory, literal);
  if (relative === "") relative = ".";
  else if (relative !== ".." && !relative.startsWith("../"))
    relative = style?.form === "reference" && !style.dotPrefix ? relative : "./" + relative;
  if (style?.form === "relative" && style.dotBeforeParent && (relative === ".." || relative.startsWith("../")))
    relative = "./" + relative;
  if (style?.form === "relative" && style.trailingSlash && !relative.endsWith("/")) relative += "/";
  return relative;
}

/** The root-relative path a relative specifier spells ("" for the root itself, which path.join writes "."). */
function joinLiteral(directory: string, specifier: string): string {
  const joined = path.posix.join(directory, specifier);
  return joined === "." || joined === "./" ? "" : joined;
}

function matchPattern(key: string, specifier: string): string | undefined {
  const star = key.indexOf("*");
  if (star < 0) return key === specifier ? "" : undefined;
  const prefix = key.slice(0, star);
  const suffix = key.slice(star + 1);
  if (specifier.length < prefix.length + suffix.length || !specifier.startsWith(prefix) || !specifier.endsWith(suffix))
    return undefined;
  return specifier.slice(prefix.length, specifier.length - suffix.length);
}

function aliasFor(key: string, substitutions: readonly string[], literal: string, base: string): string | undefined {
  const star = key.indexOf("*");
  for (const substitution of substitutions) {
    const subStar = substitution.indexOf("*");
    if (star < 0 || subStar < 0) {
      if (star < 0 && subStar < 0 && path.posix.join(base, substitution) === literal) return key;
      continue;
    }
    const rawPrefix = substitution.slice(0, subStar);
    const suffix = substitution.slice(subStar + 1);
    const folderPrefix = joinPrefix(base, rawPrefix);
    if (
      !literal.startsWith(folderPrefix) ||
      !literal.endsWith(suffix) ||
      literal.length < folderPrefix.length + suffix.length
    )
      continue;
    const captured = literal.slice(folderPrefix.length, literal.length - suffix.length);
    if (captured === "") continue;
    return key.slice(0, star) + captured + key.slice(star + 1);
  }
  return undefined;
}

// "./src/lib/" under base "" must compare as "src/lib/", and "./" as "" (join keeps or drops slashes inconsistently).
function joinPrefix(base: string, rawPrefix: string): string {
  const isFolder = rawPrefix === "" || rawPrefix.endsWith("/");
  let joined = path.posix.normalize(path.posix.join(base, rawPrefix === "" ? "." : rawPrefix));
  if (joined.endsWith("/")) joined = joined.slice(0, -1);
  if (joined === ".") joined = "";
  return isFolder && joined !== "" ? joined + "/" : joined;
}
