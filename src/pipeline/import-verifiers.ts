import { pythonImportVerifier } from "../lang/python/python-import-verifier.js";
import type { ImportVerifier } from "../model/import-verifier.js";
import { typescriptImportVerifier } from "../lang/typescript/typescript-import-verifier.js";

/** Every language's import verifier. */
export const importVerifiers: ImportVerifier[] = [typescriptImportVerifier, pythonImportVerifier];
