import { typescriptMoveRewriter } from "../lang/typescript/typescript-move-rewriter.js";
import { pythonImportRewriter } from "../lang/python/python-move-rewriter.js";
import type { MoveRewriter } from "../model/move-rewriter.js";
import { textReferenceRewriter } from "../codemod/text-references.js";

/** Every rewriter a move runs, in order. Their edits must not overlap; the plan rejects overlaps. */
export const moveRewriters: MoveRewriter[] = [typescriptMoveRewriter, pythonImportRewriter, textReferenceRewriter];
