import type { ExtractRequest } from "../../typescript/extract/types.js";

/** What the Python extract planner needs: the TypeScript request's fields, with Python's own options instead of compiler options. */
export interface PythonExtractRequest extends Omit<ExtractRequest, "compilerOptions"> {
  /** `python.roots` of the manifest: where module names start ("." when absent). */
  roots?: readonly string[];
  /** Remove imports of the old module that only the moved code used (default: report them). */
  prune?: boolean;
}
