/** File extensions whose imports graft reads (TypeScript and JavaScript sources). */
export const scriptExtensions = [".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs"] as const;

const declarationExtensions = [".d.ts", ".d.mts", ".d.cts"];
const moduleExtensions = [".tsx", ".ts", ".mts", ".cts", ".jsx", ".js", ".mjs", ".cjs", ".json"];

/** True when `path` is a TypeScript or JavaScript source graft parses for imports. */
export function isScriptFile(path: string): boolean {
  return scriptExtensions.some((extension) => path.endsWith(extension));
}

/** True when `path` is a JavaScript (not TypeScript) file. */
export function isJavaScriptFile(path: string): boolean {
  return path.endsWith(".js") || path.endsWith(".jsx") || path.endsWith(".mjs") || path.endsWith(".cjs");
}

/** `path` without its module extension (`.d.ts`, `.d.css.ts`, `.ts`, `.js`, `.json`, …); unchanged when it has none. */
export function stripModuleExtension(path: string): string {
  for (const extension of declarationExtensions) {
    if (path.endsWith(extension)) return path.slice(0, -extension.length);
  }
  const slash = path.lastIndexOf("/");
  // `styles.d.css.ts` declares `styles.css` (allowArbitraryExtensions): its module name is `styles`.
  if (path.endsWith(".ts")) {
    const declaration = path.lastIndexOf(".d.", path.length - 4);
    if (declaration > slash) return path.slice(0, declaration);
  }
  for (const extension of moduleExtensions) {
    if (path.endsWith(extension)) return path.slice(0, -extension.length);
  }
  return path;
}

/** The JavaScript extension a TypeScript file is imported by under NodeNext (`.ts` → `.js`, `.mts` → `.mjs`, …). */
export function runtimeExtensionOf(path: string): string {
  if (path.endsWith(".mts") || path.endsWith(".mjs")) return ".mjs";
  if (path.endsWith(".cts") || path.endsWith(".cjs")) return ".cjs";
  if (path.endsWith(".json")) return ".json";
  return ".js";
}
