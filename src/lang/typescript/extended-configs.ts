import path from "node:path";
import { parseTree } from "jsonc-parser";
import { joinPosix as join } from "../../shared/paths.js";
import type { TreeView } from "./tree-view.js";

/**
 * The configs a tsconfig/jsconfig `extends` (root-relative POSIX; "../" when above the root), found as TypeScript
 * finds them: a path relative to the config (`.json` added when the file without it does not exist), or a package
 * under a `node_modules` folder at or above the config's (its file, the file with `.json`, its `tsconfig` field of
 * package.json, or its `tsconfig.json`). `null` stands for an entry it cannot find: what that config sets is
 * unknown. Empty when the config extends nothing or is not JSON.
 */
export function findExtendedConfigs(view: TreeView, config: string, text: string): (string | null)[] {
  if (!text.includes('"extends"')) return [];
  const tree = parseTree(text, [], { allowTrailingComma: true });
  if (tree?.type !== "object") return [];
  const property = (tree.children ?? []).find((entry) => entry.children?.[0]?.value === "extends")?.children?.[1];
  if (property === undefined) return [];
  const values =
    property.type === "string"
      ? [property.value]
      : property.type === "array"
        ? (property.children ?? []).map((n) => n.value)
        : [];
  const folder = parentOf(config);
  return values.map((value) => (typeof value === "string" ? findExtended(view, folder, value) : null));
}

function findExtended(view: TreeView, folder: string, value: string): string | null {
  if (value.startsWith("./") || value.startsWith("../") || value === "." || value === "..")
    return firstFile(view, withJson(join(folder, value)));
  if (path.posix.isAbsolute(value)) return firstFile(view, withJson(view.relativeOf(value)));
  for (let at = folder; ; at = parentOf(at)) {
    const inModules = join(at, `node_modules/${value}`);
    const found =
      firstFile(view, withJson(inModules)) ??
      packageConfig(view, inModules) ??
      firstFile(view, [`${inModules}/tsconfig.json`]);
    if (found !== null) return found;
    if (at === "" || at.startsWith("..")) return null;
  }
}

// A package's package.json may name its config ("tsconfig" field), as TypeScript reads it.
function packageConfig(view: TreeView, packageFolder: string): string | null {
  const manifest = view.readText(`${packageFolder}/package.json`);
  if (manifest === undefined) return null;
  try {
    const field = (JSON.parse(manifest) as { tsconfig?: unknown }).tsconfig;
    return typeof field === "string" ? firstFile(view, [join(packageFolder, field)]) : null;
  } catch {
    return null;
  }
}

function withJson(file: string): string[] {
  return file.endsWith(".json") ? [file] : [file, `${file}.json`];
}

// Read, not asked isFile: outside the scanned files a view only knows that a path exists, folders included.
function firstFile(view: TreeView, candidates: readonly string[]): string | null {
  return candidates.find((candidate) => view.readText(candidate) !== undefined) ?? null;
}

function parentOf(file: string): string {
  const folder = path.posix.dirname(file);
  return folder === "." ? "" : folder;
}
