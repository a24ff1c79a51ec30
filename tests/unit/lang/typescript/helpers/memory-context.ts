import type { MoveRewriteContext } from "../../../../../src/model/move-rewriter.js";
import { manifestSchema } from "../../../../../src/model/manifest-schema.js";
import { isSameOrInside, rebasePath } from "../../../../../src/shared/paths.js";
import type { VerifyContext } from "../../../../../src/model/import-verifier.js";

/** An in-memory tree (no disk): root-relative path → text. Paths under node_modules are visible to resolution but not listed. */
export type MemoryTree = Record<string, string>;

/** A MoveRewriteContext over an in-memory tree; `manifest` adds fields to a minimal manifest. */
export function memoryContext(
  tree: MemoryTree,
  moves: { from: string; to: string }[],
  manifest: Record<string, unknown> = {},
): MoveRewriteContext & VerifyContext {
  const data = manifestSchema.parse({ version: 1, name: "memory", root: ".", moves, ...manifest });
  const paths = Object.keys(tree);
  return {
    root: "/virtual/project",
    moves,
    files: paths.filter((p) => !p.startsWith("node_modules/")).sort(),
    newPathOf: (p) => {
      const move = moves.find((m) => isSameOrInside(p, m.from));
      return move ? rebasePath(p, move.from, move.to) : p;
    },
    readFile: (p) => {
      const text = tree[p];
      if (text === undefined) throw Object.assign(new Error(`ENOENT: ${p}`), { code: "ENOENT" });
      return Buffer.from(text, "utf8");
    },
    exists: (p) => p === "" || p in tree || paths.some((file) => file.startsWith(p + "/")),
    manifest: data,
  };
}
