import { createGitignoreRules, rootIgnoreFiles } from "../scan/gitignore.js";
import { getAncestors } from "../shared/paths.js";

/**
 * A test for paths git ignores, from the `.gitignore` files among `files` (the tree a verifier reads) and the
 * repository's `.git/info/exclude` (read through `readFile`; the scan reads it too): what the project builds or
 * caches. An import of such a path that is not there waits for a build rather than being broken.
 */
export function createIgnoreTest(
  files: readonly string[],
  readFile: (path: string) => Buffer,
): (path: string) => boolean {
  const texts = new Map<string, string>();
  // An unreadable or absent file ignores nothing.
  const read = (file: string): string | undefined => {
    try {
      return readFile(file).toString("utf8");
    } catch {
      return undefined;
    }
  };
  // The root's rules: its .gitignore (when the tree holds one) and the repository's exclude file, joined as the scan
  // joins them.
  const root = rootIgnoreFiles
    .filter((file) => file !== ".gitignore" || files.includes(file))
    .map(read)
    .filter((text) => text !== undefined);
  if (root.length > 0) texts.set("", root.join("\n"));
  for (const file of files) {
    if (file === ".gitignore" || !file.endsWith("/.gitignore")) continue;
    const text = read(file);
    if (text !== undefined) texts.set(file.slice(0, -"/.gitignore".length), text);
  }
  if (texts.size === 0) return () => false;
  const rules = createGitignoreRules(texts);
  return (path) => {
    if (path.startsWith("../") || path === "..") return false;
    // Folders first, top down, as git walks: nothing inside an ignored folder is looked at.
    return getAncestors(path).some((folder) => rules.isIgnored(folder, true)) || rules.isIgnored(path, false);
  };
}
