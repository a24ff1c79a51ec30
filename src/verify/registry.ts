import { pythonImportVerifier } from "../lang/python/python-import-verifier.js";
import type { ImportVerifier } from "./types.js";

/** Every language's import verifier. */
export const importVerifiers: ImportVerifier[] = [pythonImportVerifier];
