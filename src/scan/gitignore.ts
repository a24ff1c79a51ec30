import ignore, { type Ignore } from "ignore";

/** The rules of a tree's `.gitignore` files (and `.git/info/exclude`), each applying to its folder and below. */
export interface GitignoreRules {
  /** True when git would ignore the path (root-relative POSIX); folders are asked before what they hold. */
  isIgnored(path: string, isDir: boolean): boolean;
}

/**
 * The files whose rules apply from the root, in the order their texts are joined (root-relative): the root
 * `.gitignore`, then the repository's `.git/info/exclude`.
 */
export const rootIgnoreFiles: readonly string[] = [".gitignore", ".git/info/exclude"];

/** Builds the rules from `.gitignore` texts keyed by the root-relative folder holding them ("" for the root). */
export function createGitignoreRules(files: ReadonlyMap<string, string>): GitignoreRules {
  const rules = [...files]
    .map(([folder, text]) => ({ folder, matcher: ignore({ allowRelativePaths: true }).add(text) as Ignore }))
    // Shallower first (the root "" before "pkg", whatever order the map has): deeper files override.
    .sort((a, b) => depthOf(a.folder) - depthOf(b.folder));
  const ignoredFolders = new Set<string>();
  return {
    isIgnored(path, isDir) {
      // git never looks inside an ignored folder, so nothing below one can be re-included.
      for (let slash = path.lastIndexOf("/"); slash > 0; slash = path.lastIndexOf("/", slash - 1)) {
        if (ignoredFolders.has(path.slice(0, slash))) return true;
      }
      let ignored = false;
      for (const { folder, matcher } of rules) {
        if (folder !== "" && !path.startsWith(`${folder}/`)) continue;
        const relative = folder === "" ? path : path.slice(folder.length + 1);
        // Deeper files take precedence: each may ignore, or re-include with a negation.
        const verdict = matcher.test(isDir ? `${relative}/` : relative);
        if (verdict.ignored) ignored = true;
        else if (verdict.unignored) ignored = false;
      }
      if (ignored && isDir) ignoredFolders.add(path);
      return ignored;
    },
  };
}

/**
 * The root `.gitignore`'s patterns as fast-glob ignore globs, so a walk never enters a big ignored folder (a
 * virtualenv, a build output). Undefined when a pattern cannot be expressed that way (negations): the walk then
 * reads everything and the rules filter afterwards, as they always do.
 */
export function toWalkIgnoreGlobs(text: string): string[] | undefined {
  const globs: string[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/(?<!\\)\s+$/, "");
    if (line === "" || line.startsWith("#")) continue;
    if (line.startsWith("!") || line.includes("\\")) return undefined;
    const folderOnly = line.endsWith("/");
    const body = line.replace(/\/$/, "");
    const anchored = body.startsWith("/") || body.includes("/");
    const pattern = body.replace(/^\//, "");
    if (pattern === "" || pattern === "**") return undefined;
    const base = anchored ? pattern : `**/${pattern}`;
    // `dist/` names folders only: skip what they hold and let the rules judge the entry itself.
    globs.push(...(folderOnly ? [`${base}/**`] : [base, `${base}/**`]));
  }
  return globs;
}

function depthOf(folder: string): number {
  return folder === "" ? 0 : folder.split("/").length;
}
