import { type ExecuteOptions, executePlan } from "../apply/execute-plan.js";
import type { ImportVerifier } from "../model/import-verifier.js";
import type { ManifestData } from "../model/manifest-schema.js";
import type { MigrationPlan } from "../model/plan.js";
import type { PostWriteCheck } from "../model/post-write-check.js";
import type { RunRecord } from "../backup/types.js";
import { createImportResolutionCheck } from "../verify/import-resolution-check.js";
import { createVerifyCommandsCheck } from "../verify/verify-commands-check.js";

export type { ApplyEvent } from "../apply/write-actions.js";

/** Options of `applyPlan`. */
export interface ApplyOptions extends ExecuteOptions {
  /** Check imports and run `verify.commands` after the writes (default true). */
  verify?: boolean;
  /** Import verifiers to run (default: every language's). */
  verifiers?: readonly ImportVerifier[];
}

/**
 * Applies a plan with graft's post-write checks: every import still resolves (none newly broken), then the
 * manifest's `verify.commands`, then the caller's checks (equivalence gates, type-checks). Any failure, or a
 * signal, rolls the run back. Returns the run record.
 */
export async function applyPlan(plan: MigrationPlan, options: ApplyOptions = {}): Promise<RunRecord> {
  const checks = options.verify === false ? [] : await createVerifyChecks(options.manifest, options.verifiers);
  checks.push(...(options.checks ?? []));
  return executePlan(plan, { ...options, checks });
}

/** graft's own post-write checks: every import still resolves (none newly broken), then the manifest's `verify.commands`. */
export async function createVerifyChecks(
  manifest: ManifestData | undefined,
  verifiers?: readonly ImportVerifier[],
): Promise<PostWriteCheck[]> {
  // Loaded only when a run gets this far: the verifiers pull in language tooling that takes a while to import.
  const checks = [createImportResolutionCheck(verifiers ?? (await import("./import-verifiers.js")).importVerifiers)];
  const commands = manifest?.verify?.commands ?? [];
  if (commands.length) checks.push(createVerifyCommandsCheck(commands, manifest?.verify?.timeoutSeconds));
  return checks;
}
