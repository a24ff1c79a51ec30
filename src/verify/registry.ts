import type { ImportVerifier } from "./types.js";

/** Every language's import verifier. */
export const importVerifiers: ImportVerifier[] = [];
