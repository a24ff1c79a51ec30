import { mkdirSync, readFileSync, readdirSync, statSync, writeFileSync, rmSync } from "node:fs";
import path from "node:path";
import { applyEdits } from "../../../../src/model/edit.js";
import type { Edit } from "../../../../src/model/edit.js";
import type { MoveRewriteContext, MoveRewriteResult, MoveRewriter } from "../../../../src/model/move-rewriter.js";
import { manifestSchema } from "../../../../src/model/manifest-schema.js";
import { isSameOrInside, rebasePath } from "../../../../src/shared/paths.js";

/** An in-memory tree: root-relative POSIX path → content. */
export type Tree = Record<string, string | Buffer>;

/** Where a path ends up after the moves (tests' own little mover, independent of the planner). */
export function movePath(p: string, moves: readonly { from: string; to: string }[]): string {
  for (const move of moves) if (isSameOrInside(p, move.from)) return rebasePath(p, move.from, move.to);
  return p;
}

/** Builds a rewrite context over an in-memory tree. */
export function contextOf(
  tree: Tree,
  moves: { from: string; to: string }[],
  manifest: Record<string, unknown> = {},
): MoveRewriteContext {
  const files = Object.keys(tree).sort();
  const folders = new Set(
    files.flatMap((f) =>
      f
        .split("/")
        .slice(0, -1)
        .map((_, i, parts) => parts.slice(0, i + 1).join("/")),
    ),
  );
  return {
    root: "/virtual",
    moves,
    files,
    newPathOf: (p) => movePath(p, moves),
    readFile: (p) => {
      const content = tree[p];
      if (content === undefined) throw new Error(`no such file ${p}`);
      return Buffer.isBuffer(content) ? content : Buffer.from(content, "utf8");
    },
    exists: (p) => p in tree || folders.has(p),
    manifest: manifestSchema.parse({ version: 1, name: "test", moves, ...manifest }),
  };
}

/** Applies edits and moves to an in-memory tree, returning the tree after the migration. */
export function applyToTree(tree: Tree, moves: { from: string; to: string }[], edits: Edit[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [file, content] of Object.entries(tree)) {
    const bytes = Buffer.isBuffer(content) ? content : Buffer.from(content, "utf8");
    const mine = edits.filter((e) => e.file === file);
    out[movePath(file, moves)] = applyEdits(bytes, mine).toString("utf8");
  }
  return out;
}

/** Runs rewriters over an in-memory tree and returns the migrated tree plus everything they returned. */
export async function rewriteTree(
  rewriters: MoveRewriter[],
  tree: Tree,
  moves: { from: string; to: string }[],
  manifest: Record<string, unknown> = {},
): Promise<{ tree: Record<string, string>; results: MoveRewriteResult[] }> {
  const context = contextOf(tree, moves, manifest);
  const results: MoveRewriteResult[] = [];
  for (const rewriter of rewriters) results.push(await rewriter.planEdits(context));
  return {
    tree: applyToTree(
      tree,
      moves,
      results.flatMap((r) => r.edits),
    ),
    results,
  };
}

/** Reads a folder into an in-memory tree. */
export function readTree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (rel: string) => {
    for (const name of readdirSync(path.join(dir, rel))) {
      const child = rel ? `${rel}/${name}` : name;
      if (name === "__pycache__") continue;
      if (statSync(path.join(dir, child)).isDirectory()) walk(child);
      else out[child] = readFileSync(path.join(dir, child), "utf8");
    }
  };
  walk("");
  return out;
}

/** Writes an in-memory tree to a folder (replacing it). */
export function writeTree(dir: string, tree: Record<string, string>): void {
  rmSync(dir, { recursive: true, force: true });
  for (const [file, content] of Object.entries(tree)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), content);
  }
}
