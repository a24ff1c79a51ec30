import type { ts } from "ts-morph";
import type { Edit } from "../../../model/edit.js";

/** What `planTypeScriptExtract` needs: the project as it is, read through the caller (the codemod never touches disk). */
export interface ExtractRequest {
  /** Absolute root; paths below are root-relative POSIX. */
  root: string;
  /** Every project file in scope (root-relative POSIX); TypeScript/JavaScript sources among them are parsed. */
  files: readonly string[];
  /** Reads a file as it is before the step. */
  readFile(path: string): Buffer | string;
  /** The module the declarations leave. */
  from: string;
  /** Top-level names to move. */
  symbols: readonly string[];
  /** The module they go to (created, or appended to when it exists). */
  to: string;
  /** Leave `export { … } from "<to>"` in `from` so callers keep working (default true). */
  shim?: boolean;
  /** The project's compiler options (module resolution, `paths`, `allowImportingTsExtensions`…); NodeNext when absent. */
  compilerOptions?: ts.CompilerOptions;
}

/** A whole new file the step creates. */
export interface CreatedFile {
  path: string;
  content: string;
}

/** What the step changes: byte-range edits of existing files and new files, plus what happened, for the plan. */
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
