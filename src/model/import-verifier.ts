import type { ManifestData } from "./manifest-schema.js";

/** An import specifier that does not resolve, located as `file:line:col specifier`. */
export interface UnresolvedImport {
  file: string;
  line: number;
  column: number;
  specifier: string;
  language: "typescript" | "python";
  reason?: string;
}

/** The tree a verifier checks (current state on disk, read through the caller). */
export interface VerifyContext {
  /** Absolute root. */
  root: string;
  /** Every file under root (root-relative POSIX), minus excludes. */
  files: readonly string[];
  readFile(path: string): Buffer;
  exists(path: string): boolean;
  manifest: ManifestData;
}

/** What one language's verifier found. `reported` are third-party imports listed but not failed. */
export interface ImportVerifyResult {
  unresolved: UnresolvedImport[];
  reported: UnresolvedImport[];
  checked: number;
}

/** Resolves every import of one language in scope. Plain object, registered in verify/registry.ts. */
export interface ImportVerifier {
  language: "typescript" | "python";
  verify(context: VerifyContext): ImportVerifyResult | Promise<ImportVerifyResult>;
}
