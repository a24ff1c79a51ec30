import type { Manifest } from "../model/manifest.js";
import { type VerifyReport, type VerifyTreeOptions, verifyTree } from "../verify/verify-project.js";

/** Options of `verifyProject`. */
export type VerifyProjectOptions = Partial<VerifyTreeOptions>;

/** `graft verify`: every language's import verifier over the current tree, conflict markers, then `verify.commands`. */
export async function verifyProject(manifest: Manifest, options: VerifyProjectOptions = {}): Promise<VerifyReport> {
  const verifiers = options.verifiers ?? (await import("./import-verifiers.js")).importVerifiers;
  return verifyTree(manifest, { ...options, verifiers });
}
