import { loadManifest } from "../manifest/load.js";
import type { Manifest } from "../model/manifest.js";
import type { StagedPlan } from "../model/staged-plan.js";
import { formatFieldPath } from "../manifest/source-map.js";
import { savedStagedPlanSchema } from "../model/plan-schema.js";
import { InvalidInputError, RefusedError } from "../shared/errors.js";
import { checkPlanRoot } from "./load-apply-input.js";

/**
 * The staged plan in `text` when it is one saved by `graft plan --out` on a staged manifest, else undefined. It is
 * checked like a saved plan (every step's operations and paths); the first problem is an InvalidInputError naming
 * the field.
 */
export function parseSavedStagedPlan(text: string, file = "plan"): StagedPlan | undefined {
  const trimmed = text.replace(/^\uFEFF/, "").trimStart();
  if (!trimmed.startsWith("{")) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(trimmed);
  } catch {
    return undefined;
  }
  if (typeof value !== "object" || value === null || (value as { format?: unknown }).format !== "graft-staged-plan")
    return undefined;
  const version = (value as { version?: unknown }).version;
  if (version !== 1)
    throw new InvalidInputError(
      `${file}: unsupported staged plan version ${String(version)} (this graft reads version 1)`,
    );
  const result = savedStagedPlanSchema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new InvalidInputError(`${file}: ${formatFieldPath(issue.path)}: ${issue.message}`);
  }
  return result.data as unknown as StagedPlan;
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
