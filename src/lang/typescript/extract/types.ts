import type ts from "typescript";

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

// The language-neutral result types live in model/; re-exported here while other code still imports them from here.
export type { CreatedFile, ExtractResult } from "../../../model/extract.js";
