import type { PythonExtractRequest } from "../lang/python/extract/types.js";
import type { ExtractRequest } from "../lang/typescript/extract/types.js";
import type { ExtractResult } from "../model/extract.js";

/** Plans an extract step; the language's extractor (and its compiler) loads only when an extraction actually runs. */
export async function planExtract(request: ExtractRequest): Promise<ExtractResult> {
  const { planTypeScriptExtract } = await import("../lang/typescript/extract/plan-extract.js");
  return planTypeScriptExtract(request);
}

/** Plans an extract step out of a Python module; tree-sitter loads only when an extraction actually runs. */
export async function planPythonExtract(request: PythonExtractRequest): Promise<ExtractResult> {
  const { planPythonExtract: plan } = await import("../lang/python/extract/plan-python-extract.js");
  return plan(request);
}
