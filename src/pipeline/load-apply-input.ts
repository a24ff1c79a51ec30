import { readFile } from "node:fs/promises";
import { loadManifest } from "../manifest/load.js";
import type { Manifest } from "../model/manifest.js";
import type { MigrationPlan } from "../model/plan.js";
import { InvalidInputError, RefusedError } from "../shared/errors.js";
import { isErrorCode } from "../shared/fs-port.js";
import type { RunSummary } from "../backup/types.js";
import { findAppliedRun } from "./find-applied-run.js";

/** What `graft apply` works from: a plan, and the manifest when it could be loaded; or the run that already did it. */
export type ApplyInput = PlannedInput | { alreadyApplied: RunSummary };

/** A plan to apply. */
export interface PlannedInput {
  plan: MigrationPlan;
  manifest?: Manifest;
  /** "plan" when given a saved plan.json, "manifest" when planned now. */
  source: "plan" | "manifest";
}

/**
 * Reads `graft apply`'s argument: a saved plan (format graft-plan) is used as is, with its manifest loaded
 * for verification when still present and unchanged; a manifest is planned first.
 */
export async function loadApplyInput(file: string): Promise<ApplyInput> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if (isErrorCode(error, "ENOENT")) throw new InvalidInputError(`${file}: no such file`);
    throw error;
  }
  const plan = parseSavedPlan(text);
  if (!plan) {
    let manifest: Manifest;
    try {
      manifest = await loadManifest(file);
    } catch (error) {
      // Applying a manifest twice finds its sources gone: that is done work, not an error.
      const applied = error instanceof InvalidInputError ? await findAppliedRun(file) : undefined;
      if (applied) return { alreadyApplied: applied };
      throw error;
    }
    // Planning pulls in every rewriter (and their language tooling); a saved plan does not need them.
    const { planMigration } = await import("./plan-migration.js");
    return { plan: await planMigration(manifest), manifest, source: "manifest" };
  }
  let manifest: Manifest | undefined;
  try {
    manifest = await loadManifest(plan.manifest.path);
  } catch {
    manifest = undefined; // a plan can be applied without its manifest; verification then has less to go on
  }
  if (manifest && manifest.sha256 !== plan.manifest.sha256) {
    throw new RefusedError(
      `plan is stale: its manifest ${plan.manifest.path} changed since the plan was made; re-run graft plan`,
    );
  }
  return { plan, manifest, source: "plan" };
}

/** The plan in `text` when it is a saved graft plan, else undefined (e.g. a manifest). */
export function parseSavedPlan(text: string): MigrationPlan | undefined {
  if (!text.trimStart().startsWith("{")) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== "object" || value === null || (value as { format?: unknown }).format !== "graft-plan")
    return undefined;
  const plan = value as MigrationPlan;
  if (plan.version !== 1)
    throw new InvalidInputError(`unsupported plan version ${String(plan.version)} (this graft reads version 1)`);
  if (
    typeof plan.root !== "string" ||
    !Array.isArray(plan.operations) ||
    typeof plan.reads !== "object" ||
    !Array.isArray(plan.blockers)
  ) {
    throw new InvalidInputError("the plan file is incomplete: root, operations, reads and blockers are required");
  }
  return plan;
}
