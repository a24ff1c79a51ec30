import type { ExtractRequest } from "../lang/typescript/extract/types.js";
import type { ExtractResult } from "../model/extract.js";

/** Plans an extract step; the language's extractor (and its compiler) loads only when an extraction actually runs. */
export async function planExtract(request: ExtractRequest): Promise<ExtractResult> {
  const { planTypeScriptExtract } = await import("../lang/typescript/extract/plan-extract.js");
  return planTypeScriptExtract(request);
}
