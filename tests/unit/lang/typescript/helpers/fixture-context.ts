import { existsSync, mkdirSync, readFileSync, writeFileSync, cpSync, mkdtempSync, symlinkSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import fg from "fast-glob";
import YAML from "yaml";
import { applyEdits, type Edit } from "../../../../../src/model/edit.js";
import type { MoveRewriteContext } from "../../../../../src/model/move-rewriter.js";
import { manifestSchema, type ManifestData } from "../../../../../src/model/manifest-schema.js";
import { isSameOrInside, rebasePath } from "../../../../../src/shared/paths.js";

/** Repository root (for node_modules links in temp copies). */
export const repositoryRoot = path.resolve(import.meta.dirname, "../../../../..");

/** Lists a tree's files the way the scan stage does (root-relative POSIX, sorted), skipping expected outputs. */
export function listTree(root: string): string[] {
  return fg
    .sync(["**/*"], { cwd: root, dot: true, ignore: ["expected/**", "**/node_modules/**", "**/.git/**"] })
    .sort();
}

/** Builds a MoveRewriteContext over a folder holding `graft.yaml` (or over `manifest` when given). */
export function buildFixtureContext(root: string, manifest?: ManifestData): MoveRewriteContext {
  const data = manifest ?? manifestSchema.parse(YAML.parse(readFileSync(path.join(root, "graft.yaml"), "utf8")));
  const moves = data.moves;
  return {
    root,
    moves,
    files: listTree(root),
    newPathOf: (p) => {
      const move = moves.find((m) => isSameOrInside(p, m.from));
      return move ? rebasePath(p, move.from, move.to) : p;
    },
    readFile: (p) => readFileSync(path.join(root, p)),
    exists: (p) => existsSync(path.join(root, p)),
    manifest: data,
  };
}

/** The tree after moving every file with `newPathOf` and applying the edits (new path → bytes). */
export function applyMoveInMemory(context: MoveRewriteContext, edits: readonly Edit[]): Map<string, Buffer> {
  const byFile = new Map<string, Edit[]>();
  for (const edit of edits) byFile.set(edit.file, [...(byFile.get(edit.file) ?? []), edit]);
  const tree = new Map<string, Buffer>();
  for (const file of context.files)
    tree.set(context.newPathOf(file), applyEdits(context.readFile(file), byFile.get(file) ?? []));
  return tree;
}

/** Writes a tree into a fresh temp folder (with node_modules linked to the repository's) and returns it. */
export function writeTempTree(tree: ReadonlyMap<string, Buffer>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "graft-ts-"));
  for (const [file, bytes] of tree) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), bytes);
  }
  symlinkSync(path.join(repositoryRoot, "node_modules"), path.join(dir, "node_modules"), "dir");
  return dir;
}

/** Copies a fixture folder (minus expected/) into a temp folder with node_modules linked. */
export function copyFixture(root: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "graft-ts-"));
  cpSync(root, dir, { recursive: true, filter: (source) => !source.startsWith(path.join(root, "expected")) });
  symlinkSync(path.join(repositoryRoot, "node_modules"), path.join(dir, "node_modules"), "dir");
  return dir;
}

/** Expected outputs of a fixture: `expected/<new path>` → bytes. */
export function readExpected(root: string): Map<string, Buffer> {
  const dir = path.join(root, "expected");
  const expected = new Map<string, Buffer>();
  if (!existsSync(dir)) return expected;
  for (const file of fg.sync(["**/*"], { cwd: dir, dot: true })) expected.set(file, readFileSync(path.join(dir, file)));
  return expected;
}
