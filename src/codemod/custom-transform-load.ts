import { existsSync, statSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { builtinCodemods } from "../../codemods/registry.js";
import { InvalidInputError } from "../shared/errors.js";
import type { TransformFunction } from "./custom-transform-types.js";

/** A transform ready to run, with the parser it asked for and where it came from. */
export interface LoadedTransform {
  name: string;
  transform: TransformFunction;
  parser: string;
  source: string;
}

const entryNames = ["index.ts", "index.mts", "index.js", "index.mjs", "index.cjs", "transform.ts", "transform.js"];

/**
 * Loads a jscodeshift-compatible transform: a built-in codemod by name (codemods/registry.ts), or a file or folder
 * path (relative to `root`). TypeScript transforms load through tsx, so they need no build step.
 */
export async function loadCustomTransform(reference: string, root: string): Promise<LoadedTransform> {
  const builtin = builtinCodemods.find(
    (codemod) => codemod.name === reference || `codemods/${codemod.name}` === reference.replace(/\/$/, ""),
  );
  if (builtin) {
    const module = await builtin.load();
    const transform = pickTransform(module);
    if (!transform) throw new InvalidInputError(`codemod ${builtin.name}: its module has no default export function`);
    return {
      name: builtin.name,
      transform,
      parser: parserOf(transform, module.parser),
      source: `builtin:${builtin.name}`,
    };
  }
  const file = findTransformFile(path.resolve(root, reference));
  if (!file)
    throw new InvalidInputError(
      `codemod ${reference}: no built-in codemod of that name and no transform file at ${path.resolve(root, reference)}`,
    );
  const module = await importTransformModule(file);
  const transform = pickTransform(module);
  if (!transform)
    throw new InvalidInputError(
      `codemod ${reference}: ${file} has no default export function (jscodeshift's transform(file, api, options))`,
    );
  const named = module as { parser?: unknown };
  return {
    name: path
      .basename(file === path.resolve(root, reference) ? file : path.dirname(file))
      .replace(/\.[cm]?[jt]s$/, ""),
    transform,
    parser: parserOf(transform, named.parser),
    source: file,
  };
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

function parserOf(transform: TransformFunction, exported: unknown): string {
  const parser = transform.parser ?? exported;
  return typeof parser === "string" ? parser : "tsx";
}
