import path from "node:path";
import type { MigrationPlan } from "../model/plan.js";
import { writeFileAtomic } from "../shared/atomic-write.js";
import { InvalidInputError } from "../shared/errors.js";
import { isErrorCode, type FsPort } from "../shared/fs-port.js";
import { getRunDir, type GraftLayout } from "./layout.js";

/** Where a run waiting for review keeps its plan: its checks need it when they run at the review. */
function reviewPlanPath(layout: GraftLayout, runId: string): string {
  return path.join(getRunDir(layout, runId), "plan.json");
}

/** Saves the plan of a run that ends "needs-review" in its run folder. */
export async function writeReviewPlan(
  fs: FsPort,
  layout: GraftLayout,
  runId: string,
  plan: MigrationPlan,
): Promise<void> {
  await writeFileAtomic(fs, reviewPlanPath(layout, runId), JSON.stringify(plan) + "\n", 0o644);
}

/** Reads the plan a run waiting for review saved; a one-line error when it is missing. */
export async function readReviewPlan(fs: FsPort, layout: GraftLayout, runId: string): Promise<MigrationPlan> {
  try {
    return JSON.parse((await fs.readFile(reviewPlanPath(layout, runId))).toString("utf8")) as MigrationPlan;
  } catch (error) {
    if (isErrorCode(error, "ENOENT"))
      throw new InvalidInputError(`run ${runId}: its plan (${reviewPlanPath(layout, runId)}) is missing`);
    throw error;
  }
}
