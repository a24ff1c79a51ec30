import path from "node:path";
import type ts from "typescript";
import { loadTypeScript } from "../../shared/typescript.js";
import { isRelativeSpecifier } from "./find-specifiers.js";
import { isNodeNextResolution } from "./load-compiler-options.js";
import type { TreeView } from "./tree-view.js";
import type { SpecifierKind } from "./types.js";
import { noWorkspace, type WorkspacePackages } from "./workspace-packages.js";

/** Where a specifier leads. */
export interface ModuleTarget {
  /** Root-relative POSIX path of the resolved file (starts with "../" when outside root). */
  path: string;
  /** True for node_modules packages and files outside root: moves never touch these. */
  isExternal: boolean;
  /** True when tsc would not resolve it but the literal path names an existing file (CSS, SVG, … imports). */
  isLiteralFile?: boolean;
  /** True when the specifier names a `.ts` file while `allowImportingTsExtensions` is off (tsc error TS5097). */
  usesTsExtension?: boolean;
}

/** Resolves specifiers like tsc does, memoized per (directory, mode, specifier). */
export interface ModuleResolver {
  options: ts.CompilerOptions;
  view: TreeView;
  /** Target of `specifier` written in `fromFile` (root-relative), or undefined when nothing resolves. */
  resolve(fromFile: string, specifier: string, kind: SpecifierKind): ModuleTarget | undefined;
}

type Mode = ts.ResolutionMode;

/**
 * Creates a resolver over `view` with the project's compiler options (a ModuleResolutionHost on the view, no Program).
 * `workspace` links each workspace package into every node_modules folder, as a package manager does, so its imports
 * resolve to the package's own files (through its package.json), installed or not.
 */
export function createResolver(
  view: TreeView,
  options: ts.CompilerOptions,
  workspace: WorkspacePackages = noWorkspace,
): ModuleResolver {
  const ts = loadTypeScript();
  const local = (file: string): string => {
    const relative = view.relativeOf(file);
    return workspace.linkTarget(relative) ?? relative;
  };
  const host: ts.ModuleResolutionHost = {
    fileExists: (file) => view.isFile(local(file)),
    directoryExists: (directory) =>
      view.isDirectory(local(directory)) || workspace.holdsLinks(view.relativeOf(directory)),
    readFile: (file) => view.readText(local(file)),
    realpath: (file) => {
      const linked = workspace.linkTarget(view.relativeOf(file));
      return linked === undefined ? file : view.absoluteOf(linked);
    },
    getCurrentDirectory: () => view.root,
    useCaseSensitiveFileNames: true,
  };
  const cache = ts.createModuleResolutionCache(view.root, (file) => file, options);
  const usesFileFormats = isNodeNextResolution(options);
  const formats = new Map<string, Mode>();
  const results = new Map<string, ModuleTarget | null>();
  const hasRootDirs = (options.rootDirs?.length ?? 0) > 0;

  const formatOf = (file: string): Mode => {
    if (!usesFileFormats) return undefined;
    const key = getModuleFormatKey(file);
    if (!formats.has(key))
      formats.set(
        key,
        ts.getImpliedNodeFormatForFile(view.absoluteOf(file), cache.getPackageJsonInfoCache(), host, options),
      );
    return formats.get(key);
  };

  const resolveWith = (fromFile: string, specifier: string, mode: Mode): ModuleTarget | undefined => {
    const directory = path.posix.dirname(fromFile);
    // A relative specifier resolves the same from every importer once joined (tsc's relative lookup only sees the
    // joined path), so key those by path: a folder imported from thousands of files is resolved once per file in it.
    // "..", "." and "x/" name the folder only (never `x.ts`): their key keeps a trailing slash.
    const key =
      isRelativeSpecifier(specifier) && !hasRootDirs
        ? `${mode ?? ""}\0${path.posix.join(directory, specifier)}${/(^|\/)\.{0,2}$/.test(specifier) ? "/" : ""}`
        : `${directory}\0${mode ?? ""}\0${specifier}`;
    const known = results.get(key);
    if (known !== undefined) return known ?? undefined;
    const resolved = ts.resolveModuleName(
      specifier,
      view.absoluteOf(fromFile),
      options,
      host,
      cache,
      undefined,
      mode,
    ).resolvedModule;
    let target: ModuleTarget | undefined;
    if (resolved) {
      const relative = view.relativeOf(resolved.resolvedFileName);
      // A workspace package resolved through its link is the project's own code: moves may touch it.
      const isOwn = !relative.startsWith("../") && !isInNodeModules(relative);
      target = { path: relative, isExternal: !isOwn };
      if (
        resolved.resolvedUsingTsExtension &&
        !options.allowImportingTsExtensions &&
        !options.rewriteRelativeImportExtensions
      )
        target.usesTsExtension = true;
    } else if (isRelativeSpecifier(specifier)) {
      const literal = path.posix.join(directory, specifier);
      if (view.isFile(literal)) target = { path: literal, isExternal: literal.startsWith("../"), isLiteralFile: true };
    }
    results.set(key, target ?? null);
    return target;
  };

  return {
    options,
    view,
    resolve(fromFile, specifier, kind) {
      if (kind === "reference-path") return resolveReferencePath(view, fromFile, specifier);
      const fileFormat = formatOf(fromFile);
      const mode = modeOf(ts, kind, fileFormat);
      const target = resolveWith(fromFile, specifier, mode);
      // Runtime-resolved forms (mocks, require.resolve) are not bound to the file's module format.
      if (target || !(kind === "mock" || kind === "require-resolve")) return target;
      return resolveWith(
        fromFile,
        specifier,
        mode === ts.ModuleKind.CommonJS ? ts.ModuleKind.ESNext : ts.ModuleKind.CommonJS,
      );
    },
  };
}

function isInNodeModules(relative: string): boolean {
  return relative.startsWith("node_modules/") || relative.includes("/node_modules/");
}

/** What fixes a file's module format: its folder (the package.json scope) and its extension; files sharing it share the format. */
export function getModuleFormatKey(file: string): string {
  return `${path.posix.dirname(file)}\0${/(\.d)?\.[^./]*$/.exec(file)?.[0] ?? ""}`;
}

function modeOf(ts: typeof import("typescript"), kind: SpecifierKind, fileFormat: Mode): Mode {
  if (kind === "require" || kind === "require-resolve" || kind === "import-equals") return ts.ModuleKind.CommonJS;
  if (kind === "dynamic-import") return ts.ModuleKind.ESNext;
  return fileFormat;
}

function resolveReferencePath(view: TreeView, fromFile: string, reference: string): ModuleTarget | undefined {
  const literal = path.posix.join(path.posix.dirname(fromFile), reference);
  // tsc adds `.ts`/`.d.ts` to a reference path without a supported extension.
  for (const candidate of [literal, literal + ".ts", literal + ".d.ts"]) {
    if (view.isFile(candidate)) return { path: candidate, isExternal: candidate.startsWith("../") };
  }
  return undefined;
}
