import { builtinModules } from "node:module";
import path from "node:path";
import type { ModuleTarget } from "./create-resolver.js";
import { isRelativeSpecifier, scanModuleReferences, withoutResourceQuery } from "./find-specifiers.js";
import { selectScopeFiles } from "./plan-import-edits.js";
import { listPossibleProjects } from "./project-configs.js";
import { createProjectResolver, type ProjectResolver } from "./project-resolver.js";
import { isJavaScriptFile } from "./script-files.js";
import { createTreeView } from "./tree-view.js";
import type { FoundSpecifier } from "./types.js";
import { isSameOrInside } from "../../shared/paths.js";
import type {
  ImportVerifier,
  ImportVerifyResult,
  UnresolvedImport,
  VerifyContext,
  VerifyScope,
} from "../../model/import-verifier.js";
import { createTypeScriptVerifyFilter } from "./typescript-verify-scope.js";

const builtins = new Set(builtinModules);

/** Resolves every TS/JS specifier in scope with its own project's compiler options; unresolved ones fail, missing third-party ones are reported. */
export const typescriptImportVerifier: ImportVerifier = {
  language: "typescript",
  verify: (context, scope) => verifyTypeScriptImports(context, scope),
};

/**
 * Checks every specifier of every TS/JS file in scope (see typescriptImportVerifier); given a run's scope, only
 * those of the files whose specifiers can resolve differently after it (typescript-verify-scope.ts).
 */
export function verifyTypeScriptImports(context: VerifyContext, scope?: VerifyScope): ImportVerifyResult {
  const view = createTreeView(context);
  // Each file with its own project's options and workspace packages linked, as the plan resolved it. Made on the
  // first specifier to resolve: a run whose scope leaves every script unscanned never loads the compiler.
  let resolver: ProjectResolver | undefined;
  const getResolver = () =>
    (resolver ??= createProjectResolver(view, context.files, context.manifest.typescript?.tsconfig));
  const files = selectScopeFiles(context.files, context.manifest.imports?.scope);
  const pending: { file: string; specifier: FoundSpecifier }[] = [];
  const ambient: string[] = [];
  const result: ImportVerifyResult = { unresolved: [], reported: [], checked: 0 };
  const narrowing =
    scope &&
    createTypeScriptVerifyFilter(
      context.files,
      view,
      context.readFile,
      listPossibleProjects(view, files, context.manifest.typescript?.tsconfig),
      scope,
    );

  for (const file of files) {
    const bytes = context.readFile(file);
    const isSkipped = narrowing !== undefined && !narrowing.mustScan(file, bytes);
    // A skipped file may still declare modules ambiently, which the bare names of checked files can rely on.
    if (isSkipped && !bytes.includes("declare")) continue;
    const scanned = scanModuleReferences(bytes.toString("utf8"), file);
    ambient.push(...scanned.ambientModules);
    if (isSkipped) continue;
    for (const specifier of scanned.specifiers) {
      if (narrowing && !narrowing.mayChange(file, specifier)) continue;
      result.checked++;
      const target = resolveSpecifier(getResolver(), file, specifier);
      const problem = problemOf(target, file, specifier);
      if (problem !== undefined && target === undefined && isIgnoredTarget(context, file, specifier))
        result.reported.push(unresolvedOf(file, specifier, reasons.ignored));
      else if (problem !== undefined) result.unresolved.push(unresolvedOf(file, specifier, problem));
      else if (!target) pending.push({ file, specifier });
    }
  }
  // Bare names are judged after every file is read: any file may declare them ambiently.
  const isAmbient = createAmbientMatcher(ambient);
  for (const { file, specifier } of pending) {
    const verdict = judgeBareSpecifier(view, getResolver(), file, specifier, isAmbient, scope, context.isIgnored);
    if (verdict === "ok") continue;
    (verdict === "unresolved" || verdict === "workspace" ? result.unresolved : result.reported).push(
      unresolvedOf(file, specifier, reasons[verdict]),
    );
  }
  result.unresolved.sort(compareLocations);
  result.reported.sort(compareLocations);
  return result;
}

/** Where a specifier leads; one with a bundler resource query (`./x.ts?raw`) leads where its path does. */
function resolveSpecifier(
  resolver: ProjectResolver,
  file: string,
  specifier: FoundSpecifier,
): ModuleTarget | undefined {
  const target = resolver.resolve(file, specifier.text, specifier.kind);
  const path = target ? undefined : withoutResourceQuery(specifier.text);
  if (path === undefined) return target;
  const asset = resolver.resolve(file, path, specifier.kind);
  // The bundler loads the file as an asset (`?raw`, `?url`): a `.ts` extension there is no TypeScript import.
  return asset && { path: asset.path, isExternal: asset.isExternal };
}

/** True when a relative specifier names a path git ignores (`./dist/index.js` before a build). */
function isIgnoredTarget(context: VerifyContext, file: string, specifier: FoundSpecifier): boolean {
  if (!context.isIgnored) return false;
  // `/// <reference path="../.astro/types.d.ts" />` names a path as a relative specifier does, with or without "./".
  if (specifier.kind !== "reference-path" && !isRelativeSpecifier(specifier.text)) return false;
  const spelled = withoutResourceQuery(specifier.text) ?? specifier.text;
  return context.isIgnored(path.posix.join(path.posix.dirname(file), spelled));
}

function compareLocations(a: UnresolvedImport, b: UnresolvedImport): number {
  return (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || a.line - b.line || a.column - b.column;
}

function unresolvedOf(file: string, specifier: FoundSpecifier, reason: string): UnresolvedImport {
  return {
    file,
    line: specifier.line,
    column: specifier.column,
    specifier: specifier.text,
    language: "typescript",
    reason,
  };
}

/** A failure of a path-like specifier (relative, triple-slash, .ts extension without the option) resolved to `target`; undefined otherwise. */
function problemOf(target: ModuleTarget | undefined, file: string, specifier: FoundSpecifier): string | undefined {
  // tsc accepts .ts extensions in type-only imports and declaration files without the option.
  const isExempt = specifier.kind === "mock" || specifier.kind === "import-type" || file.endsWith(".d.ts");
  if (target?.usesTsExtension && !isExempt) return "a .ts extension needs allowImportingTsExtensions";
  if (target) return undefined;
  if (specifier.kind === "reference-path") return "referenced file not found";
  if (isRelativeSpecifier(specifier.text) || specifier.text.startsWith("/")) return "cannot find module";
  return undefined;
}

const reasons = {
  unresolved: "cannot find module",
  workspace: "workspace package does not resolve (check its package.json exports/main/types)",
  ignored: "build output: a path git ignores, not there (not built yet)",
  virtual: "virtual module (a bundler plugin or an installed package's ambient declaration provides it)",
  unbuilt: "workspace package is not built (the build output its package.json names is not there)",
  "not-installed": "declared by its package but not installed",
  reported: "third-party module does not resolve",
} as const;

function judgeBareSpecifier(
  view: ReturnType<typeof createTreeView>,
  resolver: ProjectResolver,
  file: string,
  specifier: FoundSpecifier,
  isAmbient: (name: string) => boolean,
  scope: VerifyScope | undefined,
  isIgnored: ((path: string) => boolean) | undefined,
): "ok" | keyof typeof reasons {
  const name = specifier.text;
  if (name.startsWith("node:") || builtins.has(name) || isAmbient(name)) return "ok";
  // No install can provide a name that is not a package name (`@qwik-city-plan`, `virtual:pwa`, `astro:content`):
  // a bundler plugin or an installed package's ambient declaration does, which graft does not read.
  if (!isPackageName(packageNameOf(name))) return "virtual";
  // A `paths` alias or `#imports` entry that resolves nowhere is a broken project path, not a missing package.
  const aliases = resolver.aliasesOf(file);
  const alias = aliases.paths.find(({ key }) => matchesKey(key, name));
  const targets = alias ? aliasTargets(alias, aliases.pathsBase ?? "", name) : [];
  // An alias to an existing file tsc does not load (`~/styles/globals.css`) reaches it, as a relative one does.
  if (targets.some((target) => view.isFile(target))) return "ok";
  // An alias into what git ignores (`~/server/routers/_app` → generated src/server/routers/) waits for a build.
  if (isIgnored && targets.some(isIgnored)) return "ignored";
  if (name.startsWith("#") || alias) return "unresolved";
  // A workspace package is the project's own code: resolving it does not depend on an install, only on a build.
  const member = resolver.workspace.byName.get(packageNameOf(name));
  if (member) return isUnbuilt(view, member.folder, scope, isIgnored) ? "unbuilt" : "workspace";
  if (hasInstalledPackage(view, file, name)) return "reported";
  // A partly installed monorepo: a dependency the file's package declares is an install away, not a broken import.
  if (isDeclaredDependency(view, file, packageNameOf(name))) return "not-installed";
  // tsc fails on an unknown module only where it type-checks module syntax: TS files, not JS or runtime-only calls,
  // and only files a tsconfig includes (a codemod's test fixtures excluded from every project are never checked).
  const isCheckedForm =
    specifier.kind !== "mock" && specifier.kind !== "require-resolve" && specifier.kind !== "require";
  return isCheckedForm && !isJavaScriptFile(file) && resolver.isTypeChecked(file) ? "unresolved" : "reported";
}

/** Compiled JavaScript and declaration files: what a package's build writes, never its source. */
const buildOutput = /\.(c|m)?js$|\.d\.(c|m)?ts$/;

/**
 * True when what a workspace package lacks is build output: every file its package.json names (`main`, `module`,
 * `types`, `typings`, the targets of `exports`) that is not there is compiled JavaScript or a declaration file — a
 * source checkout before its build (date-fns names `./index.js` and `./index.d.ts`, written by its build). Its
 * imports are listed apart like a package that is not installed. A named file the run moved, removed or put inside a
 * moved folder never counts as unbuilt: a move that breaks a package's entry still fails the check.
 */
function isUnbuilt(
  view: ReturnType<typeof createTreeView>,
  folder: string,
  scope: VerifyScope | undefined,
  isIgnored: ((path: string) => boolean) | undefined,
): boolean {
  const manifest = folder === "" ? "package.json" : `${folder}/package.json`;
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(view.readText(manifest) ?? "null") as Record<string, unknown>;
  } catch {
    return false;
  }
  if (json === null || typeof json !== "object") return false;
  const targets: string[] = [];
  const collect = (value: unknown): void => {
    if (typeof value === "string") targets.push(value);
    else if (Array.isArray(value)) value.forEach(collect);
    else if (value !== null && typeof value === "object") Object.values(value).forEach(collect);
  };
  for (const field of ["main", "module", "types", "typings", "exports"]) collect(json[field]);
  // `build/index.js` and `./build/index.js` both name a file of the package (main and types need no "./").
  const files = targets
    .filter(
      (target) => !target.includes("*") && !target.endsWith("package.json") && !/^(\/|\.\.\/|[a-z]+:)/.test(target),
    )
    .map((target) => path.posix.join(folder, target));
  const missing = files.filter((file) => !view.isFile(file));
  const changed = (file: string) =>
    scope !== undefined && (scope.touched.has(file) || scope.moves.some((move) => isSameOrInside(file, move.from)));
  // Files that exist serve other conditions (TanStack's `@tanstack/custom-condition` names ./src/index.ts).
  // A missing file counts as build output by its kind, or where git ignores it (TanStack's `./build/index.jsx`).
  const isBuilt = (file: string) => buildOutput.test(file) || isIgnored?.(file) === true;
  return missing.length > 0 && missing.every((file) => isBuilt(file) && !changed(file));
}

/** True for an npm package name: `name` or `@scope/name`, lowercase URL-safe characters, no leading dot or underscore. */
function isPackageName(name: string): boolean {
  return /^(@[a-z0-9-~][a-z0-9-._~]*\/)?[a-z0-9-~][a-z0-9-._~]*$/i.test(name);
}

/** The DefinitelyTyped package of a package: `@types/json-schema`, `@types/babel__core` for `@babel/core`. */
function typesPackageOf(packageName: string): string {
  return `@types/${packageName.startsWith("@") ? packageName.slice(1).replace("/", "__") : packageName}`;
}

function packageNameOf(name: string): string {
  const parts = name.split("/");
  return name.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0]!;
}

/**
 * True when a package.json at or above `file`'s folder lists `packageName` among its dependencies of any kind: the
 * package's own, or a workspace root's (tools like vitest are declared once at the root and installed where every
 * package's resolution walks up to).
 */
function isDeclaredDependency(view: ReturnType<typeof createTreeView>, file: string, packageName: string): boolean {
  // A type-only dependency (`@types/json-schema`, `@types/babel__core`) declares the module it types.
  const typesName = typesPackageOf(packageName);
  for (let folder = path.posix.dirname(file); ; folder = path.posix.dirname(folder)) {
    const manifest = folder === "." ? "package.json" : `${folder}/package.json`;
    const text = view.isFile(manifest) ? view.readText(manifest) : undefined;
    if (text !== undefined) {
      let json: Record<string, unknown> | undefined;
      try {
        json = JSON.parse(text) as Record<string, unknown>;
      } catch {
        json = undefined;
      }
      const declares = ["dependencies", "devDependencies", "peerDependencies", "optionalDependencies"].some((field) => {
        const deps = json?.[field];
        return deps !== null && typeof deps === "object" && (packageName in deps || typesName in deps);
      });
      if (declares) return true;
    }
    if (folder === ".") return false;
  }
}

function hasInstalledPackage(view: ReturnType<typeof createTreeView>, file: string, name: string): boolean {
  const packageName = packageNameOf(name);
  const typesName = typesPackageOf(packageName);
  // Walk up to the file-system root like Node and tsc do, through the view (paths above root start with "../").
  for (let directory = path.posix.dirname(view.absoluteOf(file)); ; directory = path.posix.dirname(directory)) {
    const modules = view.relativeOf(path.posix.join(directory, "node_modules"));
    if (view.isDirectory(`${modules}/${packageName}`) || view.isDirectory(`${modules}/${typesName}`)) return true;
    if (directory === path.posix.dirname(directory)) return false;
  }
}

/** The root-relative paths a `paths` entry maps `name` to (its `*` replaced by what the key's `*` matched). */
function aliasTargets(alias: { key: string; substitutions: readonly string[] }, base: string, name: string): string[] {
  const star = alias.key.indexOf("*");
  const matched = star < 0 ? "" : name.slice(star, name.length - (alias.key.length - star - 1));
  return alias.substitutions.map((substitution) => path.posix.join(base, substitution.replace("*", matched)));
}

function matchesKey(key: string, name: string): boolean {
  const star = key.indexOf("*");
  if (star < 0) return key === name;
  return name.startsWith(key.slice(0, star)) && name.endsWith(key.slice(star + 1)) && name.length >= key.length - 1;
}

function createAmbientMatcher(declared: readonly string[]): (name: string) => boolean {
  const exact = new Set(declared.filter((name) => !name.includes("*")));
  const patterns = declared.filter((name) => name.includes("*"));
  return (name) => exact.has(name) || patterns.some((pattern) => matchesKey(pattern, name));
}
