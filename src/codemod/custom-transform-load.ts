import { existsSync, statSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { builtinCodemods } from "../../codemods/registry.js";
import { InvalidInputError } from "../shared/errors.js";
import { isParserName, parserNames, type ParserSpec } from "./choose-parser.js";
import type { TransformFunction } from "./custom-transform-types.js";
import { resolvePackageFrom } from "./resolve-package.js";

/** A transform ready to run, with the parser it asked for (if any) and where it came from. */
export interface LoadedTransform {
  name: string;
  transform: TransformFunction;
  /** The parser the transform exports: a jscodeshift name or a parser object; absent when it leaves the choice to graft. */
  parser?: ParserSpec;
  source: string;
}

const entryNames = ["index.ts", "index.mts", "index.js", "index.mjs", "index.cjs", "transform.ts", "transform.js"];

/**
 * Loads a jscodeshift-compatible transform: a built-in codemod by name (codemods/registry.ts), a file or folder path
 * relative to `root`, or an npm package (`@scope/pkg`, `pkg/sub`) resolved from `root` the way Node resolves it.
 * TypeScript transforms load through tsx, so they need no build step.
 */
export async function loadCustomTransform(reference: string, root: string): Promise<LoadedTransform> {
  const builtin = builtinCodemods.find(
    (codemod) => codemod.name === reference || `codemods/${codemod.name}` === reference.replace(/\/$/, ""),
  );
  if (builtin) {
    const module = await builtin.load();
    const transform = pickTransform(module);
    if (!transform) throw new InvalidInputError(`codemod ${builtin.name}: its module has no default export function`);
    return withParser({ name: builtin.name, transform, source: `builtin:${builtin.name}` }, module);
  }
  const asPath = findTransformFile(path.resolve(root, reference));
  const file = asPath ?? resolvePackageFrom(reference, root);
  if (!file)
    throw new InvalidInputError(
      `codemod ${reference}: no built-in codemod of that name, no transform file at ${path.resolve(root, reference)} and no package of that name installed for ${root}`,
    );
  const module = await importTransformModule(file);
  const transform = pickTransform(module);
  if (!transform)
    throw new InvalidInputError(
      `codemod ${reference}: ${file} has no default export function (jscodeshift's transform(file, api, options))`,
    );
  const name = asPath
    ? path.basename(file === path.resolve(root, reference) ? file : path.dirname(file)).replace(/\.[cm]?[jt]s$/, "")
    : reference;
  return withParser({ name, transform, source: file }, module);
}

function findTransformFile(absolute: string): string | undefined {
  if (!existsSync(absolute)) return undefined;
  if (!statSync(absolute).isDirectory()) return absolute;
  return entryNames.map((name) => path.join(absolute, name)).find((candidate) => existsSync(candidate));
}

async function importTransformModule(file: string): Promise<unknown> {
  const url = pathToFileURL(file).href;
  if (/\.[cm]?ts$/.test(file)) {
    const { tsImport } = await import("tsx/esm/api");
    return tsImport(url, import.meta.url);
  }
  return import(url);
}

// CommonJS modules arrive as { default: fn } or { default: { default: fn } } depending on the loader.
function pickTransform(module: unknown): TransformFunction | undefined {
  let candidate: unknown = module;
  for (let depth = 0; depth < 3 && candidate !== undefined; depth++) {
    if (typeof candidate === "function") return candidate as TransformFunction;
    const record = candidate as { default?: unknown; transform?: unknown };
    candidate = record.default ?? record.transform;
  }
  return undefined;
}

/** Adds the parser the transform exports (on the function, the module, or a CommonJS default object), checked. */
function withParser(loaded: Omit<LoadedTransform, "parser">, module: unknown): LoadedTransform {
  const record = module as { parser?: unknown; default?: { parser?: unknown } };
  const exported = loaded.transform.parser ?? record.parser ?? record.default?.parser;
  if (exported === undefined || exported === null) return loaded;
  if (isParserName(exported)) return { ...loaded, parser: exported };
  if (typeof exported === "object" && typeof (exported as { parse?: unknown }).parse === "function")
    return { ...loaded, parser: exported as ParserSpec };
  throw new InvalidInputError(
    `codemod ${loaded.name}: it exports parser ${JSON.stringify(exported)}; expected one of ${parserNames.join(", ")} or an object with a parse(source) method`,
  );
}
