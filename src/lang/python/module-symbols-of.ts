import type { ModuleSymbols } from "./module-symbols.js";
import { collectModuleSymbols, implicitModuleNames } from "./module-symbols.js";
import { parsePython } from "./parse-python.js";
import { scanModuleSymbols } from "./scan-module-symbols.js";

/**
 * The names a module's source binds at top level: scanned where the scanner is sure, parsed otherwise. A text nested
 * too deeply for the tree walk (which Python refuses too) has names no one can know: open, so no import from it is
 * called missing.
 */
export function moduleSymbolsOf(source: string): ModuleSymbols {
  const scanned = scanModuleSymbols(source);
  if (scanned) return scanned;
  try {
    return collectModuleSymbols(parsePython(source).rootNode);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    return { names: new Set(implicitModuleNames), open: true };
  }
}
