import { readFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { InvalidInputError } from "../../shared/errors.js";
import { parseJsonValue } from "../diff/readers/json-rows.js";

/** One call of a module experiment. */
export interface ModuleCase {
  name: string;
  args: unknown[];
}

/**
 * Loads cases from a JSON file (an array of argument arrays or {name, args} objects) or from a
 * generator module exporting them (default or `cases`: an array, or a function returning one or an iterable).
 */
export async function loadModuleCases(root: string, file: string): Promise<ModuleCase[]> {
  const absolute = path.resolve(root, file);
  let raw: unknown;
  if (file.endsWith(".json")) {
    const text = await readFile(absolute, "utf8").catch(() => {
      throw new InvalidInputError(`${file}: cannot read the cases file`);
    });
    raw = parseJsonValue(text, file, 1);
  } else {
    const loaded = (await importModule(absolute)) as { default?: unknown; cases?: unknown };
    raw = loaded.cases ?? loaded.default;
    // CommonJS interop can wrap the module once more: { default: { default: fn } }.
    if (raw !== null && typeof raw === "object" && !Array.isArray(raw) && "default" in raw) {
      const inner = raw as { default?: unknown; cases?: unknown };
      raw = inner.cases ?? inner.default;
    }
    if (typeof raw === "function") raw = await (raw as () => unknown)();
    if (raw !== null && typeof raw === "object" && !Array.isArray(raw) && Symbol.asyncIterator in raw) {
      const collected: unknown[] = [];
      for await (const item of raw as AsyncIterable<unknown>) collected.push(item);
      raw = collected;
    } else if (raw !== null && typeof raw === "object" && !Array.isArray(raw) && Symbol.iterator in raw)
      raw = [...(raw as Iterable<unknown>)];
  }
  if (!Array.isArray(raw)) throw new InvalidInputError(`${file}: expected an array of cases`);
  return raw.map((item, index) => normalizeCase(item, index, file));
}

function normalizeCase(item: unknown, index: number, file: string): ModuleCase {
  if (Array.isArray(item)) return { name: `#${index}`, args: item };
  if (item !== null && typeof item === "object" && "args" in item) {
    const record = item as { name?: unknown; args: unknown };
    if (!Array.isArray(record.args)) throw new InvalidInputError(`${file}: case ${index}: args must be an array`);
    return { name: typeof record.name === "string" ? record.name : `#${index}`, args: record.args };
  }
  throw new InvalidInputError(`${file}: case ${index}: expected [args…] or {"name", "args": [...]}`);
}

/** Imports a TypeScript or JavaScript module (TypeScript through tsx). */
export async function importModule(absolute: string): Promise<unknown> {
  try {
    if (/\.(c|m)?tsx?$/.test(absolute)) {
      const { tsImport } = await import("tsx/esm/api");
      return await tsImport(pathToFileURL(absolute).href, import.meta.url);
    }
    return await import(pathToFileURL(absolute).href);
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === "ERR_MODULE_NOT_FOUND" && String((error as Error).message).includes(absolute))
      throw new InvalidInputError(`${absolute}: no such module`);
    throw error;
  }
}
