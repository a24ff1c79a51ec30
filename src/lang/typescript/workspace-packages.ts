import path from "node:path";
import picomatch from "picomatch";
import YAML from "yaml";
import type { TreeView } from "./tree-view.js";

/** One package of a workspace (npm/yarn `workspaces`, pnpm-workspace.yaml): the project's own code, not a dependency. */
export interface WorkspacePackage {
  name: string;
  /** Root-relative folder holding its package.json ("" for the root). */
  folder: string;
}

/** The workspace packages of a tree, and how a `node_modules/<name>` link maps onto their folders. */
export interface WorkspacePackages {
  byName: ReadonlyMap<string, WorkspacePackage>;
  /** The folder a path inside a `node_modules/<workspace name>` link stands for (root-relative), else undefined. */
  linkTarget(relative: string): string | undefined;
  /** True for a `node_modules` folder (or its `@scope` folder) a member would be linked into, installed or not. */
  holdsLinks(relative: string): boolean;
}

/** No workspace: nothing is linked. */
export const noWorkspace: WorkspacePackages = {
  byName: new Map(),
  linkTarget: () => undefined,
  holdsLinks: () => false,
};

/**
 * Finds the members of every workspace declared in the tree (root package.json `workspaces`, any pnpm-workspace.yaml)
 * from the scanned package.json files. A package manager links each member into node_modules; graft resolves through
 * that link whether or not it is installed, so a member's imports resolve to its source, never to a copy.
 */
export function findWorkspacePackages(view: TreeView, files: Iterable<string>): WorkspacePackages {
  const manifests: string[] = [];
  const declarations: { folder: string; patterns: string[] }[] = [];
  for (const file of files) {
    const name = file.slice(file.lastIndexOf("/") + 1);
    if (name === "package.json" && !isInNodeModules(file)) manifests.push(file);
    else if (name === "pnpm-workspace.yaml" && !isInNodeModules(file)) {
      const patterns = readPnpmPatterns(view.readText(file));
      if (patterns.length) declarations.push({ folder: folderOf(file), patterns });
    }
  }
  const parsed = new Map<string, Record<string, unknown>>();
  for (const manifest of manifests) {
    const json = parseObject(view.readText(manifest));
    if (!json) continue;
    parsed.set(folderOf(manifest), json);
    const patterns = workspacePatterns(json.workspaces);
    if (patterns.length) declarations.push({ folder: folderOf(manifest), patterns });
  }
  if (declarations.length === 0) return noWorkspace;
  const byName = new Map<string, WorkspacePackage>();
  for (const { folder: base, patterns } of declarations) {
    const include = patterns.filter((p) => !p.startsWith("!")).map(normalizePattern);
    const exclude = patterns.filter((p) => p.startsWith("!")).map((p) => normalizePattern(p.slice(1)));
    const isMember = picomatch(include, { dot: false, ignore: exclude });
    for (const [folder, json] of parsed) {
      const inside =
        base === ""
          ? folder
          : folder === base
            ? ""
            : folder.startsWith(base + "/")
              ? folder.slice(base.length + 1)
              : undefined;
      if (inside === undefined || !isMember(inside === "" ? "." : inside)) continue;
      if (typeof json.name === "string" && json.name !== "" && !byName.has(json.name))
        byName.set(json.name, { name: json.name, folder });
    }
  }
  const scopes = new Set([...byName.keys()].filter((name) => name.startsWith("@")).map((name) => name.split("/")[0]!));
  return {
    byName,
    holdsLinks(relative) {
      if (byName.size === 0 || relative.startsWith("../")) return false;
      const parts = relative.split("/");
      const last = parts[parts.length - 1]!;
      if (last === "node_modules") return true;
      return parts[parts.length - 2] === "node_modules" && scopes.has(last);
    },
    linkTarget(relative) {
      const at = relative.lastIndexOf("node_modules/");
      if (at < 0 || (at > 0 && relative[at - 1] !== "/")) return undefined;
      const rest = relative.slice(at + "node_modules/".length);
      const parts = rest.split("/");
      const name = parts[0]!.startsWith("@") ? `${parts[0]}/${parts[1] ?? ""}` : parts[0]!;
      const member = byName.get(name);
      if (!member) return undefined;
      const tail = rest.slice(name.length).replace(/^\//, "");
      return tail === "" ? member.folder : member.folder === "" ? tail : `${member.folder}/${tail}`;
    },
  };
}

function isInNodeModules(file: string): boolean {
  return file.startsWith("node_modules/") || file.includes("/node_modules/");
}

function folderOf(file: string): string {
  const folder = path.posix.dirname(file);
  return folder === "." ? "" : folder;
}

function normalizePattern(pattern: string): string {
  const trimmed = pattern.replace(/^\.\//, "").replace(/\/+$/, "");
  return trimmed === "" ? "." : trimmed;
}

function workspacePatterns(value: unknown): string[] {
  const list = Array.isArray(value)
    ? value
    : value && typeof value === "object"
      ? (value as { packages?: unknown }).packages
      : undefined;
  return Array.isArray(list) ? list.filter((p): p is string => typeof p === "string") : [];
}

function readPnpmPatterns(text: string | undefined): string[] {
  if (text === undefined) return [];
  try {
    return workspacePatterns((YAML.parse(text) as { packages?: unknown } | null)?.packages);
  } catch {
    return [];
  }
}

function parseObject(text: string | undefined): Record<string, unknown> | undefined {
  if (text === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
