import type { Edit } from "./edit.js";

/** A whole new file an extract step creates. */
export interface CreatedFile {
  path: string;
  content: string;
}

/** What an extract step changes, whatever the language: byte-range edits of existing files and new files, plus what happened, for the plan. */
export interface ExtractResult {
  edits: Edit[];
  creates: CreatedFile[];
  /** Names moved, requested and carried, in source order. */
  movedSymbols: string[];
  /** Private helpers moved along because only moved code used them. */
  carriedHelpers: string[];
  /** Declarations that stay in `from` and that the new module imports (exported first when private). */
  sharedHelpers: string[];
  /** Files whose imports or re-exports were re-pointed (root-relative, sorted). */
  importersUpdated: string[];
  warnings: string[];
}
