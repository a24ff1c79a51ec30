import type { MigrationPlan } from "../model/plan.js";

/**
 * The file identities (fileIdentityOf) of what a plan read, known only to the process that planned it: a saved plan
 * carries none, so apply trusts no identity it did not see itself. Held beside the plan object, not in it.
 */
const byPlan = new WeakMap<MigrationPlan, ReadonlyMap<string, string>>();

export function rememberReadIdentities(plan: MigrationPlan, identities: ReadonlyMap<string, string>): void {
  byPlan.set(plan, identities);
}

/** The identities planning saw for `plan`'s reads; empty for a plan from elsewhere (a file, another process). */
export function recallReadIdentities(plan: MigrationPlan): ReadonlyMap<string, string> {
  return byPlan.get(plan) ?? new Map();
}
