import { loadManifest } from "../manifest/load.js";
import type { Manifest } from "../model/manifest.js";
import type { StagedPlan } from "../model/staged-plan.js";
import { savedStagedPlanSchema } from "../model/plan-schema.js";
import { InvalidInputError, RefusedError } from "../shared/errors.js";
import { checkPlanRoot, parseSavedDocument } from "./load-apply-input.js";

/**
 * The staged plan in `text` when it is one saved by `graft plan --out` on a staged manifest, else undefined. It is
 * checked like a saved plan (every step's operations and paths).
 */
export function parseSavedStagedPlan(text: string, file = "plan"): StagedPlan | undefined {
  return parseSavedDocument<StagedPlan>(text, file, "graft-staged-plan", "staged plan", savedStagedPlanSchema);
}

/**
 * The manifest a saved staged plan was made from: its steps' gates and checks run from it, so it must still be
 * there and unchanged (refused, exit 3, when it changed since the plan was made).
 */
export async function loadStagedPlanManifest(
  plan: StagedPlan,
  options: { file?: string; here?: string } = {},
): Promise<Manifest> {
  await checkPlanRoot(plan, options.file ?? "plan", options.here ?? process.cwd());
  const manifest = await loadManifest(plan.manifest.path, { requireSources: false });
  if (manifest.sha256 !== plan.manifest.sha256)
    throw new RefusedError(
      `plan is stale: its manifest ${plan.manifest.path} changed since the plan was made; re-run graft plan`,
    );
  if (manifest.root !== plan.root)
    throw new InvalidInputError(
      `${options.file ?? "plan"}: manifest: ${plan.manifest.path} is for ${manifest.root}, not for the plan's root ${plan.root}`,
    );
  return manifest;
}
