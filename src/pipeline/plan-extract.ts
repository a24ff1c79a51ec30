import type { ExtractRequest, ExtractResult } from "../lang/typescript/extract/types.js";

/** Plans an extract step, loading ts-morph (and its bundled compiler) only when an extraction actually runs. */
export async function planExtractLazily(request: ExtractRequest): Promise<ExtractResult> {
  const { planExtract } = await import("../lang/typescript/extract/plan-extract.js");
  return planExtract(request);
}
