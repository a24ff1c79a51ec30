import type { ExtractRequest, ExtractResult } from "./extract/types.js";

/** Plans an extract step, loading ts-morph (and its bundled compiler) only when an extraction actually runs. */
export async function planExtractLazily(request: ExtractRequest): Promise<ExtractResult> {
  const { planExtract } = await import("./extract/plan-extract.js");
  return planExtract(request);
}
