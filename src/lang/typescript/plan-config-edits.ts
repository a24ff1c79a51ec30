import path from "node:path";
import { type Node as JsonNode, parseTree } from "jsonc-parser";
import { createByteOffsetMap, type Edit } from "../../model/edit.js";
import { findPathMentions, type PathMentionContext } from "../../shared/path-mentions.js";
import { findExtendedConfigs } from "./extended-configs.js";
import { findSpecifiers } from "./find-specifiers.js";
import { scanStringsAndComments } from "./scan-literals.js";
import type { TreeView } from "./tree-view.js";

/** What a config edit planner needs: the tree before the moves and the moves. */
export interface ConfigEditInput {
  view: TreeView;
  files: readonly string[];
  moves: readonly { from: string; to: string }[];
}

/** Fields of a package.json whose strings are paths relative to the package (entry points, published files). */
const entryFields = [
  "main",
  "module",
  "types",
  "typings",
  "browser",
  "react-native",
  "source",
  "exports",
  "imports",
  "bin",
  "files",
  "typesVersions",
];

/**
 * Re-points every package.json entry field (`exports` with its conditions, `imports`, `main`, `types`, `module`,
 * `browser`, `react-native`, `source`, `bin`, `typesVersions`, `files`) whose path, relative to the package's folder,
 * lies in a moved folder or names a moved file: imports of a package (its workspace siblings', its own
 * self-references and `#imports`) then keep their bare specifiers and still reach the moved files.
 */
export function planPackageJsonEdits(input: ConfigEditInput): Edit[] {
  const edits: Edit[] = [];
  for (const file of input.files) {
    if (!file.endsWith("package.json") || !(file === "package.json" || file.endsWith("/package.json"))) continue;
    if (file.startsWith("node_modules/") || file.includes("/node_modules/")) continue;
    const text = input.view.readText(file);
    if (text === undefined || !mentionsMoved(text, input.moves)) continue;
    const tree = parseTree(text);
    if (tree?.type !== "object") continue;
    const context = mentionContext(input, file);
    const toByte = createByteOffsetMap(text);
    for (const property of tree.children ?? []) {
      const [key, value] = property.children ?? [];
      if (key?.value === undefined || !entryFields.includes(String(key.value)) || !value) continue;
      for (const node of stringValues(value)) pushMentions(edits, file, text, node, context, toByte);
    }
  }
  return edits;
}

/** tsconfig/jsconfig fields whose strings are paths relative to the config's folder, and which select a project's files. */
const projectFields = ["include", "exclude", "files", "references"];
const projectOptionFields = ["rootDir", "rootDirs", "typeRoots"];

/**
 * Re-points the file selection of every tsconfig/jsconfig (`include`, `exclude`, `files`, `references[].path`,
 * `compilerOptions.rootDir`/`rootDirs`/`typeRoots`), relative to the config's folder, whose paths lie in a moved folder
 * or name a moved file: the moved files stay in their project, so they keep its options (`paths` included).
 */
export function planProjectFileEdits(input: ConfigEditInput): Edit[] {
  const edits: Edit[] = [];
  for (const file of input.files) {
    if (!/(^|\/)(tsconfig|jsconfig)[^/]*\.json$/.test(file) || file.includes("node_modules/")) continue;
    const text = input.view.readText(file);
    if (text === undefined || !mentionsMoved(text, input.moves)) continue;
    const tree = parseTree(text, [], { allowTrailingComma: true });
    if (tree?.type !== "object") continue;
    const context = mentionContext(input, file);
    const toByte = createByteOffsetMap(text);
    const values: JsonNode[] = [];
    for (const name of projectFields) {
      const value = propertyOf(tree, name);
      if (!value) continue;
      if (name !== "references") values.push(...stringValues(value));
      else
        for (const reference of value.children ?? []) {
          const target = reference.type === "object" ? propertyOf(reference, "path") : undefined;
          if (target?.type === "string") values.push(target);
        }
    }
    const options = propertyOf(tree, "compilerOptions");
    if (options?.type === "object")
      for (const name of projectOptionFields) {
        const value = propertyOf(options, name);
        if (value) values.push(...stringValues(value));
      }
    for (const node of values) pushMentions(edits, file, text, node, context, toByte);
  }
  return edits;
}

/** One `compilerOptions.paths` substitution of a tsconfig/jsconfig in the tree. */
export interface PathsSubstitution {
  config: string;
  key: string;
  value: string;
  /** The value after the moves (the same when its target does not move). */
  next: string;
}

// Compiler options that make specifiers resolve beyond the path they spell (aliases, a base folder, merged roots).
const reachOptions = ["paths", "baseUrl", "rootDirs"];

/**
 * Re-points `compilerOptions.paths` substitutions of every tsconfig/jsconfig in the tree whose target moves (relative to
 * `baseUrl` or the config's folder), so alias imports stay aliases: `"lib": ["./src/index.ts"]` becomes
 * `["./lib/index.ts"]`, `"lib/*": ["./src/*"]` becomes `["./lib/*"]`. Returns the edits and every substitution seen.
 * The configs are the tree's tsconfig/jsconfig files and every config they extend, whatever its name: a project's
 * options are its own and those it inherits.
 */
export function planPathsEdits(input: ConfigEditInput): PathsEdits {
  const found: PathsEdits = { edits: [], substitutions: [], baseUrls: [], hasRootDirs: false, hasUnseenOptions: false };
  const { edits, substitutions } = found;
  // The tree's configs, then every config they extend (whatever its name), once each.
  const queue = input.files.filter(
    (file) => /(^|\/)(tsconfig|jsconfig)[^/]*\.json$/.test(file) && !file.includes("node_modules/"),
  );
  const queued = new Set(queue);
  const scanned = new Set(input.files);
  for (let next = 0; next < queue.length; next++) {
    const file = queue[next]!;
    const text = input.view.readText(file);
    if (text === undefined) continue;
    for (const extended of findExtendedConfigs(input.view, file, text)) {
      if (extended === null) found.hasUnseenOptions = true;
      else if (!queued.has(extended)) {
        queued.add(extended);
        queue.push(extended);
      }
    }
    if (!reachOptions.some((name) => text.includes(`"${name}"`))) continue;
    const tree = parseTree(text, [], { allowTrailingComma: true });
    const options = tree?.type === "object" ? propertyOf(tree, "compilerOptions") : undefined;
    if (options?.type !== "object") continue;
    // A config outside the scanned tree (a package's, or above the root) is never edited; what it sets is not read.
    if (!scanned.has(file) || file.includes("node_modules/")) {
      if (reachOptions.some((name) => propertyOf(options, name))) found.hasUnseenOptions = true;
      continue;
    }
    if (propertyOf(options, "rootDirs")) found.hasRootDirs = true;
    const baseUrl = propertyOf(options, "baseUrl");
    const folder = parentOf(file);
    if (typeof baseUrl?.value === "string") found.baseUrls.push(join(folder, baseUrl.value));
    const paths = propertyOf(options, "paths");
    if (paths?.type !== "object") continue;
    const base = typeof baseUrl?.value === "string" ? join(folder, baseUrl.value) : folder;
    const toByte = createByteOffsetMap(text);
    for (const entry of paths.children ?? []) {
      const [key, list] = entry.children ?? [];
      if (typeof key?.value !== "string" || list?.type !== "array") continue;
      for (const node of list.children ?? []) {
        if (node.type !== "string" || typeof node.value !== "string") continue;
        const next = rebaseSubstitution(node.value, base, input.moves);
        substitutions.push({ config: file, key: key.value, value: node.value, next: next ?? node.value });
        if (next === undefined || next === node.value) continue;
        if (text.slice(node.offset + 1, node.offset + node.length - 1) !== node.value) continue;
        edits.push({
          file,
          start: toByte(node.offset + 1),
          end: toByte(node.offset + node.length - 1),
          text: next,
          kind: "ts-config",
          before: node.value,
        });
      }
    }
  }
  return found;
}

/** The `paths` edits of a move, and what the tree's configs say about aliases (for the text pre-filter). */
export interface PathsEdits {
  edits: Edit[];
  substitutions: PathsSubstitution[];
  /** Root-relative `baseUrl` folders of the tree's configs. */
  baseUrls: string[];
  /** True when a config sets `rootDirs` (relative specifiers may then reach other folders). */
  hasRootDirs: boolean;
  /**
   * True when a config extends one that cannot be found, or one outside the scanned tree that sets `paths`, `baseUrl`
   * or `rootDirs`: what reaches a moved file is then unknown to a text test.
   */
  hasUnseenOptions: boolean;
}

/**
 * The substitution `value` (relative to `base`) after the moves, or undefined when its target does not move: an exact
 * path that is or lies in a moved path, or a wildcard whose folder before `*` does.
 */
export function rebaseSubstitution(
  value: string,
  base: string,
  moves: readonly { from: string; to: string }[],
): string | undefined {
  const star = value.indexOf("*");
  const head = star < 0 ? value : value.slice(0, star);
  if (star >= 0 && head !== "" && !head.endsWith("/")) return undefined;
  const named = join(base, head === "" ? "." : head);
  const moved = mapThroughMoves(named, moves);
  // A config that moves with its folder keeps substitutions relative to where it ends up.
  const newBase = mapThroughMoves(base, moves);
  if (moved === named && newBase === base) return undefined;
  let next = path.posix.relative(newBase, moved) || ".";
  if ((value.startsWith("./") || value === ".") && !next.startsWith("../") && next !== ".") next = `./${next}`;
  if (star < 0) return next;
  return `${next === "." ? "" : `${next}/`}${value.slice(star)}`;
}

/** Bundler and test-runner configs that define module aliases (vite/vitest `resolve.alias`, jest `moduleNameMapper`, webpack). */
const aliasConfigName = /(^|\/)(vite|vitest|jest|webpack|rspack|rollup)\.(config|workspace)(\.[^/]*)?\.[cm]?[jt]s$/;

/**
 * Re-points the path strings of bundler and test-runner configs (`resolve('./src/index.ts')`, `'<rootDir>/src/$1'`,
 * `path.resolve(__dirname, 'src')`, `coverage.include`, …), relative to the config's folder, whose target moves: with
 * `paths` updated, every alias keeps working for the bundler and test runner too, and alias imports stay as written.
 * Import specifiers of the config are the import rewriter's.
 */
export function planAliasConfigEdits(input: ConfigEditInput): Edit[] {
  const edits: Edit[] = [];
  for (const file of input.files) {
    if (!aliasConfigName.test(file) || file.includes("node_modules/")) continue;
    const text = input.view.readText(file);
    if (text === undefined || !mentionsMoved(text, input.moves)) continue;
    const context = mentionContext(input, file);
    const toByte = createByteOffsetMap(text);
    const specifiers = findSpecifiers(text, file);
    for (const range of scanStringsAndComments(text, file).strings) {
      for (const mention of findPathMentions(text, context, { ...range, isWholeString: true })) {
        if (mention.after === undefined) continue;
        const start = toByte(mention.start);
        const end = toByte(mention.end);
        if (specifiers.some((specifier) => specifier.start < end && start < specifier.end)) continue;
        edits.push({ file, start, end, text: mention.after, kind: "ts-config", before: mention.before });
      }
    }
  }
  return edits;
}

function mapThroughMoves(relative: string, moves: readonly { from: string; to: string }[]): string {
  const move = moves.find((m) => relative === m.from || relative.startsWith(m.from + "/"));
  return move ? move.to + relative.slice(move.from.length) : relative;
}

function pushMentions(
  edits: Edit[],
  file: string,
  text: string,
  node: JsonNode,
  context: PathMentionContext,
  toByte: (index: number) => number,
): void {
  const start = node.offset + 1;
  const end = node.offset + node.length - 1;
  if (text.slice(start, end) !== node.value) return;
  for (const mention of findPathMentions(text, context, { start, end, isWholeString: true })) {
    if (mention.after === undefined) continue;
    edits.push({
      file,
      start: toByte(mention.start),
      end: toByte(mention.end),
      text: mention.after,
      kind: "ts-config",
      before: mention.before,
    });
  }
}

function stringValues(node: JsonNode): JsonNode[] {
  if (node.type === "string") return [node];
  if (node.type === "array") return (node.children ?? []).flatMap(stringValues);
  if (node.type === "object") return (node.children ?? []).flatMap((property) => stringValues(property.children![1]!));
  return [];
}

function propertyOf(node: JsonNode, name: string): JsonNode | undefined {
  for (const property of node.children ?? []) {
    const [key, value] = property.children ?? [];
    if (key?.value === name) return value;
  }
  return undefined;
}

function mentionContext(input: ConfigEditInput, file: string): PathMentionContext {
  return {
    file,
    moves: input.moves,
    exists: (p) => input.view.isFile(p) || input.view.isScannedFolder(p),
    fileRelativeOnly: true,
  };
}

function mentionsMoved(text: string, moves: readonly { from: string }[]): boolean {
  return moves.some((move) => text.includes(move.from.slice(move.from.lastIndexOf("/") + 1)));
}

function join(base: string, relative: string): string {
  const joined = path.posix.normalize(path.posix.join(base, relative));
  const trimmed = joined.endsWith("/") ? joined.slice(0, -1) : joined;
  return trimmed === "." ? "" : trimmed;
}

function parentOf(file: string): string {
  const folder = path.posix.dirname(file);
  return folder === "." ? "" : folder;
}
