import { createGitignoreRules } from "../scan/gitignore.js";
import { getAncestors } from "../shared/paths.js";

/**
 * A test for paths git ignores, from the `.gitignore` files among `files` (the tree a verifier reads): what the
 * project builds or caches. An import of such a path that is not there waits for a build rather than being broken.
 */
export function createIgnoreTest(
  files: readonly string[],
  readFile: (path: string) => Buffer,
): (path: string) => boolean {
  const texts = new Map<string, string>();
  for (const file of files) {
    if (file !== ".gitignore" && !file.endsWith("/.gitignore")) continue;
    try {
      texts.set(file === ".gitignore" ? "" : file.slice(0, -"/.gitignore".length), readFile(file).toString("utf8"));
    } catch {
      // An unreadable .gitignore ignores nothing.
    }
  }
  if (texts.size === 0) return () => false;
  const rules = createGitignoreRules(texts);
  return (path) => {
    if (path.startsWith("../") || path === "..") return false;
    // Folders first, top down, as git walks: nothing inside an ignored folder is looked at.
    return getAncestors(path).some((folder) => rules.isIgnored(folder, true)) || rules.isIgnored(path, false);
  };
}
