import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

/** Manifest file names graft looks for when a command is given none, in order. */
export const manifestFileNames = ["graft.yaml", "graft.yml", "graft.json"] as const;

/** The git work tree holding `start` (the nearest folder with a `.git` entry), or undefined. */
export function findGitRoot(start: string): string | undefined {
  for (let dir = path.resolve(start); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, ".git"))) return dir;
    if (path.dirname(dir) === dir) return undefined;
  }
}

/** The project root for a command run in `cwd`: the git work tree holding it, else `cwd` itself. */
export function findProjectRoot(cwd: string): string {
  return findGitRoot(cwd) ?? path.resolve(cwd);
}

/** `graft.yaml` (or .yml/.json) in `cwd` or a folder above it, up to the git root; undefined when none. */
export function findManifestFile(cwd: string): string | undefined {
  const stop = findGitRoot(cwd);
  for (let dir = path.resolve(cwd); ; dir = path.dirname(dir)) {
    for (const name of manifestFileNames) {
      const candidate = path.join(dir, name);
      if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
    }
    if (dir === stop || path.dirname(dir) === dir) return undefined;
  }
}

/** What graft can tell about a project from its files, for a starter manifest or a one-off move. */
export interface ProjectLayout {
  /** `tsconfig.json` (or `jsconfig.json`) at the root, root-relative. */
  tsconfig?: string;
  /** Python module roots: `["src"]` for a src layout, `["."]` otherwise; undefined when the project has no Python. */
  pythonRoots?: string[];
  /** Top-level Python packages found under the module roots. */
  pythonPackages: string[];
  /** Whether a `.gitignore` at the root says what scanning skips. */
  hasGitignore: boolean;
}

const pythonMarkers = ["pyproject.toml", "setup.cfg", "setup.py"];

/** Reads the root's files (one folder listing, no deep walk) to describe the project. */
export function detectProjectLayout(root: string): ProjectLayout {
  const names = new Set(readdirSync(root));
  const tsconfig = ["tsconfig.json", "jsconfig.json"].find((name) => names.has(name));
  const packagesIn = (folder: string) =>
    existsSync(path.join(root, folder))
      ? readdirSync(path.join(root, folder), { withFileTypes: true })
          .filter((e) => e.isDirectory() && existsSync(path.join(root, folder, e.name, "__init__.py")))
          .map((e) => (folder === "." ? e.name : `${folder}/${e.name}`))
      : [];
  const srcPackages = packagesIn("src");
  const rootPackages = packagesIn(".");
  const isPython = pythonMarkers.some((name) => names.has(name)) || srcPackages.length > 0 || rootPackages.length > 0;
  const srcLayout = srcPackages.length > 0 && rootPackages.length === 0;
  return {
    ...(tsconfig ? { tsconfig } : {}),
    ...(isPython ? { pythonRoots: srcLayout ? ["src"] : ["."] } : {}),
    pythonPackages: (srcLayout ? srcPackages : rootPackages).sort(),
    hasGitignore: names.has(".gitignore"),
  };
}
