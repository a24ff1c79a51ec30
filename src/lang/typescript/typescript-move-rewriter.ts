import type { MoveRewriter } from "../../model/move-rewriter.js";
import { planImportEdits } from "./plan-import-edits.js";

/** Re-points TS/JS module specifiers (every form of IMPORT-FORMS.md) that a move breaks, keeping each specifier's style. */
export const typescriptMoveRewriter: MoveRewriter = {
  name: "typescript-imports",
  description:
    "Rewrites TypeScript/JavaScript import, export, require, mock and reference specifiers into and out of moved files",
  planEdits: (context) => planImportEdits(context),
};
