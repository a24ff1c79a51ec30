import type { MigrationPlan } from "../model/plan.js";
import type { FileIdentity } from "./file-identity.js";

/**
 * The file identities (file-identity.ts) of what a plan read, known only to the process that planned it: a saved
 * plan carries none, so apply trusts no identity it did not see itself. Held beside the plan object, not in it.
 */
const byPlan = new WeakMap<MigrationPlan, ReadonlyMap<string, FileIdentity>>();

export function rememberReadIdentities(plan: MigrationPlan, identities: ReadonlyMap<string, FileIdentity>): void {
  byPlan.set(plan, identities);
}

/** The identities planning saw for `plan`'s reads; empty for a plan from elsewhere (a file, another process). */
export function recallReadIdentities(plan: MigrationPlan): ReadonlyMap<string, FileIdentity> {
  return byPlan.get(plan) ?? new Map();
}
