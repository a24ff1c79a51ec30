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
  /**
   * True for paths git ignores (build output, caches), when the caller knows: an import of such a path that is not
   * there waits for a build, and a verifier lists it apart instead of failing it.
   */
  isIgnored?(path: string): boolean;
}

/** What one language's verifier found. `reported` are third-party imports listed but not failed. */
export interface ImportVerifyResult {
  unresolved: UnresolvedImport[];
  reported: UnresolvedImport[];
  checked: number;
}

/**
 * What a run changed, for a verifier that checks only the imports whose resolution can have changed: those in
 * the files the run touched and those that can name a moved path (a verifier finds them by its own pre-filter).
 * Resolution still sees the whole tree (`VerifyContext.files`).
 */
export interface VerifyScope {
  /** The run's moves, root-relative POSIX (`from` may be a file or a folder). */
  moves: readonly { from: string; to: string }[];
  /** Every path the run created, changed, moved (both ends) or removed. */
  touched: ReadonlySet<string>;
  /** Touched paths only edited in place (they exist before and after, so they change no resolution's target set). */
  edited?: ReadonlySet<string>;
  /** The bytes of a touched path before and after the run (absent on a side where it was no file), when the caller has them. */
  readTouched?(path: string): { before?: Buffer; after?: Buffer };
}

/** Resolves every import of one language in scope. Plain object, registered in pipeline/import-verifiers.ts. */
export interface ImportVerifier {
  language: "typescript" | "python";
  /** Checks the whole tree, or, given a scope, only what the run can have changed (the same verdicts on those). */
  verify(context: VerifyContext, scope?: VerifyScope): ImportVerifyResult | Promise<ImportVerifyResult>;
}
