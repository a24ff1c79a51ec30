import path from "node:path";

/** Where module resolution reads a tree from: root-relative POSIX paths, no direct file-system access. */
export interface TreeSource {
  /** Absolute root. */
  root: string;
  /** Every file under root that graft scanned (root-relative POSIX). */
  files: Iterable<string>;
  readFile(path: string): Buffer;
  /** Asked only about paths outside `files` (node_modules, excluded or outside-root paths). */
  exists(path: string): boolean;
}

/** A read-only, memoized view of a tree for module resolution (root-relative POSIX paths; "" is the root). */
export interface TreeView {
  root: string;
  isFile(path: string): boolean;
  isDirectory(path: string): boolean;
  /** True for folders holding scanned files (no file-system fallback, so it costs nothing). */
  isScannedFolder(path: string): boolean;
  /** Names of the scanned files and folders directly inside a scanned folder (no file-system fallback). */
  listFolder(path: string): { files: string[]; directories: string[] };
  readText(path: string): string | undefined;
  /** Root-relative POSIX form of an absolute path (may start with "../"). */
  relativeOf(absolute: string): string;
  /** Absolute form of a root-relative path. */
  absoluteOf(relative: string): string;
}

/** Builds a view over scanned files; `isHidden` marks paths that must not be asked of `exists` (moved away). */
export function createTreeView(source: TreeSource, isHidden: (path: string) => boolean = () => false): TreeView {
  const files = new Set(source.files);
  const directories = new Set<string>([""]);
  for (const file of files) {
    for (let slash = file.lastIndexOf("/"); slash > 0; slash = file.lastIndexOf("/", slash - 1)) {
      const directory = file.slice(0, slash);
      if (directories.has(directory)) break;
      directories.add(directory);
    }
  }
  let children: Map<string, { files: string[]; directories: string[] }> | undefined;
  const listFolder = (relative: string): { files: string[]; directories: string[] } => {
    if (!children) {
      children = new Map();
      const entry = (folder: string) => {
        let known = children!.get(folder);
        if (!known) children!.set(folder, (known = { files: [], directories: [] }));
        return known;
      };
      for (const directory of directories)
        if (directory !== "") entry(parentOf(directory)).directories.push(baseName(directory));
      for (const file of files) entry(parentOf(file)).files.push(baseName(file));
    }
    return children.get(relative) ?? { files: [], directories: [] };
  };
  const existence = new Map<string, boolean>();
  const existsOutsideScan = (relative: string): boolean => {
    let known = existence.get(relative);
    if (known === undefined) {
      known = !isHidden(relative) && safeExists(source, relative);
      existence.set(relative, known);
    }
    return known;
  };
  const root = source.root.replace(/\/+$/, "") || "/";
  const prefix = root === "/" ? "/" : root + "/";
  return {
    root,
    isFile: (relative) => files.has(relative) || (!directories.has(relative) && existsOutsideScan(relative)),
    isDirectory: (relative) => directories.has(relative) || (!files.has(relative) && existsOutsideScan(relative)),
    isScannedFolder: (relative) => directories.has(relative),
    listFolder,
    readText: (relative) => {
      try {
        return source.readFile(relative).toString("utf8");
      } catch {
        return undefined;
      }
    },
    relativeOf: (absolute) => {
      if (absolute.startsWith(prefix)) return absolute.slice(prefix.length);
      if (absolute === root) return "";
      return path.posix.relative(root, absolute);
    },
    absoluteOf: (relative) => (relative === "" ? root : path.posix.join(root, relative)),
  };
}

function parentOf(relative: string): string {
  const slash = relative.lastIndexOf("/");
  return slash < 0 ? "" : relative.slice(0, slash);
}

function baseName(relative: string): string {
  return relative.slice(relative.lastIndexOf("/") + 1);
}

function safeExists(source: TreeSource, relative: string): boolean {
  try {
    return source.exists(relative);
  } catch {
    return false;
  }
}
