import { loadManifest } from "../manifest/load.js";
import type { Manifest } from "../model/manifest.js";
import type { StagedPlan } from "../model/staged-plan.js";
import { InvalidInputError, RefusedError } from "../shared/errors.js";

/** The staged plan in `text` when it is one saved by `graft plan --out` on a staged manifest, else undefined. */
export function parseSavedStagedPlan(text: string): StagedPlan | undefined {
  if (!text.trimStart().startsWith("{")) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== "object" || value === null || (value as { format?: unknown }).format !== "graft-staged-plan")
    return undefined;
  const plan = value as StagedPlan;
  if (plan.version !== 1)
    throw new InvalidInputError(`unsupported staged plan version ${String(plan.version)} (this graft reads version 1)`);
  if (
    typeof plan.root !== "string" ||
    typeof plan.manifest?.path !== "string" ||
    !Array.isArray(plan.steps) ||
    plan.steps.some((step) => typeof step?.index !== "number" || step.plan?.format !== "graft-plan")
  )
    throw new InvalidInputError(
      "the staged plan file is incomplete: root, manifest and steps with their plans are required",
    );
  return plan;
}

/**
 * The manifest a saved staged plan was made from: its steps' gates and checks run from it, so it must still be
 * there and unchanged (refused, exit 3, when it changed since the plan was made).
 */
export async function loadStagedPlanManifest(plan: StagedPlan): Promise<Manifest> {
  const manifest = await loadManifest(plan.manifest.path, { requireSources: false });
  if (manifest.sha256 !== plan.manifest.sha256)
    throw new RefusedError(
      `plan is stale: its manifest ${plan.manifest.path} changed since the plan was made; re-run graft plan`,
    );
  return manifest;
}
