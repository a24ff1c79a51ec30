import type { ModuleSymbols } from "./module-symbols.js";
import { collectModuleSymbols } from "./module-symbols.js";
import { parsePython } from "./parse-python.js";
import { scanModuleSymbols } from "./scan-module-symbols.js";

/** The names a module's source binds at top level: scanned where the scanner is sure, parsed otherwise. */
export function moduleSymbolsOf(source: string): ModuleSymbols {
  return scanModuleSymbols(source) ?? collectModuleSymbols(parsePython(source).rootNode);
}
