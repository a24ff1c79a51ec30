import type { MoveRewriter } from "./move-rewriter.js";

/** Every rewriter a move runs, in order. Their edits must not overlap; the plan rejects overlaps. */
export const moveRewriters: MoveRewriter[] = [];
